"""Task lifecycle: queued -> in_progress -> completed, content once completed, 404 unknown."""

from __future__ import annotations

import re
import threading

import httpx
import pytest

from contract_tests.mock.conformance import Conformance, conforming_client
from contract_tests.mock.helpers import TASK_NOT_FOUND, TASK_NOT_READY, call, follow, url_of
from contract_tests.mock.test_mock_mp4 import boxes
from seedance.mock import MockConfig, MockConfigError, MockServer, running_mock
from seedance.mock import vocabulary as v
from seedance.mock.config import MAX_TASKS_ENV
from seedance.spec import OperationRoles, SchemaView, bundle_view


def _task_schema(ops: OperationRoles) -> SchemaView:
    """The schema of the create's 200 answer: the task."""
    schema = bundle_view().response_body(ops.create.operation_id, "200")
    assert schema is not None, "the create documents no JSON 200 answer"
    return schema


def _request_schema(ops: OperationRoles) -> SchemaView:
    schema = bundle_view().request_body(ops.create.operation_id)
    assert schema is not None, "the create takes no JSON body"
    return schema


def test_create_answers_a_queued_task_at_progress_zero_with_a_spec_shaped_id(
    client: httpx.Client, ops: OperationRoles, body: dict
):
    response = call(client, ops.create, json=body)
    assert response.status_code == 200
    task = response.json()
    assert task[v.STATUS] == v.QUEUED
    assert task[v.PROGRESS] == 0
    pattern = _task_schema(ops).properties[v.ID].get("pattern")
    assert re.fullmatch(pattern, task[v.ID])
    assert task[v.METADATA][v.URL] == ""


def test_create_echoes_the_request_fields_a_task_carries_and_their_defaults(
    client: httpx.Client, ops: OperationRoles, body: dict
):
    task_props = _task_schema(ops).properties
    request_props = _request_schema(ops).properties
    shared = [name for name in request_props if name in task_props]
    assert shared, "the bundle's request and task share no field"
    task = call(client, ops.create, json=body).json()
    for name in shared:
        assert task[name] == body[name]
    optional = [n for n in shared if "default" in request_props[n].node and n in body]
    trimmed = {k: val for k, val in body.items() if k not in optional}
    task = call(client, ops.create, json=trimmed).json()
    for name in optional:
        assert task[name] == request_props[name].default


def test_a_task_goes_queued_then_in_progress_then_completed_with_rising_progress(
    client: httpx.Client, ops: OperationRoles, body: dict
):
    task_id = call(client, ops.create, json=body).json()[v.ID]
    seen = follow(client, ops.retrieve, task_id)
    statuses = [t[v.STATUS] for t in seen]
    assert statuses[-1] == v.COMPLETED
    order = [v.QUEUED, v.IN_PROGRESS, v.COMPLETED]
    assert [order.index(s) for s in statuses] == sorted(order.index(s) for s in statuses)
    progress = [t[v.PROGRESS] for t in seen]
    assert progress == sorted(progress)
    assert progress[-1] == 100
    assert all(v.COMPLETED_AT in t for t in seen)
    assert all(t[v.METADATA][v.URL] == "" for t in seen[:-1])
    assert seen[-1][v.METADATA][v.URL] == str(client.base_url).rstrip("/") + url_of(
        ops.content, task_id
    )


def test_content_is_400_task_not_ready_before_completion_then_a_valid_mp4(
    client: httpx.Client, ops: OperationRoles, body: dict
):
    task_id = call(client, ops.create, json=body).json()[v.ID]
    early = call(client, ops.content, task_id)
    assert early.status_code == 400
    assert early.json()["code"] == TASK_NOT_READY
    url = follow(client, ops.retrieve, task_id)[-1][v.METADATA][v.URL]
    done = client.get(url)
    assert done.status_code == 200
    assert done.headers["content-type"] == "video/mp4"
    assert [kind for kind, _ in boxes(done.content)] == [b"ftyp", b"moov", b"mdat"]


def test_unknown_task_ids_are_404_task_not_found_on_retrieve_and_content(
    client: httpx.Client, ops: OperationRoles
):
    for op in (ops.retrieve, ops.content):
        for task_id in ("task_" + "z" * 32, "nope", "%20"):
            response = call(client, op, task_id)
            assert response.status_code == 404
            assert response.json()["code"] == TASK_NOT_FOUND


def test_concurrent_creates_and_retrieves_are_consistent(
    shared_mock: MockServer, checker: Conformance, ops: OperationRoles, body: dict
):
    created: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        with conforming_client(shared_mock.base_url, shared_mock.auth_headers, checker) as c:
            for _ in range(15):
                try:
                    task = call(c, ops.create, json=body).json()
                    again = call(c, ops.retrieve, task[v.ID]).json()
                    assert again[v.ID] == task[v.ID]
                    with lock:
                        created.append(task[v.ID])
                except AssertionError as exc:
                    with lock:
                        failures.append(str(exc))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert len(created) == len(set(created)) == 8 * 15


def test_beyond_max_tasks_the_oldest_task_is_forgotten_and_the_newest_are_kept(
    checker: Conformance, ops: OperationRoles, body: dict
):
    with (
        running_mock(max_tasks=2, task_seconds=60) as mock,
        conforming_client(mock.base_url, mock.auth_headers, checker) as c,
    ):
        ids = [call(c, ops.create, json=body).json()[v.ID] for _ in range(3)]
        forgotten = call(c, ops.retrieve, ids[0])
        kept = [call(c, ops.retrieve, task_id) for task_id in ids[1:]]
    assert forgotten.status_code == 404
    assert forgotten.json()["code"] == TASK_NOT_FOUND
    assert [r.status_code for r in kept] == [200, 200]
    assert [r.json()[v.ID] for r in kept] == ids[1:]


def test_max_tasks_comes_from_the_environment_and_a_bad_value_is_refused(monkeypatch):
    monkeypatch.setenv(MAX_TASKS_ENV, "25")
    assert MockConfig.from_env().max_tasks == 25
    assert MockConfig.from_env(max_tasks=7).max_tasks == 7
    monkeypatch.setenv(MAX_TASKS_ENV, "many")
    with pytest.raises(MockConfigError, match=f"{MAX_TASKS_ENV}='many': expected a whole number"):
        MockConfig.from_env()
    monkeypatch.setenv(MAX_TASKS_ENV, "0")
    with pytest.raises(MockConfigError, match="max_tasks=0: expected positive"):
        MockConfig.from_env()
