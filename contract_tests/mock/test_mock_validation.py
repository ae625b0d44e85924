"""Request validation: every rule of the bundle's request schema, read from the bundle.

Each enum value is accepted and a value outside the enum is refused; each bound is accepted
and one past it refused; each required field, each media rule and each type is broken once.
Refusals are 400s in the task-error shape whose message names the field, the rule and the
value. Bodies that are not JSON objects are 4xx with a JSON body, never 5xx.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from contract_tests.fakes.instances import bounds, enum_sites, instance_with
from contract_tests.mock.conformance import Conformance, conforming_client
from contract_tests.mock.helpers import call, in_seed_mode, url_of
from seedance._bundle import HTTP_METHODS
from seedance._models import MODEL_FIELD, catalogue
from seedance.mock import running_mock
from seedance.spec import OperationRoles, load_bundle, operation_roles, operations
from seedance.spec.reach import sites
from seedance.validation import format_path

_CREATE = operation_roles(operations(load_bundle())).create
_SCHEMA = _CREATE.request_schema or {}
_ENUMS = enum_sites(_SCHEMA)
_BOUNDS = bounds(_SCHEMA)
_WRONG_TYPE = {"string": 12345, "integer": "12", "number": "1.5", "boolean": "yes",
               "array": {"not": "an array"}, "object": ["not", "an", "object"]}  # fmt: skip


def _with(site: Any, value: Any) -> Any:
    """A minimal body of the seed's page, in its mode, with ``value`` at ``site``."""
    return in_seed_mode(instance_with(_SCHEMA, site, value), site)


def _refused(response: httpx.Response, *fragments: str) -> str:
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["code"]
    assert error["message"]
    for fragment in fragments:
        assert fragment in error["message"], (fragment, error["message"])
    return str(error["message"])


def _enum_cases() -> list[Any]:
    return [
        pytest.param(site, value, id=f"{site.label}={value}")
        for site in _ENUMS
        for value in site.schema["enum"]
    ]


@pytest.mark.parametrize(("site", "value"), _enum_cases())
def test_every_enum_value_is_accepted(
    client: httpx.Client, ops: OperationRoles, site: Any, value: Any
):
    response = call(client, ops.create, json=_with(site, value))
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("site", _ENUMS, ids=[s.label for s in _ENUMS])
def test_a_value_outside_each_enum_is_refused_naming_field_rule_and_value(
    client: httpx.Client, ops: OperationRoles, site: Any
):
    outside = "".join(map(str, site.schema["enum"])) + "-not-allowed"
    response = call(client, ops.create, json=_with(site, outside))
    if tuple(site.path) == (MODEL_FIELD,):  # no page describes it: the gateway has no channel
        assert response.status_code == catalogue().unknown_model_status, response.text
        assert repr(outside) in response.json()["error"]["message"]
        return
    _refused(response, format_path(site.path), "is not one of", repr(outside))


@pytest.mark.parametrize("bound", _BOUNDS, ids=[b.label for b in _BOUNDS])
def test_each_bound_is_accepted_and_one_past_it_refused(
    client: httpx.Client, ops: OperationRoles, bound: Any
):
    at_limit = call(client, ops.create, json=_with(bound.site, bound.inside))
    assert at_limit.status_code == 200, at_limit.text
    message = _refused(
        call(client, ops.create, json=_with(bound.site, bound.outside)),
        format_path(bound.site.path),
    )
    assert str(bound.limit) in message


def _required_cases() -> list[Any]:
    out = []
    for site in sites(_SCHEMA):
        if site.schema.get("type") == "object" and not any(step[2] for step in site.steps):
            out += [
                pytest.param(site, name, id=f"{site.label}.{name}")
                for name in site.schema.get("required", [])
            ]
    return out


@pytest.mark.parametrize(("site", "name"), _required_cases())
def test_each_required_field_missing_is_refused_naming_it(
    client: httpx.Client, ops: OperationRoles, body: dict, site: Any, name: str
):
    broken = copy.deepcopy(body)
    broken.pop(name)
    _refused(call(client, ops.create, json=broken), repr(name), "required")


def _branch_cases() -> list[Any]:
    """Every oneOf branch of the media items and each of its required members but the tag."""
    out = []
    for site in sites(_SCHEMA):
        for branch in site.schema.get("oneOf", []):
            ref = branch["$ref"]
            target = _SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[-1]]
            tags = {
                name: sub["enum"][0]
                for name, sub in target["properties"].items()
                if len(sub.get("enum", [])) == 1
            }
            for name in target.get("required", []):
                if name not in tags:
                    out.append(
                        pytest.param(site, target, tags, name, id=f"{site.label}:{ref}-{name}")
                    )
    return out


