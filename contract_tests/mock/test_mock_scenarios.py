"""Scenarios: the ``Prefer`` header and the same syntax as a start-up option."""

from __future__ import annotations

import time

import httpx
import pytest

from contract_tests.mock.conformance import Conformance, conforming_client
from contract_tests.mock.helpers import TASK_NOT_READY, call, follow
from seedance.mock import MockConfigError, running_mock
from seedance.mock import vocabulary as v
from seedance.mock.app import CDN_PREFIX
from seedance.mock.responses import TASK_ERROR_STATUSES
from seedance.spec import OperationInfo, OperationRoles, load_bundle, operation_roles, operations


def _error_statuses(op: OperationInfo) -> list[int]:
    return [int(s) for s in op.responses if s.isdigit() and int(s) >= 400]


#: The create operation's documented error statuses that are the gateway's own (not a task
#: error; 429 has its own tests below).
GATEWAY_STATUSES = sorted(
    set(_error_statuses(operation_roles(operations(load_bundle())).create))
    - TASK_ERROR_STATUSES
    - {429}
)


@pytest.mark.parametrize("role", ["create", "retrieve", "content"])
def test_prefer_code_answers_every_documented_error_status_of_each_operation(
    client: httpx.Client, ops: OperationRoles, body: dict, role: str
):
    op = getattr(ops, role)
    for status in _error_statuses(op):
        response = call(client, op, json=body, headers={"Prefer": f"code={status}"})
        assert response.status_code == status
        data = response.json()
        assert ("error" in data) or ("code" in data and "message" in data)


@pytest.mark.parametrize("status", GATEWAY_STATUSES)
def test_gateway_failures_use_the_gateway_error_shape(
    client: httpx.Client, ops: OperationRoles, body: dict, status: int
):
    response = call(client, ops.create, json=body, headers={"Prefer": f"code={status}"})
    assert response.status_code == status
    assert set(response.json()["error"]) == {"message", "type", "code"}


def test_code_429_carries_retry_after_default_and_chosen(
    client: httpx.Client, ops: OperationRoles, body: dict
):
    default = call(client, ops.create, json=body, headers={"Prefer": "code=429"})
    assert default.status_code == 429
    assert default.headers["Retry-After"] == "1"
    assert default.json()["error"]["message"]
    chosen = call(client, ops.retrieve, "x", headers={"Prefer": "code=429, retry-after=7"})
    assert chosen.headers["Retry-After"] == "7"


def test_bare_429_has_no_body_and_no_content_type(
    client: httpx.Client, ops: OperationRoles, body: dict
):
    for op in ops.all:
        response = call(client, op, json=body, headers={"Prefer": "scenario=bare-429"})
        assert response.status_code == 429
        assert response.content == b""
        assert "content-type" not in response.headers


def test_a_code_an_operation_does_not_document_is_a_400_in_a_request_and_skipped_at_start_up(
    client: httpx.Client, checker: Conformance, ops: OperationRoles, body: dict
):
    extra = sorted(set(_error_statuses(ops.retrieve)) - set(_error_statuses(ops.create)))
    assert extra, "every error status of retrieve is also documented for create"
    response = call(client, ops.create, json=body, headers={"Prefer": f"code={extra[0]}"})
    assert response.status_code == 400
    assert f"code={extra[0]}" in response.json()["error"]["message"]
    with (
        running_mock(task_seconds=0.2, prefer=f"code={extra[0]}", log_requests=False) as server,
        conforming_client(server.base_url, server.auth_headers, checker) as started,
    ):
        assert call(started, ops.create, json=body).status_code == 200
        assert call(started, ops.retrieve, "x").status_code == extra[0]


def test_task_fail_ends_failed_with_an_error_object(
    client: httpx.Client, ops: OperationRoles, body: dict
):
    task = call(client, ops.create, json=body, headers={"Prefer": "task=fail"}).json()
    assert task[v.STATUS] == v.QUEUED
    last = follow(client, ops.retrieve, task[v.ID])[-1]
    assert last[v.STATUS] == v.FAILED
    assert set(last[v.ERROR]) >= {v.CODE, v.MESSAGE}
    assert last[v.METADATA][v.URL] == ""
    content = call(client, ops.content, task[v.ID])
    assert content.status_code == 400
    assert content.json()["code"] == TASK_NOT_READY


