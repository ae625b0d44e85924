"""Response conformance: undocumented statuses, content types and off-schema bodies are caught."""

from __future__ import annotations

import json

from seedance.contract.conformance import response_problems
from seedance.contract.session import find_roles
from seedance.contract.transport import Exchange
from seedance.spec import load_bundle, operations

ROLES = find_roles(operations(load_bundle()))


def _exchange(status: int, body: object = None, content_type: str = "application/json") -> Exchange:
    raw = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    headers = {"content-type": content_type} if content_type else {}
    return Exchange(
        1,
        "x",
        "GET",
        "http://t/x",
        {},
        None,
        status=status,
        response_headers=headers,
        response_body=raw,
    )


def test_an_undocumented_status_is_a_problem():
    problems = response_problems(ROLES.create, _exchange(422, {"code": "x", "message": "y"}))
    assert problems
    assert "422 is not documented" in problems[0]


def test_both_error_shapes_conform():
    assert (
        response_problems(
            ROLES.retrieve, _exchange(404, {"code": "task_not_found", "message": "m"})
        )
        == []
    )
    gateway = {"error": {"message": "bad key", "type": "auth", "code": "invalid"}}
    assert response_problems(ROLES.retrieve, _exchange(401, gateway)) == []


def test_an_error_body_off_schema_is_a_problem():
    problems = response_problems(ROLES.retrieve, _exchange(404, {"detail": "Not Found"}))
    assert problems
    assert "does not match the schema" in problems[0]


def test_an_undocumented_content_type_is_a_problem():
    problems = response_problems(ROLES.retrieve, _exchange(404, b"not found", "text/plain"))
    assert problems
    assert "text/plain" in problems[0]


def test_a_bare_429_is_tolerated_because_the_spec_says_it_may_have_no_body():
    assert response_problems(ROLES.create, _exchange(429, None, "")) == []


def test_a_documented_json_error_status_without_a_body_is_a_problem():
    assert response_problems(ROLES.create, _exchange(400, None, ""))


def test_a_redirect_without_location_is_a_problem():
    problems = response_problems(ROLES.content, _exchange(302, None, ""))
    assert problems
    assert "Location" in problems[0]


def test_unknown_extra_fields_of_a_task_are_tolerated():
    task = {
        "id": "task_" + "a" * 32,
        "object": "video",
        "model": "m",
        "status": "unknown",
        "progress": 0,
        "created_at": 1,
        "completed_at": 2,
        "something_new": {"x": 1},
    }
    assert response_problems(ROLES.retrieve, _exchange(200, task)) == []


def test_a_documented_integer_header_with_a_non_integer_value_is_a_problem():
    error = {"code": "rate_limited", "message": "slow down"}
    answer = _exchange(429, error)
    answer.response_headers["Retry-After"] = "soon"
    problems = response_problems(ROLES.create, answer)
    assert any("Retry-After" in p and "not an integer" in p for p in problems)
    answer.response_headers["Retry-After"] = "3"
    assert response_problems(ROLES.create, answer) == []
