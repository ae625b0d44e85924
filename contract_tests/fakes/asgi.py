"""Serve an ASGI app to synchronous httpx clients in this process, with no socket.

httpx's :class:`~httpx.ASGITransport` is asynchronous; the contract harness and the SDK's sync
client are not. :class:`AppTransport` runs the app on an event loop of its own thread and
hands each request to it through ``ASGITransport``, so a check function, or a whole contract
run (``seedance.contract.main(transport=…)``), meets a fault-switched gateway without a server,
a port or a connection pool. What it cannot show is what only a real server does (a body
trickled byte by byte, a connection cut): the hostile targets keep real loopback servers.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

__all__ = ["IN_PROCESS_URL", "AppTransport", "app_transport"]

#: The base URL of an app served in process: a name that resolves nowhere, so a request that
#: bypassed the transport would fail instead of reaching some other server.
IN_PROCESS_URL = "http://gateway.invalid"


class AppTransport(httpx.BaseTransport):
    """A sync transport answering every request from ``app`` (an ASGI callable)."""

    def __init__(self, app: Any) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="asgi-app", daemon=True)
        self._thread.start()

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(
            response.status_code, headers=response.headers, content=content, request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # a sync body, read here: the app's loop reads it as an async stream
        answered = asyncio.run_coroutine_threadsafe(self._answer(request), self._loop)
        return answered.result()

    def stop(self) -> None:
        """Stop the app's event loop (the transport answers nothing after this)."""
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()


@contextmanager
def app_transport(app: Any) -> Iterator[AppTransport]:
    """An :class:`AppTransport` for ``app`` until the block ends."""
    transport = AppTransport(app)
    try:
        yield transport
    finally:
        transport.stop()
