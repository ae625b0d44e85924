"""Fixtures of the command-line and batch tests: a mock gateway per test, the CLI run in-process
(typer's CliRunner) or as a subprocess, and the server-side count of creates.

A plugin registered in ``contract_tests/conftest.py``; tests import its helpers from here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from seedance.cli import app
from seedance.mock import MockServer, running_mock
from seedance.mock.pytest_plugin import pytest_configure

__all__ = ["pytest_configure"]

FAST_TASK = 0.3
POLL = ["--poll-seconds", "0.05"]
IMAGE = "https://images.invalid/first.png"


@pytest.fixture
def gateway(request: pytest.FixtureRequest) -> Iterator[MockServer]:
    """A mock gateway (tasks of 0.3 s unless ``@pytest.mark.mock_gateway(...)`` says)."""
    marker = request.node.get_closest_marker("mock_gateway")
    options: dict[str, Any] = {"task_seconds": FAST_TASK, **(marker.kwargs if marker else {})}
    with running_mock(api_key="sk-cli-test", **options) as server:
        yield server


def creates(server: MockServer) -> int:
    """Tasks the mock has created (counted on the server side)."""
    return len(server.app.state.gateway.store)


def run_cli(server: MockServer | None, *args: str, **env: str) -> Result:
    """``seedance ARGS`` in-process, against ``server`` (fast polls)."""
    connect = ["--base-url", server.base_url, "--api-key", server.api_key] if server else []
    base_env: dict[str, str | None] = {"SEEDANCE_API_KEY": None, "SEEDANCE_BASE_URL": None}
    return CliRunner().invoke(app, [*connect, *POLL, *args], env={**base_env, **env})


def cli_process(server: MockServer, args: Sequence[str]) -> subprocess.Popen[str]:
    """``python -m seedance.cli ARGS`` as a subprocess against ``server``."""
    env = {
        **os.environ,
        "SEEDANCE_BASE_URL": server.base_url,
        "SEEDANCE_API_KEY": server.api_key,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "seedance.cli", *POLL, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def write_jobs(path: Path, count: int, **extra: Any) -> Path:
    """A JOBS file of ``count`` valid jobs named ``job-1`` …"""
    lines = [
        json.dumps({"id": f"job-{n}", "prompt": f"scene {n}", "image": IMAGE, **extra})
        for n in range(1, count + 1)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path
