"""Auth: every operation wants ``Authorization: Bearer <key>`` and answers 401 otherwise."""

from __future__ import annotations

import httpx
import pytest

from contract_tests.mock.conformance import Conformance, conforming_client
from contract_tests.mock.helpers import call
from seedance.mock import MockServer, running_mock
from seedance.spec import OperationRoles

BAD_HEADERS = {
    "missing": {},
    "wrong key": {"Authorization": "Bearer sk-not-the-mock-key"},
    "bearer without key": {"Authorization": "Bearer"},
    "basic scheme": {"Authorization": "Basic c2stbW9jazo="},
    "key without scheme": {"Authorization": "sk-mock"},
}


@pytest.mark.parametrize("case", list(BAD_HEADERS))
@pytest.mark.parametrize("role", ["create", "retrieve", "content"])
def test_every_operation_answers_401_in_the_gateway_shape_without_the_right_key(
    shared_mock: MockServer,
    checker: Conformance,
    ops: OperationRoles,
    body: dict,
    *,
    role: str,
    case: str,
):
    with conforming_client(shared_mock.base_url, BAD_HEADERS[case], checker) as client:
        response = call(client, getattr(ops, role), json=body if role == "create" else None)
    assert response.status_code == 401
    error = response.json()["error"]
    assert "Bearer" in error["message"]
    assert set(error) >= {"message", "type", "code"}


def test_the_401_message_never_echoes_the_key_that_was_sent(
    anonymous: httpx.Client, ops: OperationRoles
):
    sent = "sk-secret-value-that-must-not-leak"
    response = call(anonymous, ops.retrieve, headers={"Authorization": f"Bearer {sent}"})
    assert response.status_code == 401
    assert sent not in response.text


def test_a_bearer_scheme_in_any_case_with_the_right_key_is_accepted(
    anonymous: httpx.Client, ops: OperationRoles, body: dict
):
    response = call(anonymous, ops.create, json=body, headers={"Authorization": "bearer sk-mock"})
    assert response.status_code == 200


def test_the_key_comes_from_seedance_api_key_and_then_sk_mock_is_refused(
    monkeypatch: pytest.MonkeyPatch, checker: Conformance, ops: OperationRoles, body: dict
):
    monkeypatch.setenv("SEEDANCE_API_KEY", "sk-from-the-environment")
    with running_mock(task_seconds=1, log_requests=False) as server:
        assert server.api_key == "sk-from-the-environment"
        good = {"Authorization": "Bearer sk-from-the-environment"}
        with conforming_client(server.base_url, good, checker) as client:
            assert call(client, ops.create, json=body).status_code == 200
        default = {"Authorization": "Bearer sk-mock"}
        with conforming_client(server.base_url, default, checker) as client:
            assert call(client, ops.create, json=body).status_code == 401


def test_without_the_environment_variable_the_key_is_sk_mock(
    monkeypatch: pytest.MonkeyPatch, checker: Conformance, ops: OperationRoles, body: dict
):
    monkeypatch.delenv("SEEDANCE_API_KEY", raising=False)
    with running_mock(task_seconds=1, log_requests=False) as server:
        assert server.api_key == "sk-mock"
        with conforming_client(server.base_url, server.auth_headers, checker) as client:
            assert call(client, ops.create, json=body).status_code == 200
