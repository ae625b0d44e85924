"""The mock's HTTP/1.1 protocol: uvicorn's httptools protocol with a cap on the request head
and every refusal in the gateway's JSON error shape.

uvicorn takes a request head of any size (a 150 MB header was parsed to the end, holding up
every other connection for seconds) and answers what its parser refuses (a request target over
65535 bytes, a control byte in a header) with a plain-text 400. This protocol counts the bytes
of each request head before the parser sees them: past ``max_header_bytes`` it answers a 400
gateway error (every operation documents 400), closes its side and drops whatever the client
still sends for a moment, so that the client can read the answer. Parser refusals get the
same JSON shape, with a reason.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from seedance.mock.config import DEFAULT_MAX_HEADER_BYTES
from seedance.mock.responses import gateway_error

#: The longest request target httptools can split into path and query (16-bit offsets).
MAX_TARGET_BYTES = 65535
_STATUS = 400
_LINGER_SECONDS = 1.0


def _refusal(server_headers: list[tuple[bytes, bytes]], message: str) -> bytes:
    """A complete 400 gateway-error answer that closes the connection."""
    answer = gateway_error(_STATUS, message)
    lines = [STATUS_LINE[_STATUS]]
    for name, value in [*server_headers, *answer.headers, (b"connection", b"close")]:
        lines += [name, b": ", value, b"\r\n"]
    return b"".join([*lines, b"\r\n", answer.body])


def _head_too_large(limit: int) -> str:
    return (
        f"the request line and headers are more than {limit} bytes: the mock accepts at most "
        f"{limit} (seedance mock --max-header-bytes N)"
    )


def _parser_reason(target_bytes: int) -> str:
    if target_bytes > MAX_TARGET_BYTES:
        return (
            f"the request target is {target_bytes} bytes: the mock accepts at most "
            f"{MAX_TARGET_BYTES} (a task id is a few dozen characters)"
        )
    return "the request is not valid HTTP/1.1: its request line or a header is malformed"


class _HeadCappedProtocol(HttpToolsProtocol):
    """httptools, with the head of each request limited to ``max_header_bytes``."""

    max_header_bytes = DEFAULT_MAX_HEADER_BYTES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_left: int | None = self.max_header_bytes  # None while a body is read
        self._refused = False

    def data_received(self, data: bytes) -> None:
        if self._refused:  # lingering after a refusal: drop the rest of the request
            return
        left = self._head_left
        if left is None or len(data) <= left:
            if left is not None:
                self._head_left = left - len(data)
            super().data_received(data)
            return
        self._head_left = 0
        super().data_received(data[:left])
        if self._refused or self.transport.is_closing():
            return
        if self._head_left is not None:  # the head did not end within the cap
            self._refuse(_head_too_large(self.max_header_bytes))
            return
        self.data_received(data[left:])

    def on_headers_complete(self) -> None:
        self._head_left = None
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._head_left = self.max_header_bytes
        super().on_message_complete()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's parser refusal, as a gateway error with the reason."""
        self._refuse(_parser_reason(len(self.url or b"")))

    def _refuse(self, message: str) -> None:
        self._refused = True
        self.transport.write(_refusal(self.server_state.default_headers, message))
        if self.transport.can_write_eof():
            self.transport.write_eof()
            asyncio.get_running_loop().call_later(_LINGER_SECONDS, self.transport.abort)
        else:  # pragma: no cover - TCP transports can always half-close
            self.transport.close()


class _JsonRefusingH11Protocol(H11Protocol):
    """h11 (``--http h11``, for comparisons; uvicorn passes it the head cap), with its
    refusals as gateway errors."""

    max_header_bytes = DEFAULT_MAX_HEADER_BYTES

    def send_400_response(self, msg: str) -> None:
        reason = f"{_parser_reason(0)}, or {_head_too_large(self.max_header_bytes)}"
        self.transport.write(_refusal(self.server_state.default_headers, reason))
        self.transport.close()


#: uvicorn's ``http`` choices the mock serves with.
HTTP_CHOICES = ("auto", "httptools", "h11")


def protocol_class(http: str, max_header_bytes: int) -> type[asyncio.Protocol]:
    """The protocol for uvicorn's ``http`` choice (``auto`` and ``httptools``: httptools)."""
    if http not in HTTP_CHOICES:
        raise ValueError(f"http={http!r}: expected one of {list(HTTP_CHOICES)}")
    base = _JsonRefusingH11Protocol if http == "h11" else _HeadCappedProtocol
    return type(base.__name__.lstrip("_"), (base,), {"max_header_bytes": max_header_bytes})
