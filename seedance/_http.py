"""The httpx clients under the SDK: timeouts, the key header, and errors raised as types.

The generated client's request functions are used as they are; these httpx clients are
handed to it (``set_httpx_client``). Two event hooks do the SDK's part on every request:

- a request hook applies the per-call timeout (a context variable, so concurrent async
  calls do not share it);
- a response hook turns any status >= 400 into the :mod:`seedance.errors` class for it,
  before the generated code tries to parse an error body it may not be able to read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypedDict

import httpx

from seedance._status import status_error

__all__ = [
    "DEFAULT_TIMEOUT",
    "TimeoutArg",
    "async_http_client",
    "call_timeout",
    "http_client",
    "to_timeout",
]

TimeoutArg = float | httpx.Timeout | None
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
"""Connect 10 s; read, write and pool 60 s. Override per client or per call."""

_ERROR_STATUS = 400
_CALL_TIMEOUT: ContextVar[httpx.Timeout | None] = ContextVar("seedance_timeout", default=None)


def _user_agent() -> str:
    try:
        return f"seedance-sdk/{version('seedance-contract')}"
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "seedance-sdk"


def to_timeout(value: TimeoutArg, default: httpx.Timeout = DEFAULT_TIMEOUT) -> httpx.Timeout:
    """``None``: ``default``; a number: that many seconds for each phase; else as given."""
    if value is None:
        return default
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(float(value))


@contextlib.contextmanager
def call_timeout(timeout: httpx.Timeout | None) -> Iterator[None]:
    """Apply ``timeout`` to the requests made inside the block (``None``: the client's)."""
    token = _CALL_TIMEOUT.set(timeout)
    try:
        yield
    finally:
        _CALL_TIMEOUT.reset(token)


def _apply_timeout(request: httpx.Request) -> None:
    timeout = _CALL_TIMEOUT.get()
    if timeout is not None:
        request.extensions["timeout"] = timeout.as_dict()


async def _apply_timeout_async(request: httpx.Request) -> None:
    _apply_timeout(request)


class _Raiser:
    """The response hook: error statuses become typed exceptions (the key redacted)."""

    def __init__(self, secret: str) -> None:
        self._secret = secret

    def __call__(self, response: httpx.Response) -> None:
        if response.status_code >= _ERROR_STATUS:
            response.read()
            raise status_error(response, secret=self._secret)

    async def asynchronous(self, response: httpx.Response) -> None:
        if response.status_code >= _ERROR_STATUS:
            await response.aread()
            raise status_error(response, secret=self._secret)


_Hooks = dict[str, list[Callable[..., Any]]]


class _Options(TypedDict):
    base_url: str
    headers: dict[str, str]
    timeout: httpx.Timeout
    follow_redirects: bool


def _options(
    base_url: str, api_key: str, timeout: httpx.Timeout, headers: Mapping[str, str]
) -> _Options:
    """What the sync and async httpx clients are built with: the key and user agent on top
    of ``headers``, no automatic redirects (downloads follow them by the origin rule)."""
    return _Options(
        base_url=base_url,
        headers={**headers, "Authorization": f"Bearer {api_key}", "User-Agent": _user_agent()},
        timeout=timeout,
        follow_redirects=False,
    )


def http_client(
    base_url: str, api_key: str, timeout: httpx.Timeout, headers: Mapping[str, str]
) -> httpx.Client:
    """The sync httpx client, with the SDK's hooks."""
    hooks: _Hooks = {"request": [_apply_timeout], "response": [_Raiser(api_key)]}
    return httpx.Client(**_options(base_url, api_key, timeout, headers), event_hooks=hooks)


def async_http_client(
    base_url: str, api_key: str, timeout: httpx.Timeout, headers: Mapping[str, str]
) -> httpx.AsyncClient:
    """:func:`http_client` for asyncio."""
    hooks: _Hooks = {"request": [_apply_timeout_async], "response": [_Raiser(api_key).asynchronous]}
    return httpx.AsyncClient(**_options(base_url, api_key, timeout, headers), event_hooks=hooks)
