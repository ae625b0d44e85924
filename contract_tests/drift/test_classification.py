"""Every change class gets oasdiff's check id, the right level, a location and old -> new."""

from __future__ import annotations

import copy

import pytest

from contract_tests.drift import variants as v
from seedance.drift.compare import compare_documents

SINGLE = sorted(v.SINGLE.items())


@pytest.mark.parametrize(("name", "expected"), SINGLE, ids=[name for name, _ in SINGLE])
def test_each_published_change_gets_its_check_id_level_and_exit_code(
    variant_dir, drift, name, expected
):
    _, level, check_id = expected
    run = drift(variant_dir / f"{name}.yaml")
    assert run.code == 1
    assert run.report["top_level"] == level
    assert check_id in run.ids()
    change = next(c for c in run.report["changes"] if c["id"] == check_id)
    assert change["location"].startswith("/")
    assert " -> " in change["message"]
    assert set(change) >= {"id", "level", "location", "message", "operation", "old", "new"}


@pytest.mark.parametrize(
    ("name", "fail_on", "code"),
    [
        ("operation-id-changed", "error", 0),
        ("operation-id-changed", "warning", 1),
        ("description-changed", "warning", 0),
        ("description-changed", "info", 1),
        ("max-decreased", "error", 1),
    ],
)
def test_fail_on_sets_the_lowest_level_that_fails(variant_dir, drift, name, fail_on, code):
    assert drift(variant_dir / f"{name}.yaml", "--fail-on", fail_on).code == code


def test_a_change_inside_a_referenced_component_is_located_where_it_bites_and_where_it_was_made():
    old = v.upstream()
    new = copy.deepcopy(old)
    v.nested_enum_value_removed(new)
    (change,) = compare_documents(old, new)
    path, method, _ = v.first_operation(old)
    assert change.location.startswith(f"/paths/{path.replace('/', '~1')}/{method}/requestBody/")
    assert "/items/properties/" in change.location
    assert change.component.startswith("/components/schemas/")
    assert change.component.endswith("/enum")
    assert change.operation == f"{method.upper()} {path}"
    assert change.old != change.new


def _with_response_schema(doc, schema):
    _, _, op = v.first_operation(doc)
    op["responses"]["200"]["content"] = {"application/json": {"schema": schema}}
    return doc


def _status_schema(values):
    return {
        "type": "object",
        "required": ["id", "status"],
        "properties": {
            "id": {"type": "string"},
            "status": {"type": "string", "enum": list(values)},
            "note": {"type": "string"},
        },
    }


def _response_pair(mutate):
    old = _with_response_schema(v.upstream(), _status_schema(["a", "b"]))
    new = copy.deepcopy(old)
    _, _, op = v.first_operation(new)
    mutate(op["responses"]["200"]["content"]["application/json"]["schema"])
    return compare_documents(old, new)


def _only(changes):
    assert len(changes) == 1, [c.id for c in changes]
    return changes[0]


def test_a_response_enum_value_added_is_an_error_because_the_client_rejects_unknown_literals():
    change = _only(_response_pair(lambda s: s["properties"]["status"]["enum"].append("c")))
    assert (change.id, change.level) == ("response-property-enum-value-added", "error")
    assert "raises on unknown values" in change.message


def test_a_response_enum_value_removed_is_info():
    change = _only(_response_pair(lambda s: s["properties"]["status"]["enum"].pop()))
    assert (change.id, change.level) == ("response-property-enum-value-removed", "info")


def test_a_response_property_added_is_info():
    change = _only(_response_pair(lambda s: s["properties"].update(extra={"type": "integer"})))
    assert (change.id, change.level) == ("response-optional-property-added", "info")


def test_a_required_response_property_removed_is_an_error():
    def drop(schema):
        del schema["properties"]["id"]
        schema["required"].remove("id")

    change = _only(_response_pair(drop))
    assert (change.id, change.level) == ("response-required-property-removed", "error")


def test_an_optional_response_property_removed_is_info():
    change = _only(_response_pair(lambda s: s["properties"].pop("note")))
    assert (change.id, change.level) == ("response-optional-property-removed", "info")


def test_a_response_property_becoming_optional_is_an_error():
    change = _only(_response_pair(lambda s: s["required"].remove("status")))
    assert (change.id, change.level) == ("response-property-became-optional", "error")


def test_a_response_type_change_is_an_error():
    change = _only(_response_pair(lambda s: s["properties"]["note"].update(type="integer")))
    assert (change.id, change.level) == ("response-property-type-changed", "error")


