"""One line of a JOBS file: the create arguments and the output name.

A line is a JSON object whose keys are the SDK's create arguments (:class:`CreateArgs`),
with ``image`` for ``first_frame``, plus ``id``: the output name (``DIR/<id>.mp4``, else
``DIR/<line number>.mp4``). The allowed keys are read from ``CreateArgs`` itself, so a new
SDK argument is a new JOBS key without a change here.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Required, get_origin, get_type_hints

import attrs

from seedance._images import first_frame_of
from seedance._plan import CreateArgs, Request

__all__ = [
    "ID_KEY",
    "IMAGE_KEY",
    "Job",
    "create_arguments",
    "job_keys",
    "required_keys",
    "to_jobs_key",
]

ID_KEY = "id"
IMAGE_KEY = "image"
_FIRST_FRAME = "first_frame"
_NOT_IN_JOBS = frozenset({"model"})  # the spec's only model; not a per-job choice
_REQUIRED = frozenset(  # Required[...] (postponed annotations leave __required_keys__ empty)
    name
    for name, hint in get_type_hints(CreateArgs, include_extras=True).items()
    if get_origin(hint) is Required
)


def to_jobs_key(argument: str) -> str:
    """The JOBS key of an SDK argument (``first_frame`` is ``image``)."""
    return IMAGE_KEY if argument == _FIRST_FRAME else argument


@functools.cache
def job_keys() -> frozenset[str]:
    """Every key a JOBS line may have."""
    arguments = set(CreateArgs.__annotations__) - _NOT_IN_JOBS
    return frozenset({ID_KEY, *map(to_jobs_key, arguments)})


def required_keys() -> tuple[str, ...]:
    """The keys every line must have: the create arguments the SDK requires."""
    return tuple(to_jobs_key(name) for name in CreateArgs.__annotations__ if name in _REQUIRED)


def create_arguments(line: dict[str, Any], base: Path) -> dict[str, Any]:
    """The SDK keyword arguments for a JOBS line (``image`` as a URL or a file under ``base``)."""
    arguments: dict[str, Any] = {}
    for key, value in line.items():
        if key == ID_KEY:
            continue
        if key == IMAGE_KEY:
            arguments[_FIRST_FRAME] = (
                first_frame_of(value, base) if isinstance(value, str) else value
            )
        else:
            arguments[key] = value
    return arguments


@attrs.frozen
class Job:
    """A validated job: its line number, output name and the request to send."""

    line: int
    name: str
    request: Request = attrs.field(eq=False, repr=False)

    def output(self, out_dir: Path) -> Path:
        """Where the job's video is saved."""
        return out_dir / f"{self.name}.mp4"