@pytest.mark.parametrize(("site", "branch", "tags", "name"), _branch_cases())
def test_each_media_rule_broken_is_refused_naming_the_item_the_field_and_its_type(
    client: httpx.Client,
    ops: OperationRoles,
    body: dict,
    *,
    site: Any,
    branch: dict,
    tags: dict,
    name: str,
):
    item = {**tags, **{n: "x" for n in branch.get("required", []) if n not in tags}}
    item.pop(name)
    container_path, index = site.path[:-1], site.path[-1]
    broken = copy.deepcopy(body)
    target = broken
    for part in container_path:
        target = target[part]
    target[index] = item
    ((tag, value),) = tags.items()
    _refused(
        call(client, ops.create, json=broken),
        f"{format_path(site.path)}: {name!r} is a required property for {tag} {value!r}",
    )


_TYPED = [s for s in sites(_SCHEMA) if s.schema.get("type") in _WRONG_TYPE and s.path]


@pytest.mark.parametrize("site", _TYPED, ids=[s.label for s in _TYPED])
def test_a_wrong_type_anywhere_is_refused_naming_field_and_type(
    client: httpx.Client, ops: OperationRoles, site: Any
):
    wrong = _WRONG_TYPE[site.schema["type"]]
    response = call(client, ops.create, json=_with(site, wrong))
    rule = "is not one of" if "enum" in site.schema else repr(site.schema["type"])
    _refused(response, format_path(site.path), rule)


def test_several_problems_are_all_reported_in_data(
    client: httpx.Client, ops: OperationRoles, body: dict
):
    top_enum = next(site for site in _ENUMS if len(site.path) == 1 and site.path[0] != MODEL_FIELD)
    required = next(c.values[1] for c in _required_cases() if c.values[1] != top_enum.path[0])
    broken = copy.deepcopy(body)
    broken[top_enum.path[0]] = "not-an-enum-value"
    broken.pop(required)
    response = call(client, ops.create, json=broken)
    _refused(response, format_path(top_enum.path), repr(required))
    problems = response.json()["data"]["errors"]
    assert {p["rule"] for p in problems} == {"enum", "required"}
    assert all(set(p) == {"field", "rule", "message"} for p in problems)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"{not json", "not valid JSON"),
        (b'{"a": NaN}', "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b"[1, 2]", "JSON array"),
        (b'"text"', "JSON string"),
        (b"42", "JSON number"),
        (b"null", "JSON null"),
        (b"true", "JSON boolean"),
    ],
    ids=[
        "empty",
        "blank",
        "malformed",
        "nan",
        "not-utf8",
        "deep",
        "array",
        "string",
        "number",
        "null",
        "boolean",
    ],
)
def test_bodies_that_are_not_json_objects_are_refused_with_a_json_400(
    client: httpx.Client, ops: OperationRoles, raw: bytes, says: str
):
    response = call(client, ops.create, content=raw, headers={"Content-Type": "application/json"})
    _refused(response, says, "expected a JSON object")


def test_an_oversize_body_is_refused_with_the_documented_limit(
    checker: Conformance, ops: OperationRoles
):
    with (
        running_mock(task_seconds=1, max_body_bytes=1000, log_requests=False) as server,
        conforming_client(server.base_url, server.auth_headers, checker) as client,
    ):
        big = b'{"pad": "' + b"x" * 2000 + b'"}'
        _refused(call(client, ops.create, content=big), "at most 1000 bytes")

        def chunks():  # no Content-Length: the limit holds while streaming
            yield b'{"pad": "'
            for _ in range(10):
                yield b"x" * 500
            yield b'"}'

        _refused(call(client, ops.create, content=chunks()), "at most 1000 bytes")


def test_unsupported_methods_answer_405_with_allow(client: httpx.Client, ops: OperationRoles):
    paths: dict[str, set[str]] = {}
    for op in ops.all:
        paths.setdefault(url_of(op), set()).add(op.method)
    for path, allowed in paths.items():
        for method in sorted({m.upper() for m in HTTP_METHODS} - allowed):
            response = client.request(method, path)
            assert response.status_code == 405, (method, path)
            assert set(response.headers["allow"].replace(" ", "").split(",")) == allowed
            if method != "HEAD":
                assert response.json()["error"]["message"]


def test_an_unknown_route_answers_a_json_404(client: httpx.Client):
    response = client.get("/v2/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["message"]