def _request_pair(prepare, mutate):
    old = v.upstream()
    prepare(v.request_schema(old))
    new = copy.deepcopy(old)
    mutate(v.request_schema(new))
    return compare_documents(old, new)


def _free_text(schema):
    return v.find_property(schema, lambda p: p.get("type") == "string" and "enum" not in p)[1]


@pytest.mark.parametrize(
    ("delta", "check_id", "level"),
    [
        (-1, "request-property-max-length-decreased", "error"),
        (1, "request-property-max-length-increased", "info"),
    ],
)
def test_a_request_max_length_tightened_is_an_error_and_loosened_is_info(delta, check_id, level):
    def prepare(schema):
        _free_text(schema)["maxLength"] = 10

    def mutate(schema):
        _free_text(schema)["maxLength"] = 10 + delta

    change = _only(_request_pair(prepare, mutate))
    assert (change.id, change.level) == (check_id, level)
    assert (change.old, change.new) == (10, 10 + delta)


@pytest.mark.parametrize(
    ("keyword", "delta", "check_id", "level"),
    [
        ("minLength", 1, "request-property-min-length-increased", "error"),
        ("maxItems", -1, "request-property-max-items-decreased", "error"),
        ("maxItems", 1, "request-property-max-items-increased", "info"),
        ("minimum", 1, "request-property-min-increased", "error"),
        ("minimum", -1, "request-property-min-decreased", "info"),
    ],
)
def test_request_bounds_follow_oasdiff_levels(keyword, delta, check_id, level):
    def target(schema):
        if keyword in ("maxItems",):
            return v.find_property(schema, lambda p: p.get("type") == "array")[1]
        if keyword == "minimum":
            return v.find_property(schema, lambda p: "minimum" in p)[1]
        return _free_text(schema)

    def prepare(schema):
        target(schema).setdefault(keyword, 5)

    def mutate(schema):
        target(schema)[keyword] += delta

    change = _only(_request_pair(prepare, mutate))
    assert (change.id, change.level) == (check_id, level)


def test_removing_one_of_several_operations_on_a_path_is_api_removed_without_deprecation():
    old = v.upstream()
    path, _, op = v.first_operation(old)
    old["paths"][path]["put"] = copy.deepcopy(op)
    old["paths"][path]["put"]["operationId"] = "replaceSomething"
    new = copy.deepcopy(old)
    del new["paths"][path]["put"]
    change = _only(compare_documents(old, new))
    assert (change.id, change.level) == ("api-removed-without-deprecation", "error")


def test_requiring_credentials_where_none_were_needed_is_an_error():
    old = v.upstream()
    v.first_operation(old)[2]["security"] = []
    new = v.upstream()
    change = _only(compare_documents(old, new))
    assert (change.id, change.level) == ("api-security-added", "error")


def test_global_security_removed_is_an_error():
    old = v.upstream()
    scheme = next(iter(old["components"]["securitySchemes"]))
    old["security"] = [{scheme: []}]
    new = copy.deepcopy(old)
    new["security"] = []
    change = _only(compare_documents(old, new))
    assert (change.id, change.level) == ("api-global-security-removed", "error")


def test_a_new_endpoint_is_info():
    old = v.upstream()
    new = copy.deepcopy(old)
    new["paths"]["/v1/other"] = {
        "get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}
    }
    change = _only(compare_documents(old, new))
    assert (change.id, change.level) == ("endpoint-added", "info")


def test_changes_no_check_explains_are_still_reported_as_info():
    old = v.upstream()
    new = copy.deepcopy(old)
    new["info"]["version"] = "9.9.9"
    new["components"]["schemas"]["Unused"] = {"type": "object"}
    found = {(c.id, c.level) for c in compare_documents(old, new)}
    assert found == {("api-info-changed", "info"), ("api-schema-added", "info")}


def test_formatting_of_prose_and_order_of_enum_values_do_not_count():
    old = v.upstream()
    new = copy.deepcopy(old)
    schema = v.request_schema(new)
    enum_prop = v.find_property(schema, lambda p: len(p.get("enum", [])) > 2)[1]
    enum_prop["enum"].reverse()
    described = v.find_property(schema, lambda p: "description" in p)[1]
    described["description"] = "\n  ".join(described["description"].split(" "))
    assert compare_documents(old, new) == []


def test_global_security_added_is_info_when_every_operation_declares_its_own():
    old = v.upstream()
    new = copy.deepcopy(old)
    scheme = next(iter(new["components"]["securitySchemes"]))
    new["security"] = [{scheme: []}]
    change = _only(compare_documents(old, new))
    assert (change.id, change.level) == ("api-global-security-added", "info")
