"""Helpers of the mock tests: the bundle's operations by role, bodies, task polling."""

from __future__ import annotations

import copy
import time
from typing import Any

import httpx

from contract_tests.fakes.instances import minimal_instance
from seedance._models import MEDIA_FIELD, PROMPT_TYPE, catalogue
from seedance.contract.session import task_path
from seedance.mock import vocabulary as v
from seedance.spec import OperationInfo, SpecView

JSON = "application/json"
#: Task-error codes as the gateway's documentation states them (docs/gateway.md), written out
#: rather than imported from ``seedance.mock.vocabulary`` so that a typo there fails the tests.
TASK_NOT_FOUND = "task_not_found"
TASK_NOT_READY = "task_not_ready"
TERMINAL = (v.COMPLETED, v.FAILED)


def url_of(op: OperationInfo, task_id: str = "task_" + "0" * 32) -> str:
    """The operation's path with its path parameter filled in (a well-shaped id by default)."""
    return task_path(op, task_id)


def example_body(spec: dict[str, Any], op: OperationInfo) -> dict[str, Any]:
    """The bundle's first request example of ``op`` (else a minimal valid instance).

    Not ``seedance.contract.model.request_model(...).base``: that body swaps in the cheapest
    enum values (e.g. ``seconds`` "4", ``size`` "480p"), not the example as written.
    """
    example = SpecView(spec).request_example(op.operation_id)
    if example is not None:
        return copy.deepcopy(example)
    assert op.request_schema is not None
    body = minimal_instance(op.request_schema)
    assert isinstance(body, dict)
    return body


def in_seed_mode(instance: Any, site: Any = None) -> Any:
    """``instance`` (of the seed page's schema) in the seed page's mode.

    The gateway routes a create by its media types: a body of the seed's schema whose media
    are prompts only is a text-to-video request, judged by that page. Each role the seed's
    mode takes and the body lacks replaces a prompt item (not the one ``site`` is in).
    """
    media = instance.get(MEDIA_FIELD) if isinstance(instance, dict) else None
    if not isinstance(media, list):
        return instance
    path = tuple(site.path) if site is not None else ()
    kept = path[1] if len(path) > 1 and path[0] == MEDIA_FIELD else None
    present = {item.get("type") for item in media if isinstance(item, dict)}
    seed = catalogue().pages[catalogue().seed_page]
    role_items = {item["type"]: item for item in seed.example[MEDIA_FIELD]}
    for role in sorted(seed.roles - present):
        for index in reversed(range(len(media))):
            item = media[index]
            if index != kept and isinstance(item, dict) and item.get("type") == PROMPT_TYPE:
                media[index] = copy.deepcopy(role_items[role])
                break
    return instance


def call(
    client: httpx.Client, op: OperationInfo, task_id: str = "", **kwargs: Any
) -> httpx.Response:
    """Send ``op`` (the create body goes in ``json=``)."""
    path = url_of(op, task_id) if task_id else url_of(op)
    return client.request(op.method, path, **kwargs)


def follow(
    client: httpx.Client, retrieve: OperationInfo, task_id: str, limit: float = 30.0
) -> list[dict[str, Any]]:
    """Retrieve the task until it reaches a terminal status; every body seen, in order."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        response = call(client, retrieve, task_id)
        assert response.status_code == 200, response.text
        seen.append(response.json())
        if seen[-1][v.STATUS] in TERMINAL:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"task {task_id} did not finish within {limit}s: last {seen[-1:]}")
