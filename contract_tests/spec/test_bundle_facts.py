"""The bundle states the facts documented about the gateway (docs/gateway.md).

Operation ids, the billable mark and bearer auth are the stable interface the docs fix, so
they are spelled here. The prose rules (a length limit, which media item needs which field)
are read from the published descriptions, and the bundle's schema must enforce them: length
limits through the spec lint's ``prose-length-without-bound`` rule.
"""

import re

import pytest

from contract_tests.fakes.instances import instance_with, validator_for
from seedance.drift.lint import lint_spec
from seedance.spec import (
    OPENAPI_DIR,
    SpecView,
    load_bundle,
    load_yaml_file,
    operations,
    resolve_ref,
)
from seedance.spec.reach import sites

STABLE_OPERATION_IDS = {"createVideo", "retrieveVideo", "downloadVideoContent"}
BILLABLE_OPERATION_IDS = {"createVideo"}

_BUNDLE = load_bundle()
_UPSTREAM = load_yaml_file(OPENAPI_DIR / "upstream.yaml")
_OPS = operations(_BUNDLE)
# "`text` requires the `text` field; other types require the `url` field"
_MEDIA_PROSE = re.compile(
    r"`(?P<tag>[^`]+)` requires the `(?P<own>[^`]+)` field; "
    r"other types require the `(?P<other>[^`]+)` field"
)


def _raw_operation(op_id):
    return SpecView(_BUNDLE).raw_operation(op_id)


def _upstream_properties():
    for name, schema in _UPSTREAM["components"]["schemas"].items():
        for member, sub in schema.get("properties", {}).items():
            yield name, member, sub


def test_operation_ids_are_the_stable_names():
    assert set(_OPS) == STABLE_OPERATION_IDS


def test_only_create_is_marked_billable():
    marked = {op_id for op_id in _OPS if _raw_operation(op_id).get("x-billable") is True}

    assert marked == BILLABLE_OPERATION_IDS
    assert {op_id for op_id, op in _OPS.items() if op.billable} == BILLABLE_OPERATION_IDS


@pytest.mark.parametrize("op_id", sorted(STABLE_OPERATION_IDS))
def test_every_operation_requires_a_bearer_token(op_id):
    security = _raw_operation(op_id).get("security", _BUNDLE.get("security", []))
    schemes = _BUNDLE["components"]["securitySchemes"]

    assert security, f"{op_id}: no security requirement"
    for requirement in security:
        assert requirement, f"{op_id}: an empty requirement makes auth optional"
        for name in requirement:
            assert schemes[name]["type"] == "http"
            assert schemes[name]["scheme"].lower() == "bearer"


_LENGTH_RULE = "prose-length-without-bound"


def test_every_length_limit_stated_in_the_published_prose_is_a_bound_in_the_bundle():
    published = [f for f in lint_spec(_UPSTREAM) if f.rule == _LENGTH_RULE]
    assert published, "the published text states no unbounded length limit: re-read it"

    assert [f for f in lint_spec(_BUNDLE) if f.rule == _LENGTH_RULE] == []


def _media_rule():
    for name, member, sub in _upstream_properties():
        match = _MEDIA_PROSE.search(str(sub.get("description", "")))
        if match:
            return name, member, sub["enum"], match
    raise AssertionError("the published text no longer states the media rule: re-read it")


def _media_bodies():
    """(label, body, valid?) for every media type, with and without each rule field."""
    _, member, values, rule = _media_rule()
    request = _OPS["createVideo"].request_schema
    union = next(s for s in sites(request) if "oneOf" in s.schema)
    for value in values:
        needed = rule["own"] if value == rule["tag"] else rule["other"]
        not_needed = rule["other"] if value == rule["tag"] else rule["own"]
        for fields, valid in (({needed}, True), ({not_needed}, False), (set(), False)):
            item = {member: value, **dict.fromkeys(sorted(fields), "x")}
            label = f"{value}-with-{'-'.join(sorted(fields)) or 'nothing'}"
            yield pytest.param(instance_with(request, union, item), valid, id=label)


@pytest.mark.parametrize(("body", "valid"), list(_media_bodies()))
def test_the_media_rule_of_the_published_prose_is_enforced_by_the_bundle(body, valid):
    errors = [
        e.message for e in validator_for(_OPS["createVideo"].request_schema).iter_errors(body)
    ]

    assert (not errors) is valid, f"body {body}: expected valid={valid}, errors {errors}"


def test_the_media_union_covers_exactly_the_published_media_types():
    name, member, values, _ = _media_rule()
    pointer = f"#/components/schemas/{name}/properties/{member}"
    raw = [node for node in _raw_unions() if node.get("x-covers-enum") == pointer]
    assert raw, f"no union declares x-covers-enum: {pointer}"
    mapping = raw[0]["discriminator"]["mapping"]
    assert sorted(mapping) == sorted(values)
    for tag, ref in mapping.items():
        assert resolve_ref(_BUNDLE, {"$ref": ref})["properties"][member]["enum"] == [tag]


def _raw_unions():
    stack = [_BUNDLE]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "oneOf" in node:
                yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
