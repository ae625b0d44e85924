"""The reference gateway is faithful to the documented gateway, in each form the documentation
allows: the contract harness's own tests judge it as the harness judges a target.

That each fault switch deviates needs no probe of its own: the harness catches every fault
(``test_faults_are_caught.py``) and passes the faithful gateway with the same checks, so a
switch that changed nothing would fail there.
"""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest

from contract_tests.fakes.faults import Variant
from contract_tests.fakes.harness_fixtures import GatewayFactory, RunningGateway
from contract_tests.fakes.spec_targets import (
    CONTENT_OP,
    CREATE_OP,
    RETRIEVE_OP,
    UNKNOWN_TASK_ID,
    op_path,
    spec_targets,
)
from seedance.contract.conformance import response_problems
from seedance.contract.transport import Exchange
from seedance.spec import SchemaView, load_bundle, operations

_OPS = operations(load_bundle())


def follow_task(client: httpx.Client, key: str) -> dict[str, Any]:
    """Create a task, poll it until it completes (at most a second), fetch its content."""
    auth = {"Authorization": f"Bearer {key}"}
    task_id = client.post(op_path(CREATE_OP), json=spec_targets().valid_body(), headers=auth)
    record: dict[str, Any] = {"id": task_id.json()["id"]}
    deadline = time.monotonic() + 1.0
    while True:
        task = client.get(op_path(RETRIEVE_OP, record["id"]), headers=auth).json()
        record["final"] = (task["status"], task["progress"], task["id"] == record["id"])
        if task["status"] == "completed" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    content = client.get(op_path(CONTENT_OP, record["id"]), headers=auth, follow_redirects=True)
    record["content"] = (content.status_code, len(content.content))
    return record


def _conforms(op_id: str, response: httpx.Response) -> None:
    """The answer conforms to what ``op_id`` documents, judged as the contract harness judges."""
    exchange = Exchange(
        seq=0,
        operation_id=op_id,
        method=response.request.method,
        url=str(response.request.url),
        request_headers={},
        request_body=None,
        status=response.status_code,
        response_headers=dict(response.headers),
        response_body=response.content,
    )
    problems = response_problems(_OPS[op_id], exchange)
    assert not problems, f"{op_id} answered {response.status_code}: {problems}"


def test_the_unknown_task_id_has_the_documented_task_id_shape() -> None:
    """Unknown-id probes test the lookup, not the id format: the id must look like a real one."""
    assert re.fullmatch(spec_targets().task_id_pattern, UNKNOWN_TASK_ID)


def test_faithful_gateway_answers_every_operation_as_documented(
    start_gateway: GatewayFactory, api_key: str
) -> None:
    running = start_gateway(task_seconds=0.3)
    auth = {"Authorization": f"Bearer {api_key}"}
    with running.client() as client:
        created = client.post(op_path(CREATE_OP), json=spec_targets().valid_body(), headers=auth)
        assert created.status_code == 200
        _conforms(CREATE_OP, created)
        task = created.json()
        assert re.fullmatch(spec_targets().task_id_pattern, task["id"])
        assert (task["status"], task["progress"]) == ("queued", 0)

        early = client.get(op_path(CONTENT_OP, task["id"]), headers=auth)
        assert (early.status_code, early.json()["code"]) == (400, "task_not_ready")
        _conforms(CONTENT_OP, early)

        record = follow_task(client, api_key)
        assert record["final"] == ("completed", spec_targets().task_progress_max, True)
        assert record["content"][0] == 200
        assert record["content"][1] > 0

        retrieved = client.get(op_path(RETRIEVE_OP, task["id"]), headers=auth)
        _conforms(RETRIEVE_OP, retrieved)
        content = client.get(op_path(CONTENT_OP, task["id"]), headers=auth)
        _conforms(CONTENT_OP, content)
        assert content.headers["content-type"] == spec_targets().content_media_type

        unknown = client.get(op_path(RETRIEVE_OP, UNKNOWN_TASK_ID), headers=auth)
        assert (unknown.status_code, unknown.json()["code"]) == (404, "task_not_found")
        _conforms(RETRIEVE_OP, unknown)


