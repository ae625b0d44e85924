"""Direct probes of a reference gateway, to prove each fault switch deviates as it claims.

A probe sends the few requests that expose one behaviour and returns a comparable
observation; the self-tests compare a faulty gateway's observation with the faithful one's.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable
from typing import Any

import httpx

from seedance._models import Mode, catalogue

from .faults import Fault
from .spec_targets import (
    CONTENT_OP,
    CREATE_OP,
    RETRIEVE_OP,
    UNKNOWN_TASK_ID,
    SpecTargets,
    family_targets,
    op_path,
    spec_targets,
)

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


def _empty_extra(body: dict[str, Any], t: SpecTargets) -> None:
    for extra in t.item_branches[0].required_extra:
        body[t.min_items_field][0][extra] = ""


_empty_item_extra = _mutated(_empty_extra)


def _drop_item_extra(index: int) -> Probe:
    def edit(body: dict[str, Any], t: SpecTargets) -> None:
        item = body[t.min_items_field][index]
        for extra in t.item_branches[index].required_extra:
            item.pop(extra, None)

    return _mutated(edit)


def _item_type(body: dict[str, Any], t: SpecTargets) -> None:
    body[t.min_items_field][-1][t.item_discriminator] = "not_a_media_type"


def _items(count_of: Callable[[SpecTargets], int]) -> Probe:
    """``count_of`` items, the last ones first (the media that choose the page follow the
    prompt: fewer items must stay the seed page's request, not become another page's)."""

    def edit(body: dict[str, Any], t: SpecTargets) -> None:
        items = body[t.min_items_field][::-1]
        wanted = count_of(t)
        body[t.min_items_field] = (items * wanted)[:wanted][::-1]

    return _mutated(edit)


def _family_value(client: httpx.Client, key: str) -> Any:
    """Another model's value on the page whose enum lacks it."""
    f = family_targets()
    page = catalogue().pages[f.value_page]
    return create_status(client, key, {**page_body(page), f.value_field: f.value})


def _family_linkage(client: httpx.Client, key: str) -> Any:
    """Under its condition, a value the first x-linkage rule excludes."""
    f = family_targets()
    page = next(m for m in catalogue().models[f.linkage_model].modes.values() if m.linkage)
    rule = page.linkage[0]
    allowed = page.fields[rule.field].enum or ()
    excluded = next(v for v in allowed if v not in rule.options)
    body = {**page_body(page), rule.when_field: rule.value, rule.field: excluded}
    return create_status(client, key, body)


def _family_missing_mode(client: httpx.Client, key: str) -> Any:
    """Another model's page's request in a mode the model lacks, under that model."""
    f = family_targets()
    cat = catalogue()
    lacked = next(
        m for m in cat.pages.values() if m.name not in cat.models[f.missing_mode_model].modes
    )
    return create_status(client, key, {**page_body(lacked), "model": f.missing_mode_model})


def page_body(page: Mode) -> dict[str, Any]:
    """A valid request of ``page``: the prompt and one item of each media type it takes."""
    media = [{"type": "text", "text": "a fox"}]
    media += [{"type": role, "url": "https://example.com/a.png"} for role in sorted(page.roles)]
    return {"model": page.model, "media": media}


def _drop_required(body: dict[str, Any], t: SpecTargets) -> None:
    del body[t.first_required_field]


def _drop_second_required(body: dict[str, Any], t: SpecTargets) -> None:
    del body[t.second_required_field]


def _first_number(t: SpecTargets) -> int:
    return next(int(v) for v in t.numeric_enum_values if v.isdigit())


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
    client: httpx.Client,
    key: str,
    *,
    wait: bool = True,
    limit: float = 1.0,
    fetch_content: bool = True,
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
        record["url_set"] = bool((task.get("metadata") or {}).get("url"))
        if task.get("status") == "completed" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    record["final"] = seen[-1]
    record["max_progress"] = max(p for _, p, _ in seen)
    if not fetch_content:
        return record
    content = client.get(op_path(CONTENT_OP, record["id"]), headers=headers, follow_redirects=True)
    record["content"] = (content.status_code, len(content.content))
    record["content_head"] = content.content[:8]
    record["content_type"] = content.headers.get("content-type", "").split(";")[0]
    return record


def _create_shape(client: httpx.Client, key: str) -> Any:
    created = client.post(
        op_path(CREATE_OP),
        json=spec_targets().valid_body(),
        headers={"Authorization": f"Bearer {key}"},
    )
    try:
        body = created.json()
    except ValueError:
        return "not json"
    return tuple(sorted(body))


def _retrieve_shape(client: httpx.Client, key: str) -> Any:
    record = follow_task(client, key, wait=False)
    got = client.get(op_path(RETRIEVE_OP, record["id"]), headers={"Authorization": f"Bearer {key}"})
    return type(got.json()).__name__


def _redirects(client: httpx.Client, key: str) -> Any:
    record = follow_task(client, key, fetch_content=False)
    first = client.get(
        op_path(CONTENT_OP, record["id"]), headers={"Authorization": f"Bearer {key}"}
    )
    return (first.status_code, first.headers.get("location", "").endswith(first.url.path))


def _shaped_id(client: httpx.Client, key: str) -> Any:
    record = follow_task(client, key, wait=False)
    return re.fullmatch(spec_targets().task_id_pattern, str(record["id"])) is not None


def _lifecycle(key_of_record: str) -> Probe:
    def probe(client: httpx.Client, key: str) -> Any:
        return follow_task(client, key)[key_of_record]

    return probe


