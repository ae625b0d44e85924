"""Constraint derivation from the bundle: every enum, bound, length, item count, requirement
and prose rule of the create request becomes cases, read from the spec at run time."""

from __future__ import annotations

import json
from typing import Any

import pytest

from seedance.contract.conformance import schema_errors
from seedance.contract.constraints import ACCEPT, REJECT, apply_edits, derive_constraints
from seedance.contract.errors import ContractError
from seedance.contract.model import request_model
from seedance.contract.nearmiss import description_values
from seedance.contract.session import find_roles
from seedance.spec import SchemaView, bundle_view, load_bundle, operations


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_bundle()


@pytest.fixture(scope="module")
def create_op(spec):
    return find_roles(operations(spec)).create


@pytest.fixture(scope="module")
def request_root(create_op) -> SchemaView:
    schema = bundle_view().request_body(create_op.operation_id)
    assert schema is not None, "the create takes no JSON body"
    return schema


@pytest.fixture(scope="module")
def derived(spec, create_op):
    return derive_constraints(request_model(spec, create_op.operation_id))


def test_base_body_is_valid_against_the_request_schema(derived, create_op):
    assert schema_errors(create_op.request_schema, derived.base) == []


def test_every_accept_case_is_valid_and_every_reject_case_is_invalid(derived, create_op):
    for constraint in derived.constraints:
        if constraint.raw_body is not None:
            continue
        body = apply_edits(derived.base, constraint.edits)
        errors = schema_errors(create_op.request_schema, body)
        if constraint.expect == ACCEPT:
            assert errors == [], constraint.id
        else:
            assert errors, f"{constraint.id} should break the schema but {body} is valid"


def test_every_value_of_every_top_level_enum_must_be_accepted(request_root, derived):
    accepted = {(c.field, c.value) for c in derived.positives}
    enums = {n: p.enum for n, p in request_root.properties.items() if p.enum is not None}
    assert enums
    for name, values in enums.items():
        for value in values:
            assert (name, value) in accepted


def test_values_outside_each_enum_are_rejected_and_never_inside_it(request_root, derived):
    props = request_root.properties
    for constraint in derived.negatives:
        if constraint.kind == "enum" and constraint.field in props:
            assert constraint.value not in (props[constraint.field].enum or ())
    rejected_fields = {c.field for c in derived.negatives if c.kind == "enum"}
    assert {n for n, p in props.items() if p.enum is not None} <= rejected_fields


def test_description_values_missing_from_the_enum_are_flagged_as_documentation_gaps(
    request_root, derived
):
    for name, prop in request_root.properties.items():
        if prop.enum is None:
            continue
        expected = set(description_values(prop.description)) - set(prop.enum)
        flagged = {c.value for c in derived.negatives if c.field == name and c.doc_gap}
        assert flagged == expected


def test_numeric_bounds_are_accepted_at_the_bound_and_rejected_one_past(request_root, derived):
    for name, prop in request_root.properties.items():
        if prop.type != "integer":
            continue
        cases = {
            (c.value, c.expect)
            for c in derived.constraints
            if c.field == name and c.kind == "bound"
        }
        if (minimum := prop.get("minimum")) is not None:
            assert (minimum, ACCEPT) in cases
            assert (minimum - 1, REJECT) in cases
        if (maximum := prop.get("maximum")) is not None:
            assert (maximum, ACCEPT) in cases
            assert (maximum + 1, REJECT) in cases


def test_max_length_is_accepted_at_and_rejected_one_over(request_root, derived):
    props = request_root.properties.items()
    limited = {n: p.get("maxLength") for n, p in props if p.get("maxLength") is not None}
    assert limited
    for name, limit in limited.items():
        cases = {
            (len(c.value), c.expect)
            for c in derived.constraints
            if c.field == name and c.kind == "max-length"
        }
        assert cases == {(limit, ACCEPT), (limit + 1, REJECT)}


def test_min_items_is_accepted_at_and_rejected_one_below(request_root, derived):
    props = request_root.properties.items()
    arrays = {n: p.get("minItems") for n, p in props if p.get("minItems") is not None}
    assert arrays
    for name, minimum in arrays.items():
        cases = {
            (c.value, c.expect)
            for c in derived.constraints
            if c.field == name and c.kind == "min-items"
        }
        assert cases == {(minimum, ACCEPT), (minimum - 1, REJECT)}


def test_each_required_field_missing_is_rejected(request_root, derived):
    missing = {c.field for c in derived.negatives if c.kind == "required"}
    assert set(request_root.required) <= missing


def test_each_conditional_requirement_of_the_item_variants_is_a_rule_case(request_root, derived):
    (items,) = [p.items for p in request_root.properties.values() if p.items is not None]
    variants = items.variants
    common = set.intersection(*(set(v.required) for v in variants))
    conditional = {name for v in variants for name in v.required} - common
    broken = {c.field.rsplit(".", 1)[1] for c in derived.negatives if c.kind == "rule"}
    assert conditional
    assert broken == conditional


def test_every_field_gets_a_wrong_type_case(derived, request_root):
    typed = {c.field for c in derived.negatives if c.kind == "type"}
    assert set(request_root.properties) <= typed


def test_a_body_that_is_not_json_is_a_reject_case(derived):
    raw = [c for c in derived.negatives if c.raw_body is not None]
    assert len(raw) == 1
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw[0].raw_body)


def test_no_two_constraints_on_the_bundle_describe_the_same_case(derived):
    # the builder numbers a repeated id ("#2"); on the bundle no case may repeat
    repeated = [c.id for c in derived.constraints if "#" in c.id]
    assert not repeated


def _bound_cases(field_schema: dict[str, Any]) -> set[tuple[Any, str]]:
    spec = {
        "openapi": "3.0.3",
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"n": field_schema},
                                    "example": {"n": 5},
                                }
                            }
                        }
                    },
                }
            }
        },
    }
    derived = derive_constraints(request_model(spec, "createThing"))
    return {(c.value, c.expect) for c in derived.constraints if c.kind == "bound"}


@pytest.mark.parametrize(
    "field_schema",
    [
        # OpenAPI 3.0: the bound plus a boolean flag
        {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
        # JSON Schema 2020-12 (and OpenAPI 3.1): the flag is the bound
        {"type": "integer", "exclusiveMinimum": 0},
    ],
)
def test_an_exclusive_minimum_is_refused_at_the_edge_and_accepted_one_step_in(field_schema):
    assert _bound_cases(field_schema) == {(1, ACCEPT), (0, REJECT)}


@pytest.mark.parametrize(
    "field_schema",
    [
        {"type": "integer", "maximum": 10, "exclusiveMaximum": True},
        {"type": "integer", "exclusiveMaximum": 10},
    ],
)
def test_an_exclusive_maximum_is_refused_at_the_edge_and_accepted_one_step_in(field_schema):
    assert _bound_cases(field_schema) == {(9, ACCEPT), (10, REJECT)}


def test_a_request_model_for_an_operation_the_bundle_lacks_is_an_error(spec):
    with pytest.raises(ContractError, match="no operation 'createNothing'"):
        request_model(spec, "createNothing")
