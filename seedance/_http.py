"""The httpx clients under the SDK: timeouts and deadlines, the key header, bounded bodies,
and errors raised as types.

These httpx clients are handed to the generated client (``set_httpx_client``) and carry
every request the SDK sends. What they add to every request:

- a request hook applies the per-call timeout (a context variable, so concurrent async
  calls do not share it), each phase cut to what the call's deadline leaves
  (:mod:`seedance._deadline`);
- the sockets under the pool do the same for every connect, read and write, so an answer
  trickling one byte at a time, or an endless body, ends at the deadline;
- a response hook turns any status >= 400 into the :mod:`seedance.errors` class for it
  (reading at most :data:`MAX_ERROR_BODY_BYTES` of its body).

A success answer's body is read through :class:`CappedBody` (:data:`MAX_JSON_BYTES` for a
JSON answer): beyond it, :class:`AnswerTooLargeError` stops the read.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypedDict

import httpcore
import httpx

from seedance._deadline import current_deadline, positive_seconds, remaining
from seedance._redact import secret_scope
from seedance._status import status_error

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_ERROR_BODY_BYTES",
    "MAX_JSON_BYTES",
    "AnswerTooLargeError",
    "CappedBody",
    "TimeoutArg",
    "async_http_client",
    "call_timeout",
    "http_client",
    "to_timeout",
    "total_seconds",
]

TimeoutArg = float | httpx.Timeout | None
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
"""Connect 10 s; read, write and pool 60 s. Override per client or per call."""
#: The largest JSON answer read (bytes): a task answer is a few hundred bytes.
MAX_JSON_BYTES = 1 << 20
#: The most of an error answer's body read for its message (bytes).
MAX_ERROR_BODY_BYTES = 64 * 1024

_ERROR_STATUS = 400
_CALL_TIMEOUT: ContextVar[httpx.Timeout | None] = ContextVar("seedance_timeout", default=None)
_PHASES = ("connect", "read", "write", "pool")


class AnswerTooLargeError(Exception):
    """A success answer's body is over the call's cap (``.limit`` bytes); reading stopped."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the answer is larger than {limit} bytes")


def _user_agent() -> str:
    try:
        return f"seedance-sdk/{version('seedance-contract')}"
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "seedance-sdk"


def to_timeout(value: TimeoutArg, default: httpx.Timeout = DEFAULT_TIMEOUT) -> httpx.Timeout:
    """``None``: ``default``; a number: that many seconds for each phase; else as given."""
    if value is None:
        return default
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(positive_seconds(value))


def total_seconds(value: TimeoutArg) -> float | None:
    """The whole call's deadline a ``timeout=`` gives: a number is one (seconds, across
    retries, reads and sleeps); an ``httpx.Timeout`` bounds each phase only (``None``)."""
    if value is None or isinstance(value, httpx.Timeout):
        return None
    return positive_seconds(value)


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
    phases: dict[str, float | None] = (
        timeout.as_dict() if timeout is not None else dict(request.extensions.get("timeout", {}))
    )
    deadline = current_deadline()
    if deadline is not None:
        if deadline.expired:
            raise httpx.PoolTimeout("the call's deadline passed before this request was sent")
        phases = {name: remaining(phases.get(name)) for name in _PHASES}
    if timeout is not None or deadline is not None:
        request.extensions["timeout"] = phases


async def _apply_timeout_async(request: httpx.Request) -> None:
    _apply_timeout(request)


def _read_capped(chunks: Iterable[bytes], limit: int) -> bytes:
    kept = bytearray()
    for chunk in chunks:
        kept += chunk
        if len(kept) >= limit:
            break
    return bytes(kept[:limit])


def _too_large(response: httpx.Response, limit: int) -> bool:
    declared = response.headers.get("content-length", "")
    return declared.isdigit() and int(declared) > limit


class CappedBody:
    """A success answer's body, read chunk by chunk (decoded, so a compressed answer counts
    at its real size) up to ``limit`` bytes: :meth:`add` raises :class:`AnswerTooLargeError`
    past it, and so does an answer whose ``Content-Length`` says it will be."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.limit = limit
        self._kept = bytearray()
        if _too_large(response, limit):
            raise AnswerTooLargeError(limit)

    def add(self, chunk: bytes) -> None:
        """Keep ``chunk``; raises once the body is over the limit."""
        self._kept += chunk
        if len(self._kept) > self.limit:
            raise AnswerTooLargeError(self.limit)

    @property
    def content(self) -> bytes:
        """What was read."""
        return bytes(self._kept)


class _Raiser:
    """The response hook: error statuses become typed exceptions (the key redacted)."""

    def __init__(self, secret: str) -> None:
        self._secret = secret

    def __call__(self, response: httpx.Response) -> None:
        if response.status_code >= _ERROR_STATUS:
            content = _read_capped(response.iter_bytes(), MAX_ERROR_BODY_BYTES)
            with secret_scope(self._secret):
                raise status_error(response, content, secret=self._secret)

    async def asynchronous(self, response: httpx.Response) -> None:
        if response.status_code >= _ERROR_STATUS:
            kept = bytearray()
            async for chunk in response.aiter_bytes():
                kept += chunk
                if len(kept) >= MAX_ERROR_BODY_BYTES:
                    break
            with secret_scope(self._secret):
                content = bytes(kept[:MAX_ERROR_BODY_BYTES])
                raise status_error(response, content, secret=self._secret)


# The sockets: every operation gets at most the time the call's deadline leaves. httpcore's
# documented network-backend interface; httpx builds its pool without a way to pass one, so
# it is wrapped in place once per client (:func:`_bound_sockets`).


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    left = remaining(timeout)
    if left is not None and left <= 0:
        raise error("the call's deadline passed")
    return left


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        stream = await self._backend.connect_tcp(host, port, left, local_address, socket_options)
        return _AsyncStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._backend.connect_unix_socket(path, left, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def _bound_sockets(client: httpx.Client | httpx.AsyncClient) -> None:
    """Wrap the network backend of every pool of ``client`` (its transport and any proxy
    mounts) so each socket operation is cut to the call's deadline. Without the expected
    pool (another httpx), the request hook and the retry loop still bound the call."""
    transports = [client._transport, *client._mounts.values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend):
            pool._network_backend = _Backend(backend)  # type: ignore[union-attr]
        elif isinstance(backend, httpcore.AsyncNetworkBackend):
            pool._network_backend = _AsyncBackend(backend)  # type: ignore[union-attr]


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
    client = httpx.Client(**_options(base_url, api_key, timeout, headers), event_hooks=hooks)
    _bound_sockets(client)
    return client


def async_http_client(
    base_url: str, api_key: str, timeout: httpx.Timeout, headers: Mapping[str, str]
) -> httpx.AsyncClient:
    """:func:`http_client` for asyncio."""
    hooks: _Hooks = {"request": [_apply_timeout_async], "response": [_Raiser(api_key).asynchronous]}
    client = httpx.AsyncClient(**_options(base_url, api_key, timeout, headers), event_hooks=hooks)
    _bound_sockets(client)
    return client