def _unknown(client: httpx.Client, key: str) -> Any:
    got = client.get(
        op_path(RETRIEVE_OP, UNKNOWN_TASK_ID), headers={"Authorization": f"Bearer {key}"}
    )
    return got.status_code


def _auth_shape(client: httpx.Client, key: str) -> Any:
    response = client.post(op_path(CREATE_OP), json=spec_targets().valid_body())
    return (response.status_code, response.headers.get("content-type", "").split(";")[0])


def _unknown_shape(client: httpx.Client, key: str) -> Any:
    got = client.get(
        op_path(RETRIEVE_OP, UNKNOWN_TASK_ID), headers={"Authorization": f"Bearer {key}"}
    )
    return (got.status_code, tuple(sorted(got.json())))


def _unknown_content(client: httpx.Client, key: str) -> Any:
    got = client.get(
        op_path(CONTENT_OP, UNKNOWN_TASK_ID), headers={"Authorization": f"Bearer {key}"}
    )
    return got.status_code


def _unknown_content_code(client: httpx.Client, key: str) -> Any:
    got = client.get(
        op_path(CONTENT_OP, UNKNOWN_TASK_ID), headers={"Authorization": f"Bearer {key}"}
    )
    return (got.status_code, got.json().get("code"))


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
    Fault.CONTENT_HTML_AS_VIDEO: _lifecycle("content_head"),
    Fault.CONTENT_TRUNCATED_MP4: _lifecycle("content_head"),
    Fault.ENUM_CASE_INSENSITIVE: _set(
        lambda t: t.word_enum_field, lambda t: t.word_enum_values[0].upper()
    ),
    Fault.ENUM_WHITESPACE_TRIMMED: _set(
        lambda t: t.numeric_enum_field, lambda t: f" {t.numeric_enum_values[0]} "
    ),
    Fault.ENUM_PARSED_AS_NUMBER: _set(
        lambda t: t.numeric_enum_field, lambda t: f"0{t.numeric_enum_values[0]}"
    ),
    Fault.ENUM_SAME_SHAPE_ACCEPTED: _set(
        lambda t: t.word_enum_field, lambda t: "9" + t.word_enum_values[-1]
    ),
    Fault.SINGLE_ENUM_ALIAS_ACCEPTED: _set(
        lambda t: t.single_enum_field,
        lambda t: str(t.valid_body()[t.single_enum_field]).rsplit("-", 1)[0],
    ),
    Fault.BOUND_MIN_MINUS_ONE_ACCEPTED: _set(
        lambda t: t.bounded_int_field, lambda t: t.bounded_int_min - 1
    ),
    Fault.BOUND_MIN_REFUSED: _set(lambda t: t.bounded_int_field, lambda t: t.bounded_int_min),
    Fault.INTEGER_AS_STRING_ACCEPTED: _set(lambda t: t.bounded_int_field, lambda t: "7"),
    Fault.BOOLEAN_AS_NUMBER_ACCEPTED: _set(lambda t: t.boolean_field, lambda t: 1),
    Fault.SECOND_REQUIRED_NOT_ENFORCED: _mutated(_drop_second_required),
    Fault.NULL_TREATED_AS_ABSENT: _set(lambda t: t.bounded_int_field, lambda t: None),
    Fault.INTEGER_AS_FLOAT_TRUNCATED: _set(lambda t: t.bounded_int_field, lambda t: 2.5),
    Fault.STRING_AS_NUMBER_ACCEPTED: _set(lambda t: t.max_length_field, lambda t: 42),
    Fault.NON_JSON_ANSWERS_500: _invalid_status_and_shape,
    Fault.UNAUTHORIZED_TEXT_PLAIN: _auth_shape,
    Fault.CONTENT_TEXT_PLAIN: _lifecycle("content_type"),
    Fault.TASK_ID_OFF_PATTERN: _shaped_id,
    Fault.STATUS_OUTSIDE_ENUM: _lifecycle("final"),
    Fault.NOT_FOUND_BODY_OFF_SCHEMA: _unknown_shape,
    Fault.CREATE_ANSWERS_202: _lifecycle("create_status"),
    Fault.UNKNOWN_ID_400_OTHER_CODE: _unknown,
    Fault.CONTENT_UNKNOWN_ID_500: _unknown_content,
    Fault.CONTENT_EARLY_404: _lifecycle("early_content"),
    Fault.REDIRECT_TO_MISSING: _lifecycle("content"),
    Fault.REDIRECT_LOOP: _redirects,
    Fault.INVALID_KEY_403: _auth("retrieve"),
    Fault.CONTENT_UNKNOWN_ID_NOT_READY: _unknown_content_code,
    Fault.CONTENT_NEVER_READY: _lifecycle("content"),
    Fault.EMPTY_TEXT_REFUSED: _empty_item_extra,
    Fault.MAX_LENGTH_IN_BYTES: _set(lambda t: t.max_length_field, lambda t: "é" * t.max_length),
    Fault.CREATE_NOT_QUEUED: _lifecycle("create_progress"),
    Fault.RESULT_URL_NEVER_SET: _lifecycle("url_set"),
    Fault.CREATE_BODY_NOT_JSON: _create_shape,
    Fault.CREATE_BODY_WITHOUT_ID: _create_shape,
    Fault.RETRIEVE_BODY_ARRAY: _retrieve_shape,
    Fault.FAMILY_VALUE_OF_OTHER_MODEL: _family_value,
    Fault.FAMILY_LINKAGE_IGNORED: _family_linkage,
    Fault.FAMILY_MISSING_MODE_ACCEPTED: _family_missing_mode,
}
