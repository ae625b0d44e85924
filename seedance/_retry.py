"""The one place that decides whether a failed request is tried again, and when.

Reads (retrieve, download) are free and idempotent: they are retried on connection errors,
timeouts, 429 and 5xx. A create is billable, so it is retried only when the gateway
provably did not take it: a 429, or a connection that failed before the request was sent
(connect error, connect or pool timeout). A read timeout or a connection dropped after
sending raises :class:`CreateOutcomeUnknownError`; a 5xx on create is raised as is.

Waits grow exponentially with jitter (``backoff_base * 2**n``, at most ``backoff_cap``);
a ``Retry-After`` (seconds or an HTTP date, read by :func:`parse_retry_after`, the one
parser of the SDK and the contract harness) replaces the backoff, up to ``retry_after_cap``.
No retry starts, and no wait runs, past the call's deadline (:mod:`seedance._deadline`): when
the next attempt could not begin before it, the call ends with the error it has.
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum
from typing import TypeVar

import httpx

from seedance._deadline import current_deadline
from seedance.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    CreateOutcomeUnknownError,
)

__all__ = [
    "Attempts",
    "Operation",
    "RetryPolicy",
    "clamp_wait",
    "parse_retry_after",
    "retry_after_seconds",
    "run",
    "run_async",
]

T = TypeVar("T")

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_NEVER_RETRIED = (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.ProxyError)
_RETRIED_STATUS = 429
_SERVER_ERRORS = 500


class Operation(StrEnum):
    """Whether a request costs money (``create``) or is a free, idempotent ``read``."""

    CREATE = "create"
    READ = "read"


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait between attempts. ``max_retries`` is set per client and per call."""

    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    retry_after_cap: float = 60.0

    def delay(self, retries_so_far: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number ``retries_so_far + 1``."""
        if retry_after is not None:
            return clamp_wait(retry_after, 0.0, self.retry_after_cap)
        backoff = min(self.backoff_cap, self.backoff_base * 2.0**retries_so_far)
        return backoff * (1 - 0.25 * random.random())


_DELTA_SECONDS = re.compile(r"-?\d+(?:\.\d+)?")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """A ``Retry-After`` value in seconds from ``now`` (default: the clock), else ``None``.

    The one reading of the header, for the SDK and the contract harness alike: delta-seconds
    (``"7"``, also ``"1.5"``), or an HTTP date (RFC 9110: always GMT, so a date without a
    zone is read as GMT). A negative number or a date in the past is ``0.0`` (no wait asked
    for); anything else (``"soon"``, ``"inf"``, an empty value) is ``None``. The result is
    not bounded here: every user clamps it (:func:`clamp_wait`).
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _DELTA_SECONDS.fullmatch(text):
        seconds = float(text)
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = time.time() if now is None else now
    return max(0.0, when.timestamp() - reference)


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """:func:`parse_retry_after` of the ``Retry-After`` header in ``headers``."""
    return parse_retry_after(headers.get("retry-after"))


def clamp_wait(seconds: float, floor: float, cap: float) -> float:
    """``seconds`` within ``[floor, cap]``: the bounds every wait the gateway asks for gets."""
    return max(floor, min(seconds, cap))


def _what(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"{type(exc).__name__} (no answer within the timeout)"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class Attempts:
    """The retry state of one call: ``after(exc)`` returns the wait before the next
    attempt or raises the error the user sees."""

    def __init__(
        self, operation: Operation, policy: RetryPolicy, max_retries: int, method: str, url: str
    ) -> None:
        self.operation = operation
        self.policy = policy
        self.max_retries = max(0, max_retries)
        self.method = method
        self.url = url
        self.retries = 0

    def _give_up(self, exc: httpx.TransportError) -> APIConnectionError:
        attempts = self.retries + 1
        deadline = current_deadline()
        if deadline is not None and deadline.expired:
            message = (
                f"{_what(exc)} after {attempts} attempt(s): the call's timeout of "
                f"{deadline.seconds:g} s ran out; raise timeout"
            )
        else:
            message = (
                f"{_what(exc)} after {attempts} attempt(s); "
                "check the base URL and your network, or raise timeout / max_retries"
            )
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        return kind(message, method=self.method, url=self.url, attempts=attempts)

    def after(self, exc: Exception) -> float:
        """The seconds to wait before trying again; raises when not trying again."""
        if isinstance(exc, APIStatusError):
            retryable = exc.status_code == _RETRIED_STATUS or (
                self.operation is Operation.READ and exc.status_code >= _SERVER_ERRORS
            )
            if not retryable or self.retries >= self.max_retries:
                raise exc
            wait = self._next(exc.retry_after)
            if not _time_for(wait):
                raise exc
            return wait
        if not isinstance(exc, httpx.TransportError):
            raise exc
        if isinstance(exc, _NEVER_RETRIED):
            raise self._give_up(exc) from exc
        if self.operation is Operation.CREATE and not isinstance(exc, _NOT_SENT):
            raise CreateOutcomeUnknownError(
                method=self.method, url=self.url, attempts=self.retries + 1, cause=_what(exc)
            ) from exc
        if self.retries >= self.max_retries:
            raise self._give_up(exc) from exc
        wait = self._next(None)
        if not _time_for(wait):
            self.retries -= 1
            raise self._give_up(exc) from exc
        return wait

    def _next(self, retry_after: float | None) -> float:
        wait = self.policy.delay(self.retries, retry_after)
        self.retries += 1
        return wait


def _time_for(wait: float) -> bool:
    """True when a retry after ``wait`` seconds can still start before the deadline."""
    deadline = current_deadline()
    return deadline is None or wait < deadline.remaining()


_RETRIED = (httpx.TransportError, APIStatusError)


def run(attempt: Callable[[], T], attempts: Attempts) -> T:
    """Call ``attempt`` until it returns or :class:`Attempts` says stop."""
    while True:
        try:
            return attempt()
        except _RETRIED as exc:
            wait = attempts.after(exc)
        time.sleep(wait)


async def run_async(attempt: Callable[[], Awaitable[T]], attempts: Attempts) -> T:
    """:func:`run` for coroutines."""
    while True:
        try:
            return await attempt()
        except _RETRIED as exc:
            wait = attempts.after(exc)
        await asyncio.sleep(wait)
