"""A task id: what a usable one is, and how it goes into a URL path.

An id comes from the gateway's answer and is used again in URLs (and, by the command line,
in file names), so it is checked before use: a non-empty string of at most
:data:`MAX_TASK_ID_CHARS` characters, without control characters. In a path it is always one
segment: every character outside the unreserved set is percent-encoded, and ``.`` and ``..``
(which a URL parser would resolve as "this" and "the parent" directory) become ``%2E`` and
``%2E%2E``. The SDK and the contract harness fill ids into paths with :func:`task_path` only.
"""

from __future__ import annotations

import unicodedata
from typing import Protocol
from urllib.parse import quote

__all__ = ["MAX_TASK_ID_CHARS", "PathTemplate", "id_segment", "task_id_problem", "task_path"]

#: The longest task id accepted (characters); the gateway's ids are ``task_`` + 32.
MAX_TASK_ID_CHARS = 256
_DOT_SEGMENTS = frozenset({".", ".."})


class PathTemplate(Protocol):
    """An operation's path template and the names of its path parameters (the bundle's
    ``OperationInfo`` is one)."""

    @property
    def path(self) -> str: ...

    @property
    def path_params(self) -> tuple[str, ...]: ...


def task_id_problem(value: object) -> str | None:
    """Why ``value`` is not a usable task id (``None``: it is one)."""
    if not isinstance(value, str):
        return f"the task id is {type(value).__name__}, not a string"
    if not value.strip():
        return "the task id is empty"
    if len(value) > MAX_TASK_ID_CHARS:
        return f"the task id is {len(value)} characters long, over {MAX_TASK_ID_CHARS}"
    if any(unicodedata.category(char).startswith("C") for char in value):
        return "the task id holds control characters"
    return None


def id_segment(task_id: str) -> str:
    """``task_id`` as one URL path segment (``.`` and ``..`` included)."""
    if task_id in _DOT_SEGMENTS:
        return task_id.replace(".", "%2E")
    return quote(task_id, safe="")


def task_path(op: PathTemplate, task_id: str) -> str:
    """``op.path`` with its path parameter filled in with ``task_id`` as one segment."""
    path = op.path
    for name in op.path_params:
        path = path.replace("{" + name + "}", id_segment(task_id))
    return path
