"""Schema-valid request bodies survive the generated models and go out valid and authorised.

Bodies come from schemathesis' generator for each operation of the bundle (unknown extra
members included, since the request schemas allow them).
"""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract_tests.fakes.generated import model_class
from contract_tests.fakes.instances import validator_for
from contract_tests.fakes.respx_gateway import (
    TOKEN,
    call_operation,
    default_body,
    request_model_name,
    success_answer,
)
from seedance.spec import load_bundle, operations

_SPEC = load_bundle()
_OPS = operations(_SPEC)
_SCHEMA = schemathesis.openapi.from_dict(load_bundle())
_BODY_OPS = [
    pytest.param(op, id=op.operation_id) for op in _OPS.values() if op.request_schema is not None
]
_SECURED_OPS = [pytest.param(op, id=op.operation_id) for op in _OPS.values() if op.secured]
_STRATEGIES = {
    op.operation_id: _SCHEMA.find_operation_by_id(op.operation_id).as_strategy()
    for op in _OPS.values()
    if op.request_schema is not None
}


@pytest.fixture(scope="module", autouse=True)
def _success_answers_built_outside_given() -> None:
    """Build every operation's answer (it may use ``hypothesis.find``) before any ``@given``
    test runs; at import it would cost every pytest worker the time, run or not."""
    for op in _OPS.values():
        success_answer(op)


def test_the_bundle_has_operations_with_a_request_body():
    assert _BODY_OPS, "no operation with a JSON request body in the bundle"


@pytest.mark.parametrize("op", _BODY_OPS)
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_bodies_round_trip_and_are_sent_valid(client, op, data):
    body = data.draw(_STRATEGIES[op.operation_id], label="case").body
    validator = validator_for(op.request_schema)
    validator.validate(body)  # the generator's promise; checked so a bad example cannot pass
    model = model_class(request_model_name(_SPEC, op))

    parsed = model.from_dict(body)
    assert parsed.to_dict() == body

    exchange = call_operation(client, op, success_answer(op), body=parsed)
    sent = json.loads(exchange.request.content)
    errors = [e.message for e in validator.iter_errors(sent)]
    assert not errors, f"the client sent a body the bundle rejects: {errors}"
    assert sent == body
    assert exchange.request.headers["content-type"] == "application/json"


@pytest.mark.parametrize("op", _SECURED_OPS)
def test_client_sends_the_bearer_token_on_every_secured_operation(client, op):
    exchange = call_operation(client, op, success_answer(op), body=default_body(_SPEC, op))

    assert exchange.request.method == op.method
    assert exchange.request.headers["authorization"] == f"Bearer {TOKEN}"
