"""The one redaction of the API key, for the SDK, the command line and the contract harness.

Whatever a gateway echoes, the key never leaves in text: :func:`redact` replaces every
occurrence of the whole key and every run of :data:`MIN_REDACTED_RUN` or more of its
consecutive characters (so a key cut by an excerpt, or echoed in part, leaves no usable
part). It is applied before any cut, never after. :func:`redact_data` does the same to every
string of a decoded JSON value (keys included).

Exceptions of the SDK are redacted where they are made (:mod:`seedance.errors`), with the key
of the call they belong to: :func:`secret_scope` makes it known for the duration of a call.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

__all__ = [
    "MIN_REDACTED_RUN",
    "REDACTED",
    "current_secret",
    "redact",
    "redact_data",
    "secret_scope",
]

#: A run of this many consecutive characters of the key is redacted wherever it appears.
MIN_REDACTED_RUN = 6
#: What stands where the key (or a run of it) was.
REDACTED = "<redacted>"
_SECRET: ContextVar[str | None] = ContextVar("seedance_secret", default=None)


@functools.lru_cache(maxsize=8)
def _secret_pattern(secret: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Every run of ``MIN_REDACTED_RUN`` characters of ``secret`` (a shorter key as a token),
    and what a text must contain for the pattern to match at all (the runs, or the key)."""
    if len(secret) < MIN_REDACTED_RUN:
        token = f"(?<![A-Za-z0-9])(?=({re.escape(secret)}))(?!.{{{len(secret)}}}[A-Za-z0-9])"
        return re.compile(token, re.DOTALL), (secret,)
    runs = sorted(
        {secret[i : i + MIN_REDACTED_RUN] for i in range(len(secret) - MIN_REDACTED_RUN + 1)}
    )
    return re.compile("(?=(" + "|".join(re.escape(run) for run in runs) + "))"), tuple(runs)


def redact(text: str, secret: str | None) -> str:
    """``text`` with the key replaced by :data:`REDACTED`: every occurrence of the whole key
    and every run of :data:`MIN_REDACTED_RUN` or more of its consecutive characters.

    A key shorter than that is redacted wherever it stands as a token (not inside a longer run
    of letters and digits, where it cannot be told from ordinary words: ``k`` in "network").
    """
    if not secret or not text:
        return text
    pattern, needles = _secret_pattern(secret)
    if not any(needle in text for needle in needles):  # the usual case, at C speed
        return text
    spans: list[list[int]] = []
    for match in pattern.finditer(text):
        start, end = match.start(1), match.end(1)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    if not spans:
        return text
    out, position = [], 0
    for start, end in spans:
        out += [text[position:start], REDACTED]
        position = end
    out.append(text[position:])
    return "".join(out)


def redact_data(value: Any, secret: str | None) -> Any:
    """``value`` (a decoded JSON value) with :func:`redact` applied to every string in it."""
    if not secret:
        return value
    if isinstance(value, str):
        return redact(value, secret)
    if isinstance(value, dict):
        return {redact_data(k, secret): redact_data(v, secret) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_data(item, secret) for item in value]
    return value


def current_secret() -> str | None:
    """The key of the call in progress (see :func:`secret_scope`), else ``None``."""
    return _SECRET.get()


@contextlib.contextmanager
def secret_scope(secret: str | None) -> Iterator[None]:
    """Inside the block, errors made by the SDK redact ``secret``."""
    token = _SECRET.set(secret)
    try:
        yield
    finally:
        _SECRET.reset(token)