def test_task_fail_no_error_ends_failed_without_an_error_object(
    client: httpx.Client, ops: OperationRoles, body: dict
):
    task = call(client, ops.create, json=body, headers={"Prefer": "task=fail-no-error"}).json()
    last = follow(client, ops.retrieve, task[v.ID])[-1]
    assert last[v.STATUS] == v.FAILED
    assert v.ERROR not in last


@pytest.mark.parametrize(("role", "status"), [("retrieve", 404), ("create", 200)])
def test_delay_holds_the_answer_at_least_that_long(
    client: httpx.Client, ops: OperationRoles, body: dict, role: str, status: int
):
    sent = {"json": body} if role == "create" else {}
    start = time.monotonic()
    response = call(client, getattr(ops, role), "x", headers={"Prefer": "delay=0.3"}, **sent)
    assert time.monotonic() - start >= 0.3
    assert response.status_code == status


@pytest.mark.parametrize(("mode", "status"), [("redirect", 302), ("redirect-307", 307)])
def test_content_redirect_points_at_a_second_mock_url_that_serves_the_bytes(
    client: httpx.Client,
    anonymous: httpx.Client,
    ops: OperationRoles,
    body: dict,
    *,
    mode: str,
    status: int,
):
    task_id = call(client, ops.create, json=body).json()[v.ID]
    follow(client, ops.retrieve, task_id)
    direct = call(client, ops.content, task_id)
    moved = call(client, ops.content, task_id, headers={"Prefer": f"content={mode}"})
    assert moved.status_code == status
    location = moved.headers["Location"]
    assert location.startswith(str(client.base_url).rstrip("/"))
    served = anonymous.get(location)  # like a CDN: no key needed
    assert served.status_code == 200
    assert served.content == direct.content
    assert served.headers["content-type"] == "video/mp4"
    followed = client.get(moved.url, headers={"Prefer": f"content={mode}"}, follow_redirects=True)
    assert followed.content == direct.content


def test_the_cdn_url_of_an_unknown_task_is_404(anonymous: httpx.Client):
    assert anonymous.get(f"{CDN_PREFIX}task_unknown.mp4").status_code == 404


@pytest.mark.parametrize(
    "header", ["code=abc", "code=99", "delay=-1", "delay=61", "task=explode", "code", "content=x"]
)
def test_a_malformed_prefer_header_is_a_400_that_says_what_is_expected(
    client: httpx.Client, ops: OperationRoles, header: str
):
    response = call(client, ops.retrieve, "x", headers={"Prefer": header})
    assert response.status_code == 400
    assert "expected" in response.json()["error"]["message"]


def test_start_up_scenarios_apply_to_every_request_and_headers_override_them(
    checker: Conformance, ops: OperationRoles, body: dict
):
    with (
        running_mock(task_seconds=0.2, prefer="code=503", log_requests=False) as server,
        conforming_client(server.base_url, server.auth_headers, checker) as client,
    ):
        for op in ops.all:
            assert call(client, op, json=body).status_code == 503
        overridden = call(client, ops.create, json=body, headers={"Prefer": "code=429"})
        assert overridden.status_code == 429


def test_start_up_task_outcome_and_redirect_apply_to_every_task(
    checker: Conformance, ops: OperationRoles, body: dict
):
    with (
        running_mock(task_seconds=0.2, prefer="task=fail-no-error", log_requests=False) as s,
        conforming_client(s.base_url, s.auth_headers, checker) as client,
    ):
        task_id = call(client, ops.create, json=body).json()[v.ID]
        assert follow(client, ops.retrieve, task_id)[-1][v.STATUS] == v.FAILED
    with (
        running_mock(task_seconds=0, prefer="content=redirect", log_requests=False) as s,
        conforming_client(s.base_url, s.auth_headers, checker) as client,
    ):
        task_id = call(client, ops.create, json=body).json()[v.ID]
        assert call(client, ops.content, task_id).status_code == 302


def test_an_invalid_start_up_scenario_fails_fast_saying_what_is_expected():
    with pytest.raises(MockConfigError, match="expected one of"), running_mock(prefer="task=maybe"):
        pass


def test_preferences_the_mock_does_not_know_are_ignored(client: httpx.Client, ops: OperationRoles):
    for header in ("respond-async", "return=minimal", "colour=blue; wait=10"):
        response = call(client, ops.retrieve, "x", headers={"Prefer": header})
        assert response.status_code == 404
