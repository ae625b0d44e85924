"""A loopback HTTP/1.1 server on raw sockets, for answers no framework would send.

Each connection's requests are read (head and ``Content-Length`` body) and passed to the
test's handler with a :class:`Conn` to answer on: whole answers, a status line trickled a
byte at a time, a body that never ends, a hang. ``stopping`` is set when the server closes,
so a handler that loops ends with it; the server waits for its threads on exit.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Conn", "RawServer", "Request", "answer", "json_answer"]


@dataclass
class Request:
    """One request as it arrived."""

    method: str
    target: str  # the raw request target: the path exactly as the client sent it
    headers: dict[str, str]
    body: bytes


@dataclass
class Conn:
    """The connection a handler answers on."""

    sock: socket.socket
    stopping: threading.Event
    sent: int = 0

    def send(self, data: bytes) -> bool:
        """Send ``data``; ``False`` once the client has gone or the server is stopping."""
        if self.stopping.is_set():
            return False
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        self.sent += len(data)
        return True

    def trickle(self, data: bytes, every: float) -> bool:
        """Send ``data`` one byte every ``every`` seconds (stops with the server)."""
        return all(self.send(bytes([byte])) and not self.stopping.wait(every) for byte in data)

    def hang(self) -> None:
        """Send nothing more until the server stops."""
        self.stopping.wait()


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    """A whole HTTP/1.1 answer (``Content-Length`` set unless given)."""
    fields = {"Content-Length": str(len(body)), **(headers or {})}
    head = f"HTTP/1.1 {status} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    return head.encode("latin-1") + b"\r\n" + body


def json_answer(status: int, data: Any, headers: dict[str, str] | None = None) -> bytes:
    """A whole JSON answer."""
    body = json.dumps(data).encode()
    return answer(status, body, {"Content-Type": "application/json", **(headers or {})})


Handler = Callable[[Conn, Request], None]


@dataclass
class RawServer:
    """Serves ``handler`` on a free loopback port while the ``with`` block runs."""

    handler: Handler
    requests: list[Request] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _socks: list[socket.socket] = field(default_factory=list)

    def __enter__(self) -> RawServer:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._spawn(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for sock in self._socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in list(self._threads):
            thread.join(timeout=5)
        self._listener.close()

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._socks.append(sock)
            self._spawn(self._serve, sock)

    def _serve(self, sock: socket.socket) -> None:
        conn = Conn(sock, self.stopping)
        buffer = b""
        with contextlib.closing(sock):
            sock.settimeout(0.2)
            while not self.stopping.is_set():
                request, buffer = self._read(sock, buffer)
                if request is None:
                    return
                self.requests.append(request)
                self.handler(conn, request)

    def _read(self, sock: socket.socket, buffer: bytes) -> tuple[Request | None, bytes]:
        deadline = time.monotonic() + 10
        while b"\r\n\r\n" not in buffer:
            chunk = self._recv(sock, deadline)
            if not chunk:
                return None, b""
            buffer += chunk
        head, _, rest = buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(rest) < length:
            chunk = self._recv(sock, deadline)
            if not chunk:
                return None, b""
            rest += chunk
        return Request(method, target, headers, rest[:length]), rest[length:]

    def _recv(self, sock: socket.socket, deadline: float) -> bytes:
        while not self.stopping.is_set() and time.monotonic() < deadline:
            try:
                return sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return b""
        return b""


@contextlib.contextmanager
def serving(handler: Handler) -> Iterator[RawServer]:
    """:class:`RawServer` as a context manager function."""
    with RawServer(handler) as server:
        yield server
