"""Every response the bundle documents, for every operation, parses in the generated client.

Payloads are generated from the documented response schemas; the operations, status codes,
media types, headers, enum values and error shapes are all read from the bundle.
"""

import http
import json

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seedance_client import errors
from seedance_client.types import File

from contract_tests.fakes.generated import model_class
from contract_tests.fakes.instances import (
    enum_sites,
    instance_with,
    minimal_instance,
    validator_for,
)
from contract_tests.fakes.respx_gateway import call_operation, default_body, is_json_media
from contract_tests.fakes.schema_strategies import EXTRA_PREFIX, from_json_schema
from seedance.spec import SpecView, load_bundle, operations, resolve_ref
from seedance.spec.reach import component_name

_SPEC = load_bundle()
_OPS = operations(_SPEC)
_CDN_URL = "https://cdn.invalid/video.mp4"  # not routed: following it would fail the test


def _raw_response(op, status):
    view = SpecView(_SPEC)
    return view.schema(view.raw_operation(op.operation_id)["responses"][status]).node


def _documented_headers(op, status):
    """A value for every header the response documents (strings get a URL, as Location needs)."""
    values = {}
    for name, header in (_raw_response(op, status).get("headers") or {}).items():
        schema = resolve_ref(_SPEC, header.get("schema", {}))
        values[name] = (
            _CDN_URL if schema.get("type") == "string" else json.dumps(minimal_instance(schema))
        )
    return values


def _json_schema(op_id, status):
    """The schema of the first JSON media type a response documents."""
    content = _OPS[op_id].responses[status].content
    return next(s for media, s in content.items() if is_json_media(media) and s is not None)


def _model_names(schema, payload):
    """Names of the component schemas a parsed payload may be an instance of."""
    root = schema
    node = schema
    while len(node.get("allOf", [])) == 1 and len(node) <= 3:
        node = node["allOf"][0]
    name = component_name(node.get("$ref", ""))
    target = resolve_ref(root, node)
    branches = target.get("anyOf") or target.get("oneOf")
    if not branches:
        return {name} if name else set()
    found = set()
    for branch in branches:
        if validator_for(branch, root).is_valid(payload):
            found |= _model_names({**branch, "components": root["components"]}, payload)
    return found


_JSON = [
    pytest.param(op.operation_id, status, media, id=f"{op.operation_id}-{status}-{media}")
    for op in _OPS.values()
    for status, info in op.responses.items()
    for media, schema in info.content.items()
    if is_json_media(media) and schema is not None
]
_ERRORS = [case for case in _JSON if int(case.values[1]) >= 400]
_BINARY = [
    pytest.param(op.operation_id, status, media, id=f"{op.operation_id}-{status}-{media}")
    for op in _OPS.values()
    for status, info in op.responses.items()
    for media in info.content
    if not is_json_media(media)
]
_REDIRECTS = [
    pytest.param(op.operation_id, status, id=f"{op.operation_id}-{status}")
    for op in _OPS.values()
    for status in op.responses
    if 300 <= int(status) < 400
]
_UNIONS = [
    pytest.param(op.operation_id, status, name, id=f"{op.operation_id}-{status}-{name}")
    for op in _OPS.values()
    for status, info in op.responses.items()
    for media, schema in info.content.items()
    if is_json_media(media) and schema is not None
    for branch in resolve_ref(schema, schema.get("allOf", [schema])[0]).get("anyOf", [])
    if (name := component_name(branch.get("$ref", "")))
]
_RESPONSE_ENUMS = [
    pytest.param(op.operation_id, status, site, value, id=f"{op.operation_id}-{status}-{value}")
    for op in _OPS.values()
    for status, info in op.responses.items()
    for media, schema in info.content.items()
    if is_json_media(media) and schema is not None
    for site in enum_sites(schema)
    for value in site.schema["enum"]
]
# Documented headers, computed outside any @given (minimal instances may use hypothesis.find).
_HEADERS = {
    (op.operation_id, status): _documented_headers(op, status)
    for op in _OPS.values()
    for status in op.responses
}
_BODIES = {op.operation_id: default_body(_SPEC, op) for op in _OPS.values()}


def _call(client, op_id, answer):
    return call_operation(client, _OPS[op_id], answer, body=_BODIES[op_id])


def test_the_bundle_documents_every_kind_of_response_checked_here():
    assert _JSON, "no JSON response documented"
    assert _ERRORS, "no error response documented"
    assert _BINARY, "no binary (file) response documented"
    assert _REDIRECTS, "no redirect documented"
    assert _UNIONS, "no response with several error shapes documented"
    assert _RESPONSE_ENUMS, "no enum in any response schema"


@pytest.mark.parametrize("op_id", list(_OPS))
def test_every_documented_status_is_exercised_by_a_test_here(op_id):
    exercised = {
        case.values[1] for case in [*_JSON, *_BINARY, *_REDIRECTS] if case.values[0] == op_id
    }

    assert exercised == set(_OPS[op_id].responses), (
        f"{op_id}: documented statuses without a parsing test: "
        f"{sorted(set(_OPS[op_id].responses) - exercised)} (a new kind of response?)"
    )


