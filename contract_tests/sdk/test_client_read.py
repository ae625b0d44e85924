"""The contract run's "the client cannot read this answer": answers read as the SDK reads
them (generated models, the download check, the error mapping)."""

import json

import pytest

from seedance.contract.client_read import CANNOT_READ, client_read_problems
from seedance.contract.transport import Exchange
from seedance.spec import load_bundle, operation_roles, operations

from .conftest import MP4_HEAD, TASK_ID, task_json

ROLES = operation_roles(operations(load_bundle()))


def _exchange(op, status, body, content_type="application/json"):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange(
        seq=1,
        operation_id=op.operation_id,
        method=op.method,
        url=f"http://gateway.invalid{op.path}",
        request_headers={},
        request_body=None,
        status=status,
        response_headers={"Content-Type": content_type},
        response_body=raw,
    )


@pytest.mark.parametrize(
    ("role", "status", "body", "content_type"),
    [
        ("retrieve", 200, task_json(status="in_progress", progress=5, extra="x"), None),
        ("create", 200, task_json(), None),
        ("retrieve", 404, {"code": "task_not_found", "message": "gone", "data": None}, None),
        ("create", 401, {"error": {"message": "invalid token", "type": "new_api_error"}}, None),
        ("content", 200, MP4_HEAD, "application/octet-stream"),
        ("content", 200, MP4_HEAD, "video/mp4"),
        ("retrieve", 502, b"<html>bad gateway</html>", "text/html"),
    ],
)
def test_answers_the_sdk_reads_give_no_problem(role, status, body, content_type):
    op = getattr(ROLES, role)
    exchange = _exchange(op, status, body, content_type or "application/json")

    assert client_read_problems(ROLES, op, exchange) == []


def test_content_the_download_would_refuse_is_a_cannot_read_violation():
    exchange = _exchange(ROLES.content, 200, b"\x89PNG\r\n\x1a\n0000", "application/octet-stream")

    problems = client_read_problems(ROLES, ROLES.content, exchange)

    assert len(problems) == 1
    assert problems[0].startswith(f"{CANNOT_READ}: the SDK's download refuses it")


def test_a_task_the_generated_models_cannot_parse_is_a_cannot_read_violation():
    broken = task_json()
    del broken["id"]
    exchange = _exchange(ROLES.retrieve, 200, broken)

    problems = client_read_problems(ROLES, ROLES.retrieve, exchange)

    assert len(problems) == 1
    assert problems[0].startswith(f"{CANNOT_READ}: the generated models raise KeyError")


def test_an_error_body_without_code_or_message_is_a_cannot_read_violation():
    exchange = _exchange(ROLES.retrieve, 500, {"detail": "boom", "id": TASK_ID})

    assert client_read_problems(ROLES, ROLES.retrieve, exchange) == [
        f"{CANNOT_READ}: the SDK's error mapping finds neither a code nor a message in the body"
    ]


def test_an_answer_without_a_body_is_left_to_conformance():
    exchange = _exchange(ROLES.create, 429, b"")

    assert client_read_problems(ROLES, ROLES.create, exchange) == []
