"""The one place that decides whether a failed request is tried again, and when.

Reads (retrieve, download) are free and idempotent: they are retried on connection errors,
timeouts, 429 and 5xx. A create is billable, so it is retried only when the gateway
provably did not take it: a 429, or a connection that failed before the request was sent
(connect error, connect or pool timeout). A read timeout or a connection dropped after
sending raises :class:`CreateOutcomeUnknownError`; a 5xx on create is raised as is.

Waits grow exponentially with jitter (``backoff_base * 2**n``, at most ``backoff_cap``);
a ``Retry-After`` (seconds or an HTTP date) replaces the backoff, up to ``retry_after_cap``.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

import httpx

from seedance.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    CreateOutcomeUnknownError,
)

__all__ = ["Attempts", "Operation", "RetryPolicy", "retry_after_seconds", "run", "run_async"]

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
            return max(0.0, min(retry_after, self.retry_after_cap))
        backoff = min(self.backoff_cap, self.backoff_base * 2.0**retries_so_far)
        return backoff * (1 - 0.25 * random.random())


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The ``Retry-After`` header in seconds (delta-seconds or an HTTP date), else None."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


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
            return self._next(exc.retry_after)
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
        return self._next(None)

    def _next(self, retry_after: float | None) -> float:
        wait = self.policy.delay(self.retries, retry_after)
        self.retries += 1
        return wait


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
