"""The mock serves every vendored model and mode: each page judges the requests its model and
media select, with the same lifecycle for all; a model no page describes gets the gateway's
answer for it. Every model, mode, value and rule here is read from the catalogue (the
vendored pages), never listed."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from contract_tests.mock.helpers import call, follow
from seedance._models import MEDIA_FIELD, MODEL_FIELD, PROMPT_TYPE, Mode, catalogue
from seedance.mock import vocabulary as v
from seedance.spec import OperationRoles

CATALOGUE = catalogue()
MODES = list(CATALOGUE.pages.values())
_IDS = [f"{m.model}:{m.name}" for m in MODES]
_URL = "https://example.com/media.png"


def _body(mode: Mode) -> dict[str, Any]:
    """The page's own example, else a prompt and one item of each media type it takes."""
    if mode.example is not None:
        return copy.deepcopy(mode.example)
    media = [{"type": PROMPT_TYPE, "text": "a fox"}]
    media += [{"type": role, "url": _URL} for role in sorted(mode.roles)]
    return {MODEL_FIELD: mode.model, MEDIA_FIELD: media}


def _refused(response: httpx.Response, *fragments: str) -> list[dict[str, str]]:
    assert response.status_code == 400, response.text
    error = response.json()
    for fragment in fragments:
        assert fragment in error["message"], (fragment, error["message"])
    return list((error.get("data") or {}).get("errors") or [])


@pytest.mark.parametrize("mode", MODES, ids=_IDS)
def test_each_pages_request_is_accepted_and_runs_the_same_lifecycle(
    client: httpx.Client, ops: OperationRoles, mode: Mode
):
    created = call(client, ops.create, json=_body(mode))

    assert created.status_code == 200, created.text
    task = created.json()
    assert task[MODEL_FIELD] == mode.model
    assert task[v.STATUS] == v.QUEUED
    states = follow(client, ops.retrieve, task[v.ID])
    assert states[-1][v.STATUS] == v.COMPLETED
    assert all(state[MODEL_FIELD] == mode.model for state in states)
    for name in ("seconds", "size"):  # echoed with the page's own default when left out
        if name in mode.defaults and name not in _body(mode):
            assert task[name] == mode.defaults[name], (name, task)


@pytest.mark.parametrize("mode", MODES, ids=_IDS)
def test_each_page_refuses_one_past_its_enums_and_bounds(
    client: httpx.Client, ops: OperationRoles, mode: Mode
):
    body = _body(mode)
    for spec in mode.fields.values():
        if spec.enum is not None and all(isinstance(e, str) for e in spec.enum):
            outside = "".join(spec.enum) + "-x"
            _refused(call(client, ops.create, json={**body, spec.name: outside}), spec.name)
        if spec.maximum is not None:
            over = {**body, spec.name: spec.maximum + 1}
            _refused(call(client, ops.create, json=over), spec.name, mode.model)
        if spec.max_length is not None:
            long = {**body, spec.name: "a" * (spec.max_length + 1)}
            _refused(call(client, ops.create, json=long), spec.name)


def _value_another_model_allows(mode: Mode) -> tuple[str, Any] | None:
    for other in MODES:
        for name, spec in other.fields.items():
            mine = mode.fields.get(name)
            if mine is None or mine.enum is None or spec.enum is None:
                continue
            extra = [value for value in spec.enum if value not in mine.enum]
            if extra:
                return name, extra[0]
    return None


def test_a_value_another_model_allows_is_refused_on_a_model_that_lacks_it(
    client: httpx.Client, ops: OperationRoles
):
    cases = [(mode, found) for mode in MODES if (found := _value_another_model_allows(mode))]
    assert cases, "no page's enum lacks a value another page allows"
    for mode, (name, value) in cases:
        _refused(call(client, ops.create, json={**_body(mode), name: value}), name, repr(value))


