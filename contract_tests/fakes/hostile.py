"""Hostile targets: servers that misbehave the way production, a broken proxy or an attacker may.

Each is an ASGI app served on a free loopback port (:func:`.server.serve_in_thread`), most of
them in front of a faithful :class:`~.gateway.ReferenceGateway` so the harness gets far enough
to meet the misbehaviour:

- :func:`endless_json`: every answer a 200 JSON body that never ends (chunked);
- :func:`dribbling`: answers a few requests, then sends headers and one byte at a time, forever;
- :func:`slow_answers`: a faithful gateway's answers, complete but late (the run deadline);
- :func:`always_429`: every request answered ``429 Retry-After: 0``;
- :func:`echoing_key`: every answer an error that echoes the Authorization header, after a
  padding that grows by one character per request (the key meets every cut position);
- :func:`creates_unanswered`: creates never answered (the client's deadline ends them);
- :func:`accepting_ratio`: a gateway that accepts one undocumented ``a:b`` ratio;
- :class:`DowngradingTarget`: https and plain http on the same host and port; the content of
  a completed task redirects to ``http://`` on that port, which records what it receives.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import ssl
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from .gateway import Receive, Scope, Send
from .server import serve_in_thread

__all__ = [
    "TLS_CERT",
    "DowngradingTarget",
    "Hits",
    "accepting_ratio",
    "always_429",
    "creates_unanswered",
    "dribbling",
    "echoing_key",
    "endless_json",
    "slow_answers",
]

_TLS = Path(__file__).with_name("tls")
#: A self-signed certificate for 127.0.0.1 (test data), to be trusted through SSL_CERT_FILE.
TLS_CERT = _TLS / "loopback-cert.pem"
_TLS_KEY = _TLS / "loopback-key.pem"
_CHUNK = b'{"pad": "' + b"x" * 65536 + b'", '

App = Any


@dataclass
class Hits:
    """What a hostile target received: one entry per request (method, path, headers)."""

    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, request: Request) -> int:
        """Record ``request``; returns how many came before it."""
        with self.lock:
            self.requests.append((request.method, request.url.path, dict(request.headers)))
            return len(self.requests) - 1


def _asgi(handler: Any) -> App:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        response = await handler(Request(scope, receive))
        await response(scope, receive, send)

    return app


def endless_json(hits: Hits) -> App:
    """200 ``application/json`` whose chunked body never ends."""

    async def body() -> AsyncIterator[bytes]:
        while True:
            yield _CHUNK
            await asyncio.sleep(0)

    async def handler(request: Request) -> Response:
        hits.note(request)
        return StreamingResponse(body(), media_type="application/json")

    return _asgi(handler)


def dribbling(hits: Hits, *, answered: int = 2, every: float = 0.3) -> App:
    """The first ``answered`` requests get a quick 404; then headers and one byte per ``every``
    seconds, forever."""

    async def body() -> AsyncIterator[bytes]:
        while True:
            yield b" "
            await asyncio.sleep(every)

    async def handler(request: Request) -> Response:
        if hits.note(request) < answered:
            return JSONResponse({"code": "task_not_found", "message": "no"}, status_code=404)
        return StreamingResponse(body(), media_type="application/json")

    return _asgi(handler)


def slow_answers(upstream: App, *, delay: float = 0.4) -> App:
    """``upstream``'s every answer, complete but ``delay`` seconds late."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(delay)
        await upstream(scope, receive, send)

    return app


def always_429(hits: Hits) -> App:
    """Every request: a bare ``429 Retry-After: 0``."""

    async def handler(request: Request) -> Response:
        hits.note(request)
        return Response(b"", status_code=429, headers={"Retry-After": "0"})

    return _asgi(handler)


def echoing_key(hits: Hits) -> App:
    """Every request: 400 in the task-error shape whose message echoes the Authorization header
    after ``n`` padding characters, ``n`` the request's number (every cut position is met)."""

    async def handler(request: Request) -> Response:
        n = hits.note(request)
        echoed = request.headers.get("authorization", "")
        message = "p" * n + f" you sent {echoed} and {echoed.removeprefix('Bearer ')}"
        return JSONResponse({"code": "invalid_request", "message": message}, status_code=400)

    return _asgi(handler)


