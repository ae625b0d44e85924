"""Every value of every request enum reaches the wire exactly as the spec spells it.

The enums are found by walking each operation's request schema in the bundle, nested media
item schemas included; nothing here lists a value.
"""

import json

import pytest

from contract_tests.fakes.generated import literal_values, model_class
from contract_tests.fakes.instances import enum_sites, instance_with, validator_for
from contract_tests.fakes.respx_gateway import call_operation, request_model_name, success_answer
from seedance.spec import load_bundle, operations

_SPEC = load_bundle()
_BODY_OPS = [op for op in operations(_SPEC).values() if op.request_schema is not None]


def _value_at(document, path):
    for part in path:
        document = document[part]
    return document


_CASES = [
    pytest.param(op, site, value, id=f"{op.operation_id}-{site.label}={value}")
    for op in _BODY_OPS
    for site in enum_sites(op.request_schema)
    for value in site.schema["enum"]
]
_SITES = [
    pytest.param(op, site, id=f"{op.operation_id}-{site.label}-{site.owner}")
    for op in _BODY_OPS
    for site in enum_sites(op.request_schema)
]


def test_the_bundle_has_request_enums_to_check():
    assert _CASES, "no request enum found in the bundle: the walk or the bundle is broken"


@pytest.mark.parametrize(("op", "site", "value"), _CASES)
def test_each_request_enum_value_is_sent_exactly_as_the_spec_spells_it(client, op, site, value):
    body = instance_with(op.request_schema, site, value)
    validator_for(op.request_schema).validate(body)
    model = model_class(request_model_name(_SPEC, op)).from_dict(body)

    exchange = call_operation(client, op, success_answer(op), body=model)

    sent = json.loads(exchange.request.content)
    on_the_wire = _value_at(sent, site.path)
    assert on_the_wire == value, f"spec says {value!r} at {site.label}, sent {on_the_wire!r}"
    assert type(on_the_wire) is type(value), f"{site.label}: sent {on_the_wire!r}, not {value!r}"
    assert sent == body


@pytest.mark.parametrize(("op", "site"), _SITES)
def test_generated_literal_type_lists_exactly_the_spec_enum(op, site):
    assert site.owner is not None, f"{site.pointer}: an inline enum the generator cannot name"
    generated = literal_values(model_class(site.owner), site.member)
    assert generated == set(site.schema["enum"]), (
        f"{site.owner}.{site.member}: the spec allows {sorted(map(str, site.schema['enum']))}, "
        f"the generated Literal has {sorted(map(str, generated))}; run `make generate`"
    )


@pytest.mark.parametrize(("op", "site"), _SITES)
def test_from_dict_refuses_a_value_outside_each_request_enum(op, site):
    outside = "|".join(map(str, site.schema["enum"])) + "|not-in-the-spec"
    body = instance_with(op.request_schema, site, outside)
    assert not validator_for(op.request_schema).is_valid(body)

    with pytest.raises((TypeError, ValueError, KeyError)):
        model_class(request_model_name(_SPEC, op)).from_dict(body)