def test_a_mode_a_model_lacks_is_refused_naming_the_model_and_its_modes(
    client: httpx.Client, ops: OperationRoles
):
    every_mode = {mode.name: mode for mode in MODES}
    cases = [
        (model, every_mode[name])
        for model in CATALOGUE.models.values()
        for name in every_mode
        if name not in model.modes
    ]
    assert cases, "every model has every mode: nothing to refuse"
    for model, other in cases:
        body = {**_body(other), MODEL_FIELD: model.id}
        problems = _refused(call(client, ops.create, json=body), model.id)
        assert [p["rule"] for p in problems] == ["mode"], problems


def test_a_model_no_page_describes_gets_the_gateways_no_channel_error(
    client: httpx.Client, ops: OperationRoles
):
    unknown = "-".join(CATALOGUE.models) + "-unvendored"
    response = call(client, ops.create, json={**_body(MODES[0]), MODEL_FIELD: unknown})

    assert response.status_code == CATALOGUE.unknown_model_status
    error = response.json()["error"]
    assert repr(unknown) in error["message"]
    assert error["type"]
    assert error["code"]


def test_a_prompt_alone_on_the_seed_model_is_its_text_to_video_request_when_it_has_one(
    client: httpx.Client, ops: OperationRoles
):
    """The mode follows from the media: the seed's body without its image is not a near miss
    of the seed's page but a request of the model's text-to-video page, if it has one."""
    seed = CATALOGUE.pages[CATALOGUE.seed_page]
    body = _body(seed)
    body[MEDIA_FIELD] = [i for i in body[MEDIA_FIELD] if i["type"] == PROMPT_TYPE]
    prompt_only = CATALOGUE.mode_name_for([PROMPT_TYPE])
    response = call(client, ops.create, json=body)
    if prompt_only in CATALOGUE.models[seed.model].modes:
        assert response.status_code == 200, response.text
    else:
        _refused(response, seed.model)


def test_each_media_item_without_the_field_its_pages_prose_requires_is_refused(
    client: httpx.Client, ops: OperationRoles
):
    for mode in MODES:
        body = _body(mode)
        for index, item in enumerate(body[MEDIA_FIELD]):
            broken = copy.deepcopy(body)
            broken[MEDIA_FIELD][index] = {"type": item["type"]}
            problems = _refused(call(client, ops.create, json=broken))
            assert [p["field"] for p in problems] == [f"{MEDIA_FIELD}[{index}]"], (
                mode.page,
                problems,
            )


def _linked() -> list[Any]:
    return [
        pytest.param(mode, rule, id=f"{mode.model}:{mode.name}:{rule.field}")
        for mode in MODES
        for rule in mode.linkage
    ]


@pytest.mark.parametrize(("mode", "rule"), _linked())
def test_x_linkage_holds_only_under_its_condition(
    client: httpx.Client, ops: OperationRoles, mode: Mode, rule: Any
):
    spec = mode.fields[rule.field]
    assert spec.enum is not None
    excluded = next(value for value in spec.enum if value not in rule.options)
    when = rule.value
    linked = {**_body(mode), rule.when_field: when, rule.field: excluded}
    allowed = {**linked, rule.field: rule.options[0]}
    unlinked = {**_body(mode), rule.field: excluded}
    unlinked.pop(rule.when_field, None)

    problems = _refused(call(client, ops.create, json=linked), rule.field)
    assert [p["rule"] for p in problems] == ["x-linkage"]
    assert call(client, ops.create, json=allowed).status_code == 200
    if not rule.applies(unlinked, mode.defaults):
        assert call(client, ops.create, json=unlinked).status_code == 200


def test_the_linkage_test_has_rules_to_test():
    assert _linked(), "no vendored page states an x-linkage rule"


def test_a_media_type_that_is_an_object_or_a_list_is_refused_not_a_server_error(
    client: httpx.Client, ops: OperationRoles
):
    for odd in ({}, [], {"type": "text"}):
        body = _body(MODES[0])
        body[MEDIA_FIELD][0] = {**body[MEDIA_FIELD][0], "type": odd}
        _refused(call(client, ops.create, json=body))