@pytest.mark.parametrize("op_id", [CREATE_OP, RETRIEVE_OP, CONTENT_OP])
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-key", "Basic abc"])
def test_faithful_gateway_refuses_missing_or_wrong_keys_in_the_gateway_error_shape(
    shared_faithful_gateway: RunningGateway, op_id: str, authorization: str | None
) -> None:
    running = shared_faithful_gateway
    headers = {"Authorization": authorization} if authorization else {}
    path = op_path(op_id, UNKNOWN_TASK_ID)
    with running.client() as client:
        response = client.request(
            _OPS[op_id].method, path, headers=headers, json=spec_targets().valid_body()
        )
    assert response.status_code == 401
    assert set(response.json()) == {"error"}
    _conforms(op_id, response)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b"null", b"{}"],
    ids=["not-json", "array", "null", "empty-object"],
)
def test_faithful_gateway_refuses_invalid_bodies_with_400_task_errors(
    start_gateway: GatewayFactory, api_key: str, body: bytes
) -> None:
    running = start_gateway()
    with running.client() as client:
        response = client.post(
            op_path(CREATE_OP), content=body, headers={"Authorization": f"Bearer {api_key}"}
        )
    assert response.status_code == 400
    assert {"code", "message"} <= set(response.json())
    _conforms(CREATE_OP, response)
    assert running.gateway.stats.accepted_creates() == 0


def test_not_exist_variant_answers_unknown_ids_with_400_task_not_exist(
    start_gateway: GatewayFactory, api_key: str
) -> None:
    running = start_gateway(variant=Variant.NOT_EXIST_400)
    with running.client() as client:
        response = client.get(
            op_path(RETRIEVE_OP, UNKNOWN_TASK_ID), headers={"Authorization": f"Bearer {api_key}"}
        )
    assert (response.status_code, response.json()["code"]) == (400, "task_not_exist")
    _conforms(RETRIEVE_OP, response)


def test_redirect_variant_serves_content_through_a_302(
    start_gateway: GatewayFactory, api_key: str
) -> None:
    running = start_gateway(variant=Variant.CONTENT_REDIRECT, task_seconds=0.2)
    with running.client() as client:
        record = follow_task(client, api_key)
        direct = client.get(
            op_path(CONTENT_OP, record["id"]), headers={"Authorization": f"Bearer {api_key}"}
        )
    assert direct.status_code == 302
    _conforms(CONTENT_OP, direct)
    assert record["content"][0] == 200
    assert record["content"][1] > 0


def test_gateway_counts_only_2xx_creates_as_accepted(
    start_gateway: GatewayFactory, api_key: str
) -> None:
    running = start_gateway()
    with running.client() as client:
        client.post(op_path(CREATE_OP), json=spec_targets().valid_body())
        client.post(
            op_path(CREATE_OP),
            json=spec_targets().valid_body(),
            headers={"Authorization": f"Bearer {api_key}"},
        )
    assert len(running.gateway.stats.creates()) == 2
    assert running.gateway.stats.accepted_creates() == 1


def test_rate_limited_variant_answers_every_seventh_request_with_a_bare_429(
    start_gateway: GatewayFactory, api_key: str
) -> None:
    running = start_gateway(variant=Variant.RATE_LIMITED)
    auth = {"Authorization": f"Bearer {api_key}"}
    with running.client() as client:
        answers = [
            client.get(op_path(RETRIEVE_OP, UNKNOWN_TASK_ID), headers=auth) for _ in range(14)
        ]
    limited = [i for i, r in enumerate(answers, 1) if r.status_code == 429]
    assert limited == [7, 14]
    assert answers[6].content == b""
    assert answers[6].headers["retry-after"] == "0"
    for answer in answers:  # the bare 429s too: the spec marks that body optional
        _conforms(RETRIEVE_OP, answer)


def test_other_forms_variant_redirects_with_307_to_octet_stream_and_adds_fields(
    start_gateway: GatewayFactory, api_key: str
) -> None:
    running = start_gateway(variant=Variant.OTHER_ALLOWED_FORMS, task_seconds=0.2)
    auth = {"Authorization": f"Bearer {api_key}"}
    with running.client() as client:
        record = follow_task(client, api_key)
        direct = client.get(op_path(CONTENT_OP, record["id"]), headers=auth)
        target = client.get(direct.headers["location"])
        task = client.get(op_path(RETRIEVE_OP, record["id"]), headers=auth)
    assert direct.status_code == 307
    _conforms(CONTENT_OP, direct)
    media_types = list(_OPS[CONTENT_OP].responses["200"].content)
    assert target.headers["content-type"] == media_types[-1] != media_types[0]
    _conforms(RETRIEVE_OP, task)
    task_schema = _OPS[RETRIEVE_OP].responses["200"].content["application/json"]
    assert task_schema is not None
    documented = set(SchemaView.of(task_schema).properties)
    assert set(task.json()) - documented, "no undocumented extra field"