def creates_unanswered(upstream: App, hits: Hits, create_path: str) -> App:
    """``upstream``, except that every create is never answered."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == create_path:
            hits.note(Request(scope, receive))
            await asyncio.sleep(3600)
        await upstream(scope, receive, send)

    return app


def accepting_ratio(upstream: App, field_name: str, accepted: str, documented: str) -> App:
    """``upstream``, except that a create whose ``field_name`` is ``accepted`` is taken as if it
    said ``documented`` (so it is accepted although the enum lacks it)."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await upstream(scope, receive, send)
            return
        raw = b""
        more = True
        while more:
            message = await receive()
            raw += message.get("body", b"")
            more = bool(message.get("more_body"))
        with contextlib.suppress(ValueError, AttributeError):
            body = json.loads(raw)
            if body.get(field_name) == accepted:
                body[field_name] = documented
                raw = json.dumps(body).encode()
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}

        headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
        headers.append((b"content-length", str(len(raw)).encode()))
        await upstream({**scope, "headers": headers}, replay, send)

    return app


class DowngradingTarget:
    """https and plain http on one loopback port (the first byte of a connection tells which).

    TLS connections reach ``upstream`` (a faithful gateway), except that the content of a
    completed task (``upstream`` answers 200) becomes a 302 to ``http://127.0.0.1:PORT/cdn/…``
    on the same port. Plain connections reach a recorder that answers 401 without a key, as a
    careful CDN on the gateway's own host would, and the video with one: :attr:`plain` lists
    the Authorization headers it received.
    """

    def __init__(self, upstream: App, content_suffix: str) -> None:
        self.upstream = upstream
        self.content_suffix = content_suffix
        self.plain: list[str | None] = []
        self.port = 0

    async def _tls_app(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not path.endswith(self.content_suffix):
            await self.upstream(scope, receive, send)
            return
        status = 0

        async def probe(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])

        await self.upstream(scope, receive, probe)
        if status == 200:
            location = f"http://127.0.0.1:{self.port}/cdn{path}"
            response: Response = Response(b"", status_code=302, headers={"Location": location})
        else:
            response = JSONResponse(
                {"code": "task_not_ready", "message": "not yet"}, status_code=400
            )
        await response(scope, receive, send)

    async def _plain_app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        auth = Request(scope, receive).headers.get("authorization")
        self.plain.append(auth)
        if auth is None:
            response = JSONResponse({"error": {"message": "key needed"}}, status_code=401)
        else:
            response = Response(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 40, media_type="video/mp4")
        await response(scope, receive, send)

    @contextlib.contextmanager
    def serving(self) -> Iterator[str]:
        """Serve until the block ends; yields ``https://127.0.0.1:PORT``."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(TLS_CERT, _TLS_KEY)

        async def tls_app(scope: Scope, receive: Receive, send: Send) -> None:
            await self._tls_app(scope, receive, send)

        async def plain_app(scope: Scope, receive: Receive, send: Send) -> None:
            await self._plain_app(scope, receive, send)

        with (
            serve_in_thread(tls_app) as tls_url,
            serve_in_thread(plain_app) as plain_url,
            _multiplexer(context, _port(tls_url), _port(plain_url)) as port,
        ):
            self.port = port
            yield f"https://127.0.0.1:{port}"


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


def _connect(
    client: socket.socket, context: ssl.SSLContext, tls_port: int, plain_port: int
) -> None:
    try:
        first = client.recv(1, socket.MSG_PEEK)
        if first == b"\x16":  # a TLS handshake: decrypt, then pass on in plain text
            client = context.wrap_socket(client, server_side=True)
            backend = socket.create_connection(("127.0.0.1", tls_port))
        else:
            backend = socket.create_connection(("127.0.0.1", plain_port))
    except (OSError, ssl.SSLError):
        client.close()
        return
    # no Nagle: a pumped answer goes out in pieces, and each would wait out a delayed ACK (40 ms)
    for sock in (client, backend):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    back = threading.Thread(target=_pump, args=(backend, client), daemon=True)
    back.start()
    _pump(client, backend)
    back.join(timeout=10)
    client.close()
    backend.close()


@contextlib.contextmanager
def _multiplexer(context: ssl.SSLContext, tls_port: int, plain_port: int) -> Iterator[int]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            threading.Thread(
                target=_connect, args=(client, context, tls_port, plain_port), daemon=True
            ).start()

    thread = threading.Thread(target=accept, name="tls-plain-mux", daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
