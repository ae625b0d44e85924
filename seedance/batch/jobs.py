"""One line of a JOBS file: the create arguments and the output name.

A line is a JSON object whose keys are the SDK's create arguments (:class:`CreateArgs`:
``model``, ``last_frame``, ``reference_images``, ``reference_videos``, ``reference_audios``,
``seconds``, …), with ``image`` for ``first_frame``, any other field a vendored model's page
defines (``camera_fixed``, ``draft``, …), plus ``id``: the output name (``DIR/<id>.mp4``, else
``DIR/<line number>.mp4``). The allowed keys are read from ``CreateArgs`` itself and from the
catalogue of vendored pages, so a new SDK argument or a new page's field is a new JOBS key
without a change here. Every image argument (those ``CreateArgs`` types as taking a
:class:`~pathlib.Path`) may be a local file, relative to the JOBS file.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Required, get_args, get_origin, get_type_hints

import attrs

from seedance._images import first_frame_of
from seedance._plan import CreateArgs, Request
from seedance.catalogue import catalogue

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
_HINTS = get_type_hints(CreateArgs, include_extras=True)
_REQUIRED = frozenset(  # Required[...] (postponed annotations leave __required_keys__ empty)
    name for name, hint in _HINTS.items() if get_origin(hint) is Required
)


def _takes_path(hint: Any) -> bool:
    return hint is Path or any(_takes_path(arg) for arg in get_args(hint))


#: The image arguments: one image each, or a list of images (a local file is a Path).
_IMAGES = frozenset(name for name, hint in _HINTS.items() if _takes_path(hint))


def to_jobs_key(argument: str) -> str:
    """The JOBS key of an SDK argument (``first_frame`` is ``image``)."""
    return IMAGE_KEY if argument == _FIRST_FRAME else argument


@functools.cache
def job_keys() -> frozenset[str]:
    """Every key a JOBS line may have: the SDK's create arguments, every field of every
    vendored model's pages, and ``id``."""
    fields = {name for model in catalogue().models.values() for name in model.fields}
    arguments = set(CreateArgs.__annotations__) | fields
    return frozenset({ID_KEY, *map(to_jobs_key, arguments)})


def _image_of(value: Any, base: Path) -> Any:
    return first_frame_of(value, base) if isinstance(value, str) else value


def required_keys() -> tuple[str, ...]:
    """The keys every line must have: the create arguments the SDK requires."""
    return tuple(to_jobs_key(name) for name in CreateArgs.__annotations__ if name in _REQUIRED)


def create_arguments(line: dict[str, Any], base: Path) -> dict[str, Any]:
    """The SDK keyword arguments for a JOBS line (every image argument, ``image`` included, as a
    URL or a file under ``base``)."""
    arguments: dict[str, Any] = {}
    for key, value in line.items():
        if key == ID_KEY:
            continue
        name = _FIRST_FRAME if key == IMAGE_KEY else key
        if name in _IMAGES and isinstance(value, list):
            arguments[name] = [_image_of(item, base) for item in value]
        elif name in _IMAGES:
            arguments[name] = _image_of(value, base)
        else:
            arguments[name] = value
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
