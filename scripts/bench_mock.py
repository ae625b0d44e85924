"""The mock gateway in its own process for the benchmarks (``bench_sdk``, ``bench_batch``).

:func:`serving_mock` starts ``python -m seedance.mock`` on a free loopback port, as
``make mock`` runs it, waits until it answers its health endpoint and stops it afterwards.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A port nothing listens on now, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving_mock(*, key: str, task_seconds: float, name: str) -> Iterator[str]:
    """The mock (API key ``key``, tasks done after ``task_seconds``); yields its base URL.

    ``name`` is the benchmark's, for the message when the mock does not start in 60 s.
    """
    port = free_port()
    argv = [sys.executable, "-m", "seedance.mock", "--port", str(port), "--quiet"]
    argv += ["--task-seconds", str(task_seconds)]
    process = subprocess.Popen(
        argv,
        cwd=REPO,
        env={**os.environ, "SEEDANCE_API_KEY": key},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{name}: the mock exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise SystemExit(f"{name}: the mock at {url} did not answer within 60 s")
            try:
                httpx.get(url + "/_mock/health", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
