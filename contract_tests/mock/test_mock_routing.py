"""The create call's fast path answers exactly as Starlette's router does.

The mock answers the create operation's method and path before Starlette's middleware and
router (the hot path ``make bench`` measures); a create under a ``root_path`` still goes
through the router. Both ways must give users the same answers and the same log lines.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from seedance.mock import MockConfig, create_app
from seedance.mock.accesslog import RequestLog
from seedance.spec import OperationRoles

_ROOT = "/gateway"
_VOLATILE = ("id", "task_id", "created_at")


def _answers(
    ops: OperationRoles, body: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> list[tuple[int, Any, str]]:
    """Each case's (status, JSON without volatile fields, log line without time) as answered
    by the fast path, then each as answered through the router (``root_path`` taken out)."""
    app = create_app(MockConfig(log_requests=True))  # the log goes to stderr
    key = {"Authorization": "Bearer sk-mock"}
    cases: list[tuple[str, dict[str, str], Any]] = [
        ("POST", key, body),
        ("POST", {}, body),
        ("POST", key, {**body, "seconds": "not-a-duration"}),
        ("POST", key, ["not", "an", "object"]),
        ("GET", key, None),
    ]

    async def ask(root: str) -> list[tuple[int, Any]]:
        transport = httpx.ASGITransport(app=app, root_path=root)
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            found = []
            for method, headers, content in cases:
                response = await client.request(
                    method, root + ops.create.path, headers=headers, json=content
                )
                answer = json.loads(response.text.replace(root, "") if root else response.text)
                for name in _VOLATILE:
                    answer.pop(name, None)
                found.append((response.status_code, answer))
            return found

    fast = asyncio.run(ask(""))
    routed = asyncio.run(ask(_ROOT))
    assert isinstance(app.state.request_log, RequestLog)
    app.state.request_log.flush()
    lines = [" ".join(line.split()[2:5]) for line in capsys.readouterr().err.splitlines()]
    return [
        (status, answer, line.replace(_ROOT, ""))
        for (status, answer), line in zip(fast + routed, lines, strict=True)
    ]


def test_a_create_is_answered_alike_by_the_fast_path_and_by_the_router(
    ops: OperationRoles, body: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers(ops, body, capsys)
    half = len(answers) // 2
    fast, routed = answers[:half], answers[half:]
    assert fast == routed
    statuses = [status for status, _, _ in fast]
    assert statuses == [200, 401, 400, 400, 405]
    queued = fast[0][1]
    assert queued["status"] == "queued"
    assert queued["progress"] == 0
    assert fast[4][1]["error"]["message"].startswith("method GET is not allowed")
    assert [line for _, _, line in fast] == [
        f"{method} {ops.create.path} {status}"
        for method, status in zip(["POST"] * 4 + ["GET"], statuses, strict=True)
    ]
