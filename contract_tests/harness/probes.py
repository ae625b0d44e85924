"""Direct probes of a reference gateway, to prove each fault switch deviates as it claims.

A probe sends the few requests that expose one behaviour and returns a comparable
observation; the self-tests compare a faulty gateway's observation with the faithful one's.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

import httpx

from .faults import Fault
from .spec_targets import CONTENT_OP, CREATE_OP, RETRIEVE_OP, SpecTargets, op_path, spec_targets

__all__ = ["PROBES", "Probe", "create_status", "follow_task"]

Probe = Callable[[httpx.Client, str], Any]


def create_status(client: httpx.Client, key: str, body: Any) -> int:
    """Status of a create with ``body`` (sent as JSON)."""
    response = client.post(
        op_path(CREATE_OP), json=body, headers={"Authorization": f"Bearer {key}"}
    )
    return response.status_code


def _mutated(edit: Callable[[dict[str, Any], SpecTargets], None]) -> Probe:
    def probe(client: httpx.Client, key: str) -> Any:
        t = spec_targets()
        body = copy.deepcopy(t.valid_body())
        edit(body, t)
        return create_status(client, key, body)

    return probe


def _set(field_of: Callable[[SpecTargets], str], value_of: Callable[[SpecTargets], Any]) -> Probe:
    def edit(body: dict[str, Any], t: SpecTargets) -> None:
        body[field_of(t)] = value_of(t)

    return _mutated(edit)


def _drop_item_extra(index: int) -> Probe:
    def edit(body: dict[str, Any], t: SpecTargets) -> None:
        item = body[t.min_items_field][index]
        for extra in t.item_branches[index].required_extra:
            item.pop(extra, None)

    return _mutated(edit)


def _item_type(body: dict[str, Any], t: SpecTargets) -> None:
    body[t.min_items_field][-1][t.item_discriminator] = "not_a_media_type"


def _items(count_of: Callable[[SpecTargets], int]) -> Probe:
    def edit(body: dict[str, Any], t: SpecTargets) -> None:
        items = body[t.min_items_field]
        wanted = count_of(t)
        body[t.min_items_field] = (items * wanted)[:wanted]

    return _mutated(edit)


def _drop_required(body: dict[str, Any], t: SpecTargets) -> None:
    del body[t.first_required_field]


def _first_number(t: SpecTargets) -> int:
    return next(int(v) for v in t.multi_enum_values if v.isdigit())


def _auth(op: str) -> Probe:
    def probe(client: httpx.Client, key: str) -> Any:
        task = follow_task(client, key, wait=False)
        paths = {
            "create": op_path(CREATE_OP),
            "retrieve": op_path(RETRIEVE_OP, task["id"]),
            "content": op_path(CONTENT_OP, task["id"]),
        }
        if op == "create":
            missing = client.post(paths[op], json=spec_targets().valid_body())
            wrong = client.post(
                paths[op], json=spec_targets().valid_body(), headers={"Authorization": "Bearer x"}
            )
        else:
            missing = client.get(paths[op])
            wrong = client.get(paths[op], headers={"Authorization": "Bearer x"})
        return (missing.status_code, wrong.status_code)

    return probe


def follow_task(
    client: httpx.Client, key: str, *, wait: bool = True, limit: float = 1.0
) -> dict[str, Any]:
    """Create a task, note early content, poll until completed (or ``limit``), fetch content."""
    headers = {"Authorization": f"Bearer {key}"}
    created = client.post(op_path(CREATE_OP), json=spec_targets().valid_body(), headers=headers)
    body = created.json()
    record: dict[str, Any] = {
        "id": body.get("id"),
        "create_status": created.status_code,
        "create_keys": tuple(sorted(body)),
        "create_progress": body.get("progress"),
    }
    if not wait:
        return record
    early = client.get(op_path(CONTENT_OP, record["id"]), headers=headers)
    record["early_content"] = (early.status_code, early.headers.get("content-type", ""))
    deadline = time.monotonic() + limit
    seen: list[Any] = []
    while True:
        got = client.get(op_path(RETRIEVE_OP, record["id"]), headers=headers)
        record["retrieve_type"] = got.headers.get("content-type", "").split(";")[0]
        task = got.json()
        seen.append((task.get("status"), task.get("progress"), task.get("id") == record["id"]))
        if task.get("status") == "completed" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    record["final"] = seen[-1]
    record["max_progress"] = max(p for _, p, _ in seen)
    content = client.get(op_path(CONTENT_OP, record["id"]), headers=headers, follow_redirects=True)
    record["content"] = (content.status_code, len(content.content))
    return record


def _lifecycle(key_of_record: str) -> Probe:
    def probe(client: httpx.Client, key: str) -> Any:
        return follow_task(client, key)[key_of_record]

    return probe


def _unknown(client: httpx.Client, key: str) -> Any:
    got = client.get(
        op_path(RETRIEVE_OP, "task_" + "0" * 32), headers={"Authorization": f"Bearer {key}"}
    )
    return got.status_code


def _invalid_status_and_shape(client: httpx.Client, key: str) -> Any:
    response = client.post(
        op_path(CREATE_OP), content=b"{not json", headers={"Authorization": f"Bearer {key}"}
    )
    return (response.status_code, tuple(sorted(response.json())))


#: One probe per fault: its observation differs between that fault and the faithful gateway.
PROBES: dict[Fault, Probe] = {
    Fault.ENUM_NOT_ENFORCED: _set(lambda t: t.multi_enum_field, lambda t: "not-a-value"),
    Fault.ENUM_GAP_ACCEPTED: _set(lambda t: t.numeric_enum_field, lambda t: t.numeric_enum_gaps[0]),
    Fault.ITEM_ENUM_NOT_ENFORCED: _mutated(_item_type),
    Fault.VALID_VALUE_REFUSED: _set(lambda t: t.last_multi_enum_field, lambda t: t.refused_value),
    Fault.BOUND_PLUS_ONE_ACCEPTED: _set(
        lambda t: t.bounded_int_field, lambda t: t.bounded_int_max + 1
    ),
    Fault.BOUND_REFUSED: _set(lambda t: t.bounded_int_field, lambda t: t.bounded_int_max),
    Fault.MIN_ITEMS_NOT_ENFORCED: _items(lambda t: t.min_items - 1),
    Fault.MIN_ITEMS_REFUSED: _items(lambda t: t.min_items),
    Fault.REQUIRED_NOT_ENFORCED: _mutated(_drop_required),
    Fault.WRONG_TYPE_ACCEPTED: _set(lambda t: t.boolean_field, lambda t: "yes"),
    Fault.NUMBER_FOR_STRING_ACCEPTED: _set(lambda t: t.numeric_enum_field, _first_number),
    Fault.PROSE_FIRST_BRANCH_NOT_ENFORCED: _drop_item_extra(0),
    Fault.PROSE_SECOND_BRANCH_NOT_ENFORCED: _drop_item_extra(1),
    Fault.MAX_LENGTH_NOT_ENFORCED: _set(lambda t: t.max_length_field, lambda t: "x" * 1000),
    Fault.MAX_LENGTH_PLUS_ONE_ACCEPTED: _set(
        lambda t: t.max_length_field, lambda t: "x" * (t.max_length + 1)
    ),
    Fault.AUTH_IGNORED_CREATE: _auth("create"),
    Fault.AUTH_IGNORED_RETRIEVE: _auth("retrieve"),
    Fault.AUTH_IGNORED_CONTENT: _auth("content"),
    Fault.AUTH_ANY_KEY_ACCEPTED: _auth("retrieve"),
    Fault.CREATE_ANSWERS_201: _lifecycle("create_status"),
    Fault.VALIDATION_ANSWERS_422: _invalid_status_and_shape,
    Fault.RETRIEVE_TEXT_PLAIN: _lifecycle("retrieve_type"),
    Fault.PROGRESS_OUT_OF_RANGE: _lifecycle("max_progress"),
    Fault.CREATE_BODY_MISSING_FIELD: _lifecycle("create_keys"),
    Fault.ERROR_BODY_OFF_SCHEMA: _invalid_status_and_shape,
    Fault.UNKNOWN_ID_200: _unknown,
    Fault.UNKNOWN_ID_500: _unknown,
    Fault.NEVER_COMPLETES: _lifecycle("final"),
    Fault.CONTENT_BEFORE_COMPLETION_200: _lifecycle("early_content"),
    Fault.RETRIEVE_OTHER_ID: _lifecycle("final"),
    Fault.CONTENT_AFTER_COMPLETION_404: _lifecycle("content"),
    Fault.CONTENT_AFTER_COMPLETION_EMPTY: _lifecycle("content"),
}
