"""The conformance hook every mock test uses really fails on off-spec answers.

(The hook checks each answer of every other test in this folder against the bundle: status
documented for the operation, content type documented, body valid, documented headers.)
"""

from __future__ import annotations

import httpx
import pytest

from contract_tests.mock.conformance import Conformance
from contract_tests.mock.helpers import call, url_of
from seedance.spec import OperationRoles


def _answer(method: str, path: str, status: int, **kwargs) -> httpx.Response:
    request = httpx.Request(method, "http://127.0.0.1:1" + path)
    return httpx.Response(status, request=request, **kwargs)


def test_a_conforming_task_error_passes(checker: Conformance, ops: OperationRoles):
    answer = _answer("GET", url_of(ops.retrieve), 404, json={"code": "x", "message": "y"})
    assert checker.problems(answer) == []


@pytest.mark.parametrize(
    ("status", "kwargs", "says"),
    [
        (418, {"json": {"code": "x", "message": "y"}}, "not documented"),
        (404, {"content": b"nope", "headers": {"Content-Type": "text/plain"}}, "content type"),
        (
            404,
            {"json": {"unexpected": True}},
            "body does not match the schema documented for status 404: "
            "body: {'unexpected': True} is not valid under any of the given schemas",
        ),
        (404, {}, "the answer had none"),
    ],
    ids=["undocumented-status", "wrong-content-type", "invalid-error", "empty"],
)
def test_off_spec_answers_are_reported(
    checker: Conformance, ops: OperationRoles, status: int, kwargs: dict, says: str
):
    problems = checker.problems(_answer("GET", url_of(ops.retrieve), status, **kwargs))
    assert problems
    assert says in "\n".join(problems)


def test_a_task_whose_only_fault_is_its_id_is_reported(
    checker: Conformance, client: httpx.Client, ops: OperationRoles, body: dict
):
    """Only ``id`` is off (every required field present), so the pattern check is what fails.
    The task is one the mock answered (a minimal instance would need a search for the
    shortest id matching the pattern, ~15 s)."""
    task = call(client, ops.create, json=body).json()
    assert checker.problems(_answer("GET", url_of(ops.retrieve), 200, json=task)) == []
    task["id"] = "not-a-task-id"
    problems = checker.problems(_answer("GET", url_of(ops.retrieve), 200, json=task))
    assert len(problems) == 1, problems
    assert "body does not match the schema documented for status 200" in problems[0]
    assert "id: 'not-a-task-id' does not match" in problems[0]


def test_a_redirect_without_location_and_a_405_without_allow_are_reported(
    checker: Conformance, ops: OperationRoles
):
    assert checker.problems(_answer("GET", url_of(ops.content), 302))
    wrong_method = _answer("DELETE", url_of(ops.content), 405, json={"error": {}})
    assert "Allow" in "\n".join(checker.problems(wrong_method))
