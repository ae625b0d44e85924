"""The typed view of a spec: references and ``allOf`` resolved, bound edges, walks, instances.

Each ``inside`` value meets its bound and each ``outside`` value breaks it, for every kind of
bound keyword; the minimal instance picks the valid number nearest 0; the walk over reachable
schemas visits each once and knows a union member's siblings.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from contract_tests.fakes.instances import bounds, instance_with, minimal_instance
from seedance.spec import SchemaView, SpecError, SpecView, bundle_view
from seedance.spec.bounds import BoundKeyword, bound_edges
from seedance.spec.reach import reachable, sites

_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 3, "maxLength": 5},
        "tags": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "integer"}},
        "count": {"type": "integer", "exclusiveMinimum": 2, "exclusiveMaximum": 10},
        "ratio": {"type": "number", "minimum": 0.5, "exclusiveMaximum": 2.5},
        "whole": {"type": "integer", "minimum": 0.5, "maximum": 7.5},
    },
}
_BOUNDS = bounds(_SCHEMA)


def test_every_bound_keyword_of_the_schema_is_found():
    assert len(_BOUNDS) == 10


@pytest.mark.parametrize("bound", _BOUNDS, ids=[b.label for b in _BOUNDS])
def test_inside_meets_the_bound_and_outside_breaks_it(bound):
    validator = jsonschema.Draft202012Validator(_SCHEMA)
    assert validator.is_valid(instance_with(_SCHEMA, bound.site, bound.inside)), bound.inside
    errors = list(validator.iter_errors(instance_with(_SCHEMA, bound.site, bound.outside)))
    assert [e.validator for e in errors] == [bound.keyword], bound.outside


def test_openapi_exclusive_flags_become_bounds_of_their_own():
    (edge,) = bound_edges({"type": "integer", "minimum": 1, "exclusiveMinimum": True})

    assert (edge.keyword, edge.limit, edge.inside, edge.outside) == (
        BoundKeyword.EXCLUSIVE_MINIMUM,
        1,
        2,
        1,
    )


def test_an_empty_minimum_length_is_no_bound():
    assert bound_edges({"type": "string", "minLength": 0, "minimum": 0}) == bound_edges(
        {"minimum": 0}
    )


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "integer"}, 0),
        ({"type": "integer", "minimum": 3}, 3),
        ({"type": "integer", "minimum": -5, "maximum": 5}, 0),
        ({"type": "integer", "exclusiveMinimum": 0}, 1),
        ({"type": "integer", "exclusiveMinimum": 2.5}, 3),
        ({"type": "integer", "maximum": -2}, -2),
        ({"type": "integer", "exclusiveMaximum": 0}, -1),
        ({"type": "number", "exclusiveMinimum": 0.5}, 1.5),
    ],
)
def test_the_minimal_number_is_the_allowed_value_nearest_zero(
    schema: dict[str, Any], expected: float
) -> None:
    assert minimal_instance(schema) == expected


def test_a_minimal_instance_the_schema_refuses_is_an_error_not_a_value():
    with pytest.raises(SpecError, match="not valid"):
        minimal_instance({"type": "string", "not": {"const": ""}})


_DOC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Base": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}},
            },
            "Named": {
                "allOf": [{"$ref": "#/components/schemas/Base"}],
                "required": ["name"],
                "properties": {"name": {"type": "string", "enum": ["a", "b"]}},
            },
            "Wrapped": {"allOf": [{"$ref": "#/components/schemas/Named"}], "description": "x"},
        }
    }
}


def test_all_of_members_are_merged_into_one_schema():
    view = SchemaView.of(_DOC, {"$ref": "#/components/schemas/Named"})

    assert list(view.properties) == ["id", "name"]
    assert view.required == ("id", "name")
    assert view.properties["name"].enum == ("a", "b")
    assert view.pointer == "/components/schemas/Named"


def test_a_lone_all_of_wrapper_is_its_member_itself():
    view = SchemaView.of(_DOC, {"$ref": "#/components/schemas/Wrapped"})

    assert view.pointer == "/components/schemas/Named"
    assert view.required == ("id", "name")


def test_the_bundle_view_finds_each_role_and_its_request_schema():
    view = bundle_view()
    create = view.roles.create

    body = view.request_body(create.operation_id)

    assert body is not None
    assert body.type == "object"
    assert set(body.required) <= set(body.properties)
    assert view.request_example(create.operation_id) is not None
    assert bundle_view() is view


def test_an_unknown_operation_is_named_in_the_error():
    with pytest.raises(SpecError, match="no operation 'nope'"):
        SpecView({"paths": {}}).operation("nope")


def test_reachable_schemas_are_listed_once_with_their_union_siblings():
    doc = {
        "paths": {
            "/a": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/U"}}
                        }
                    },
                    "responses": {
                        "200": {
                            "description": "",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/U"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "U": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "integer"}]},
                "A": {"type": "object", "properties": {"x": {"type": "string"}}},
                "Unused": {"type": "string"},
            }
        },
    }

    reached = reachable(doc)

    assert list(reached.schemas) == [
        "/components/schemas/U",
        "/components/schemas/A",
        "/components/schemas/A/properties/x",
        "/components/schemas/U/oneOf/1",
    ]
    assert len(reached.schemas["/components/schemas/A"].union) == 2


def test_a_site_says_how_to_reach_it_in_an_instance():
    schema = {"type": "object", "properties": {"m": {"type": "array", "items": {"enum": [1]}}}}

    labels = [s.label for s in sites(schema)]

    assert labels == ["<root>", "m", "m[0]"]
