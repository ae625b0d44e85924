"""``python -m seedance.mock``: start-up banner (key shown only when it is sk-mock), request log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from contract_tests.mock.helpers import call
from seedance.spec import OperationRoles

_URL = re.compile(r"on (http://127\.0\.0\.1:\d+)")


@contextmanager
def _served(
    *args: str, env: dict[str, str] | None = None
) -> Iterator[tuple[str, str, subprocess.Popen[str]]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "seedance.mock", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        assert process.stdout is not None
        banner = "".join(process.stdout.readline() for _ in range(3))
        match = _URL.search(banner)
        assert match, banner + (process.stderr.read() if process.stderr else "")
        yield match.group(1), banner, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def _log(process: subprocess.Popen[str]) -> str:
    process.terminate()
    _, err = process.communicate(timeout=10)
    return err


def test_the_default_key_is_printed_and_each_request_is_logged_without_it(ops: OperationRoles):
    env = {"SEEDANCE_API_KEY": ""}
    with _served("--task-seconds", "1", env=env) as (url, out, process):
        with httpx.Client(base_url=url, headers={"Authorization": "Bearer sk-mock"}) as client:
            assert call(client, ops.retrieve, "task_unknown").status_code == 404
        err = _log(process)
    assert "Bearer sk-mock" in out
    line = next(line for line in err.splitlines() if "task_unknown" in line)
    assert re.search(r"GET /\S+task_unknown\S* 404 \d+\.\dms", line)
    assert "sk-mock" not in err
    assert "Authorization" not in err


def test_a_key_from_the_environment_is_accepted_but_never_printed(ops: OperationRoles):
    secret = "sk-live-looking-secret-0123456789"
    with _served(env={"SEEDANCE_API_KEY": secret}) as (url, out, process):
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {secret}"}) as client:
            assert call(client, ops.retrieve, "task_unknown").status_code == 404
        err = _log(process)
    assert secret not in out + err
    assert "SEEDANCE_API_KEY" in out


def test_max_tasks_on_the_command_line_is_shown_and_forgets_older_tasks(
    ops: OperationRoles, body: dict
):
    with (
        _served("--max-tasks", "1") as (url, out, _process),
        httpx.Client(base_url=url, headers={"Authorization": "Bearer sk-mock"}) as client,
    ):
        first, second = (call(client, ops.create, json=body).json()["id"] for _ in range(2))
        answers = [call(client, ops.retrieve, task_id).status_code for task_id in (first, second)]
    assert "the latest 1 kept" in out
    assert answers == [404, 200]


def _refused_start(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seedance.mock", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_non_positive_max_tasks_exits_2_saying_what_is_expected():
    result = _refused_start("--max-tasks", "0")
    assert result.returncode == 2
    assert "max_tasks=0: expected positive numbers" in result.stderr


def test_an_invalid_start_up_scenario_exits_2_saying_what_is_expected():
    result = _refused_start("--prefer", "delay=forever")
    assert result.returncode == 2
    assert "expected seconds" in result.stderr