@pytest.mark.parametrize(("op_id", "status", "media"), _JSON)
@settings(max_examples=15)
@given(data=st.data())
def test_every_documented_json_response_parses_with_nothing_lost(
    client, op_id, status, media, data
):
    schema = _OPS[op_id].responses[status].content[media]
    payload = data.draw(from_json_schema(schema), label="payload")
    validator_for(schema).validate(payload)
    headers = {"content-type": media, **_HEADERS[(op_id, status)]}

    exchange = _call(
        client, op_id, httpx.Response(int(status), content=json.dumps(payload), headers=headers)
    )

    assert exchange.response.status_code == int(status)
    parsed = exchange.response.parsed
    expected = {model_class(name) for name in _model_names(schema, payload)}
    assert expected, f"{op_id} {status}: cannot tell which model the payload is"
    assert isinstance(parsed, tuple(expected)), f"parsed {parsed!r}, expected one of {expected}"
    assert parsed.to_dict() == payload
    for name, value in headers.items():
        assert exchange.response.headers[name] == value


@pytest.mark.parametrize(("op_id", "status", "shape"), _UNIONS)
@settings(max_examples=5)
@given(data=st.data())
def test_each_error_shape_parses_into_its_own_model(client, op_id, status, shape, data):
    schema = _json_schema(op_id, status)
    payload = data.draw(from_json_schema(schema["components"]["schemas"][shape], schema))
    validator_for(schema).validate(payload)

    exchange = _call(client, op_id, httpx.Response(int(status), json=payload))

    expected = model_class(shape)
    assert isinstance(exchange.response.parsed, expected), (
        f"{op_id} {status}: a {shape} payload parsed as {type(exchange.response.parsed).__name__}"
    )
    assert exchange.response.parsed.to_dict() == payload


@pytest.mark.parametrize(("op_id", "status", "site", "value"), _RESPONSE_ENUMS)
def test_every_value_of_every_response_enum_parses(client, op_id, status, site, value):
    """Among others: a VideoTask in each status the spec lists."""
    schema = _json_schema(op_id, status)
    payload = instance_with(schema, site, value)
    validator_for(schema).validate(payload)

    exchange = _call(client, op_id, httpx.Response(int(status), json=payload))

    assert exchange.response.parsed.to_dict() == payload


@pytest.mark.parametrize(("op_id", "status", "media"), _JSON)
def test_unknown_extra_fields_are_kept(client, op_id, status, media):
    schema = _OPS[op_id].responses[status].content[media]
    extra_name = f"{EXTRA_PREFIX}from_a_newer_gateway"
    extra_value = {"nested": [1, "two", None, 3.5]}
    payload = {**minimal_instance(schema), extra_name: extra_value}
    validator_for(schema).validate(payload)

    exchange = _call(client, op_id, httpx.Response(int(status), json=payload))

    parsed = exchange.response.parsed
    assert parsed.additional_properties[extra_name] == extra_value
    assert parsed.to_dict() == payload


@pytest.mark.parametrize(("op_id", "status", "media"), _ERRORS)
def test_an_error_response_with_no_body_parses_as_none(client, op_id, status, media):
    """A rate limiter's bare 429 (or any bodiless error) must not crash the parser."""
    exchange = _call(client, op_id, httpx.Response(int(status), content=b""))

    assert exchange.response.status_code == int(status)
    assert exchange.response.parsed is None
    assert exchange.response.content == b""


@pytest.mark.parametrize(("op_id", "status", "media"), _BINARY)
@settings(max_examples=10)
@given(video=st.binary(min_size=1, max_size=512))
def test_file_responses_return_the_bytes(client, op_id, status, media, video):
    answer = httpx.Response(int(status), content=video, headers={"content-type": media})

    exchange = _call(client, op_id, answer)

    assert exchange.response.status_code == int(status)
    assert isinstance(exchange.response.parsed, File)
    assert exchange.response.parsed.payload.read() == video
    assert exchange.response.content == video
    assert exchange.response.headers["content-type"] == media


@pytest.mark.parametrize(("op_id", "status"), _REDIRECTS)
def test_redirects_are_returned_not_followed_with_their_headers(client, op_id, status):
    headers = _HEADERS[(op_id, status)]
    assert headers, f"{op_id} {status}: a redirect that documents no header"

    exchange = _call(client, op_id, httpx.Response(int(status), headers=headers))

    assert exchange.response.status_code == int(status)
    assert exchange.response.parsed is None
    for name, value in headers.items():
        assert exchange.response.headers[name] == value


@pytest.mark.parametrize("op_id", list(_OPS))
def test_an_undocumented_status_raises_unexpected_status(client, op_id):
    documented = _OPS[op_id].responses
    status = next(s for s in http.HTTPStatus if s >= 400 and str(int(s)) not in documented)

    with pytest.raises(errors.UnexpectedStatus) as raised:
        _call(client, op_id, httpx.Response(status, json={"undocumented": True}))

    assert raised.value.status_code == status
