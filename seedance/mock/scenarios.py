"""Scenarios: Prism-style ``Prefer`` request header (and the same syntax as start-up option).

Syntax: ``Prefer: key=value[, key=value ...]`` (``,`` or ``;`` separate tokens, keys are
case-insensitive; preferences the mock does not know are ignored, as RFC 7240 asks, but a
bad value for one it knows is a 400 that says what is expected):

==========================  ================================================================
``code=N``                  answer status ``N``, an error status the operation documents
                            (in a request's header any other is a 400 listing them; a
                            start-up ``code`` skips the operations that do not document it)
``retry-after=S``           the ``Retry-After`` seconds sent with ``code=429`` (default 1)
``scenario=bare-429``       answer 429 with no body and no content type (a rate limiter;
                            the same rule as ``code=429``)
``task=fail``               the created task fails at the end, with an ``error`` object
``task=fail-no-error``      the created task fails without ``error`` (the timeout sweep)
``task=complete``           the created task completes (the default)
``delay=S``                 wait ``S`` seconds (0 to 60, decimals allowed) before answering
``content=redirect``        the content download answers 302 to a second mock URL
``content=redirect-307``    the same with 307
``content=direct``          the content download answers 200 with the bytes (the default)
==========================  ================================================================

A header overrides, key by key, the start-up scenario (``--prefer`` / ``prefer=``).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, fields, replace

from seedance.gateway import Status
from seedance.mock.errors import MockConfigError

MAX_DELAY_SECONDS = 60.0
TASK_OUTCOMES = ("complete", "fail", "fail-no-error")
CONTENT_MODES = {"direct": None, "redirect": 302, "redirect-307": 307}
_SCENARIOS = ("bare-429",)


@dataclass(frozen=True)
class Scenario:
    """What a request (or, at start-up, every request) asks the mock to do.

    ``None`` means "not set": the start-up scenario or the normal behaviour applies.
    """

    code: int | None = None
    retry_after: int | None = None
    bare_429: bool | None = None
    task: str | None = None
    delay: float | None = None
    content: str | None = None

    def over(self, base: Scenario) -> Scenario:
        """This scenario's set values layered over ``base``."""
        changes = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(base, **{k: v for k, v in changes.items() if v is not None})

    @property
    def redirect_status(self) -> int | None:
        """302/307 when the content download should redirect, else None."""
        return CONTENT_MODES.get(self.content or "direct")

    @property
    def error_status(self) -> int | None:
        """The status to answer instead of the normal behaviour, if any."""
        if self.bare_429:
            return Status.RATE_LIMITED
        return self.code

    @property
    def intervenes(self) -> bool:
        """True when the scenario delays the answer or answers an error instead."""
        return bool(self.delay) or self.error_status is not None


def _parse_int(key: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise MockConfigError(
            f"Prefer {key}={value!r}: expected an integer from {low} to {high}"
        ) from None
    if not low <= number <= high:
        raise MockConfigError(f"Prefer {key}={number}: expected an integer from {low} to {high}")
    return number


def _parse_delay(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_DELAY_SECONDS:
        raise MockConfigError(
            f"Prefer delay={value!r}: expected seconds from 0 to {MAX_DELAY_SECONDS:g}"
        )
    return seconds


def _choice(key: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise MockConfigError(f"Prefer {key}={value!r}: expected one of {list(allowed)}")
    return value


@functools.lru_cache(maxsize=256)
def parse_prefer(header: str) -> Scenario:
    """Parse a ``Prefer`` header value; raise :class:`MockConfigError` if it is not valid."""
    values: dict[str, object] = {}
    for raw in header.replace(";", ",").split(","):
        token = raw.strip()
        if not token:
            continue
        key, _, value = token.partition("=")
        key, value = key.strip().lower(), value.strip().strip('"')
        if key == "code":
            values["code"] = _parse_int(key, value, 100, 599)
        elif key == "retry-after":
            values["retry_after"] = _parse_int(key, value, 0, 86400)
        elif key == "scenario":
            values["bare_429"] = _choice(key, value, _SCENARIOS) == "bare-429"
        elif key == "task":
            values["task"] = _choice(key, value, TASK_OUTCOMES)
        elif key == "delay":
            values["delay"] = _parse_delay(value)
        elif key == "content":
            values["content"] = _choice(key, value, tuple(CONTENT_MODES))
        # Any other preference (respond-async, return=minimal, ...) is ignored (RFC 7240).
    return Scenario(**values)  # type: ignore[arg-type]
