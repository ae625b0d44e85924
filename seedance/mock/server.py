"""Run the mock in-process: uvicorn in a background thread on a loopback port.

>>> with running_mock(api_key="sk-mock", task_seconds=1.0) as server:
...     httpx.get(server.base_url + "/v1/videos/task_x", headers=server.auth_headers)
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp

from seedance.mock.app import HEALTH_PATH, create_app
from seedance.mock.config import DEFAULT_MAX_HEADER_BYTES, MockConfig
from seedance.mock.errors import MockStartError
from seedance.mock.protocol import protocol_class

_START_TIMEOUT = 15.0


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (``port=0``: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets only when the
    # listening socket says so; without it small answers wait ~40 ms for delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise MockStartError(
            f"cannot listen on {host}:{port}: {exc.strerror}; pick another port (0 = any free)"
        ) from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(host: str, port: int) -> str:
    """``http://host:port``, an IPv6 address in brackets."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def uvicorn_server(
    app: ASGIApp,
    *,
    loop: str = "auto",
    http: str = "auto",
    max_header_bytes: int = DEFAULT_MAX_HEADER_BYTES,
) -> uvicorn.Server:
    """The uvicorn server every way of running the mock uses: the mock's protocol (request
    heads capped at ``max_header_bytes``, refusals as JSON), no access log of its own (the
    mock logs requests itself), no lifespan events."""
    return uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            loop=loop,
            http=protocol_class(http, max_header_bytes),
            h11_max_incomplete_event_size=max_header_bytes,
        )
    )


class MockServer:
    """The mock gateway served by uvicorn in a daemon thread; a context manager.

    ``base_url`` (``http://127.0.0.1:<port>``) and ``api_key`` are set once started.
    """

    def __init__(
        self, config: MockConfig | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.config = config or MockConfig.from_env()
        self.host = host
        self.app = create_app(self.config)
        self._socket = bind_socket(host, port)
        self.port: int = self._socket.getsockname()[1]
        self.base_url = url_of(host, self.port)
        self._server = uvicorn_server(self.app, max_header_bytes=self.config.max_header_bytes)
        self._thread: threading.Thread | None = None

    @property
    def api_key(self) -> str:
        """The key the mock accepts."""
        return self.config.api_key

    @property
    def auth_headers(self) -> dict[str, str]:
        """``{"Authorization": "Bearer <key>"}`` for this mock."""
        return {"Authorization": f"Bearer {self.config.api_key}"}

    def start(self, timeout: float = _START_TIMEOUT) -> MockServer:
        """Start serving and wait until the health probe answers."""
        if self._thread is not None:
            return self
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"seedance-mock-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if not self._thread.is_alive():
                break
            try:
                if httpx.get(self.base_url + HEALTH_PATH, timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError as exc:
                last = type(exc).__name__
            time.sleep(0.02)
        self.stop()
        raise MockStartError(
            f"the mock at {self.base_url} did not answer {HEALTH_PATH} within {timeout:g}s "
            f"(last: {last}); run `python -m seedance.mock --port 0` to see its output"
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving and close the socket."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._socket.close()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running_mock(
    *,
    api_key: str | None = None,
    task_seconds: float | None = None,
    port: int = 0,
    host: str = "127.0.0.1",
    prefer: str | None = None,
    **options: Any,
) -> Iterator[MockServer]:
    """Serve the mock on ``host:port`` (0 = a free port) for the ``with`` block.

    ``api_key``: else ``SEEDANCE_API_KEY``, else ``sk-mock``. ``task_seconds``: else
    ``MOCK_TASK_SECONDS``, else 3. ``prefer``: a start-up scenario in ``Prefer`` syntax
    (e.g. ``"task=fail"``). Other options go to :class:`MockConfig` (``scenario``,
    ``max_body_bytes``, ``max_header_bytes``, ``max_tasks``, ``spec_path``, ``log_requests``:
    off by default here, on in the command line).
    """
    options.setdefault("log_requests", False)
    config = MockConfig.from_env(
        api_key=api_key, task_seconds=task_seconds, prefer=prefer, **options
    )
    with MockServer(config, host=host, port=port) as server:
        yield server


@contextlib.contextmanager
def embedded_target(api_key: str, task_seconds: float) -> Iterator[tuple[str, str]]:
    """The mock as a contract run's embedded target: (base URL, key) for the ``with`` block.

    The command line hands this to the harness (``seedance contract-test`` without
    ``--base-url``), so neither tool imports the other.
    """
    with running_mock(api_key=api_key, task_seconds=task_seconds) as server:
        yield server.base_url, server.api_key
