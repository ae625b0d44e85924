"""A raw-socket HTTP/1.1 client for hostile-client tests: it sends exactly the bytes it is
given (oversized heads, huge request targets, control bytes in paths) where httpx would refuse
or normalise them, and reads one answer until the server closes or the body is complete.

>>> answer = exchange(port, b"GET /v1/videos/x HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n")
>>> answer.status, answer.json()
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_HOST = "127.0.0.1"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class RawAnswer:
    """What came back: status, headers (names lower-case), body, and how many bytes the
    client had sent when the answer was complete."""

    status: int
    headers: dict[str, str]
    body: bytes
    sent: int

    def json(self) -> Any:
        """The body decoded as JSON (fails the test with the raw body when it is not)."""
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise AssertionError(f"not a JSON body: {self.body[:300]!r}") from exc


def request_head(
    method: str, target: bytes | str, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    """A request line and headers as bytes (``Host`` and ``Content-Length`` filled in)."""
    raw_target = target.encode("latin-1") if isinstance(target, str) else target
    lines = [method.encode() + b" " + raw_target + b" HTTP/1.1", b"Host: " + _HOST.encode()]
    fields = dict(headers or {})
    if body or method in ("POST", "PUT"):
        fields.setdefault("Content-Length", str(len(body)))
    lines += [f"{name}: {value}".encode("latin-1") for name, value in fields.items()]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _parse(data: bytes, sent: int) -> RawAnswer | None:
    """The answer in ``data`` once its head and ``Content-Length`` bytes of body are in."""
    head, found, rest = data.partition(b"\r\n\r\n")
    if not found:
        return None
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", len(rest)))
    if len(rest) < length:
        return None
    return RawAnswer(int(status_line.split(" ")[1]), headers, rest[:length], sent)


class _Sender(threading.Thread):
    """Sends the chunks until they run out or the server stops taking them."""

    def __init__(self, sock: socket.socket, chunks: Iterator[bytes]) -> None:
        super().__init__(daemon=True)
        self.sock = sock
        self.chunks = chunks
        self.sent = 0
        self.stop = threading.Event()

    def run(self) -> None:
        for chunk in self.chunks:
            if self.stop.is_set():
                return
            try:
                self.sock.sendall(chunk)
            except OSError:  # the server closed: it has answered (or given up)
                return
            self.sent += len(chunk)


def exchange_stream(port: int, chunks: Iterator[bytes], timeout: float = 30.0) -> RawAnswer:
    """Send ``chunks`` from a thread while reading the answer; the answer records how many
    bytes had been sent when it was complete (an early refusal stops well short of the end)."""
    with socket.create_connection((_HOST, port), timeout=timeout) as sock:
        sender = _Sender(sock, chunks)
        sender.start()
        data = b""
        try:
            while True:
                try:
                    piece = sock.recv(65536)
                except ConnectionResetError:
                    piece = b""
                data += piece
                answer = _parse(data, sender.sent)
                if answer is not None:
                    return answer
                if not piece:
                    raise AssertionError(f"the connection closed without an answer: {data!r}")
        finally:
            sender.stop.set()
            sock.close()
            sender.join(timeout)


def exchange(port: int, raw: bytes, timeout: float = 30.0) -> RawAnswer:
    """Send ``raw`` as it is and read the answer."""
    return exchange_stream(port, iter([raw]), timeout)


def repeated(prefix: bytes, filler: bytes, total: int, suffix: bytes = b"") -> Iterator[bytes]:
    """``prefix``, then ``filler`` repeated to ``total`` bytes in 1 MiB chunks, then ``suffix``:
    a huge request without holding it in memory."""
    yield prefix
    block = (filler * (_CHUNK // len(filler) + 1))[:_CHUNK]
    left = total
    while left > 0:
        yield block[:left]
        left -= len(block)
    yield suffix
