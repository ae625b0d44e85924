"""Read a JOBS file and validate every line before anything is sent.

Each line is checked for JSON, its keys (:func:`seedance.batch.jobs.job_keys`), its ``id``
(unique, usable as a file name) and then by the SDK's own validator
(``client.videos.validate``: the spec's rules, the image rules). Any bad line stops the
batch: :class:`JobsFileError` lists every one, by line number and field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from seedance._plan import Request
from seedance.batch.jobs import (
    ID_KEY,
    IMAGE_KEY,
    Job,
    create_arguments,
    job_keys,
    required_keys,
    to_jobs_key,
)
from seedance.errors import Problem, RequestValidationError

__all__ = ["JobsFileError", "LineProblem", "load_jobs"]

Validate = Callable[..., Request]
# the SDK's request layout, and its name for the JOBS ``image``
_MEDIA_FIELDS = {"media[0]": "prompt", "media[1]": IMAGE_KEY, "first_frame": IMAGE_KEY}
_SHOWN = 20
_REQUIRED = "required"


@attrs.frozen
class LineProblem:
    """What is wrong with one line of a JOBS file."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


class JobsFileError(Exception):
    """The JOBS file has bad lines (``.problems``); nothing was sent."""

    def __init__(self, path: Path, problems: list[LineProblem]) -> None:
        self.path = path
        self.problems = problems
        lines = sorted({p.line for p in problems})
        shown = "; ".join(map(str, problems[:_SHOWN]))
        more = f"; and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
        super().__init__(f"{path}: {len(lines)} invalid line(s), nothing was sent: {shown}{more}")


def _jobs_field(sdk_field: str) -> str:
    for prefix, key in _MEDIA_FIELDS.items():
        if sdk_field.startswith(prefix):
            return key
    return to_jobs_key(sdk_field)


def _from_sdk(number: int, problem: Problem) -> LineProblem:
    message = problem.message.removeprefix(f"{problem.field}: ")
    return LineProblem(number, _jobs_field(problem.field), message)


def _name(number: int, value: Any) -> tuple[str | None, str | None]:
    """(name, problem) for the line's ``id``."""
    if value is None:
        return str(number), None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None, f"expected a string, got {value!r}"
    name = str(value)
    if not name or name.startswith(".") or "/" in name or "\\" in name or "\0" in name:
        return None, f"{name!r} cannot be a file name (no '/', no leading '.', not empty)"
    return name, None


def _check_line(
    number: int, text: str, base: Path, validate: Validate
) -> tuple[Job | None, list[LineProblem]]:
    try:
        line = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [LineProblem(number, "line", f"not JSON: {exc.msg} at column {exc.colno}")]
    if not isinstance(line, dict):
        return None, [LineProblem(number, "line", f"expected a JSON object, got {text[:40]!r}")]
    problems = [
        LineProblem(number, key, f"unknown field; expected one of {sorted(job_keys())}")
        for key in line
        if key not in job_keys()
    ]
    problems += [LineProblem(number, key, _REQUIRED) for key in required_keys() if key not in line]
    name, bad_id = _name(number, line.get(ID_KEY))
    if bad_id:
        problems.append(LineProblem(number, ID_KEY, bad_id))
    if any(p.message == _REQUIRED for p in problems):
        return None, problems  # the SDK cannot be called without a required key
    known = {key: value for key, value in line.items() if key in job_keys()}
    try:
        request = validate(**create_arguments(known, base))
    except RequestValidationError as exc:
        problems += [_from_sdk(number, p) for p in exc.problems]
    except TypeError as exc:  # a value of the wrong JSON type the SDK cannot take
        problems.append(LineProblem(number, "line", str(exc)))
    if problems:
        return None, problems
    return Job(line=number, name=name or str(number), request=request), []


def load_jobs(path: Path, validate: Validate) -> list[Job]:
    """Every job of the JOBS file at ``path`` (blank lines skipped; local images relative
    to the file's folder), or :class:`JobsFileError` listing every bad line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise JobsFileError(path, [LineProblem(0, "file", f"cannot read it: {exc}")]) from exc
    jobs: list[Job] = []
    problems: list[LineProblem] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        job, found = _check_line(number, raw, path.parent, validate)
        problems += found
        if job is None:
            continue
        if job.name in seen:
            problems.append(
                LineProblem(number, ID_KEY, f"{job.name!r} is also the id of line {seen[job.name]}")
            )
            continue
        seen[job.name] = number
        jobs.append(job)
    if not jobs and not problems:
        problems.append(LineProblem(0, "file", "no jobs: expected one JSON object per line"))
    if problems:
        raise JobsFileError(path, problems)
    return jobs
