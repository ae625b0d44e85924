"""The conformance hook every mock test uses really fails on off-spec answers.

(The hook checks each answer of every other test in this folder against the bundle: status
documented for the operation, content type documented, body valid, documented headers.)
"""

from __future__ import annotations

import httpx
import pytest

from contract_tests.mock.conformance import Conformance
from contract_tests.mock.helpers import url_of
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
        (404, {"json": {"unexpected": True}}, "404"),
        (200, {"json": {"id": "not-a-task-id"}}, "200"),
        (404, {}, "the answer had none"),
    ],
    ids=["undocumented-status", "wrong-content-type", "invalid-error", "invalid-task", "empty"],
)
def test_off_spec_answers_are_reported(
    checker: Conformance, ops: OperationRoles, status: int, kwargs: dict, says: str
):
    problems = checker.problems(_answer("GET", url_of(ops.retrieve), status, **kwargs))
    assert problems
    assert says in "\n".join(problems)


def test_a_redirect_without_location_and_a_405_without_allow_are_reported(
    checker: Conformance, ops: OperationRoles
):
    assert checker.problems(_answer("GET", url_of(ops.content), 302))
    wrong_method = _answer("DELETE", url_of(ops.content), 405, json={"error": {}})
    assert "Allow" in "\n".join(checker.problems(wrong_method))
