"""Rules of the bundle the generated client does NOT enforce, and the SDK refusing each.

openapi-python-client checks enums in ``from_dict`` and types statically, but it checks no
bound (minimum, maximum, minItems, maxLength, ...) and nothing stops a media item tagged for
one branch from being built with another branch's class. Each case below proves two things:
the generated client sends such an invalid body without complaint (the gap, kept visible;
when the generator starts refusing one, that half fails: delete it and say so in the
README), and the SDK (``Seedance().videos.submit`` with the very same generated model)
refuses it with :class:`seedance.RequestValidationError` naming the broken rule, before
any request is sent, so nothing is paid for a request the gateway would refuse.
"""

import json

import pytest
import respx

from contract_tests.fakes.generated import attribute_name, model_class
from contract_tests.fakes.instances import bounds, instance_with, minimal_instance, validator_for
from contract_tests.fakes.respx_gateway import (
    BASE_URL,
    TOKEN,
    call_operation,
    request_model_name,
    success_answer,
)
from seedance import RequestValidationError, Seedance
from seedance.spec import (
    OperationInfo,
    load_bundle,
    operation_roles,
    operations,
    resolve_ref,
)
from seedance.spec.reach import component_name, sites

_SPEC = load_bundle()
_BODY_OPS = [op for op in operations(_SPEC).values() if op.request_schema is not None]
_GAP = "gap the generated client leaves (the SDK closes it)"
_CREATE = operation_roles(operations(_SPEC)).create


def _sdk_refuses(op, model):
    """The SDK's problems for ``model``; fails if it sent anything."""
    assert op.operation_id == _CREATE.operation_id, f"the SDK has no call for {op.operation_id}"
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        route = router.post(op.path).mock(return_value=success_answer(op))
        sdk = Seedance(api_key=TOKEN, base_url=BASE_URL)
        with sdk, pytest.raises(RequestValidationError) as caught:
            sdk.videos.submit(model)
    assert route.call_count == 0, "the SDK sent a request that breaks the spec"
    return caught.value.problems


def _send(client, op, model):
    try:
        exchange = call_operation(client, op, success_answer(op), body=model)
    except Exception as exc:  # the point: any refusal at all means the gap is closed
        pytest.fail(f"the generated client now refuses this body ({exc!r}): the gap is closed")
    return json.loads(exchange.request.content)


def _tag_member(branches):
    """The member every branch pins to one value (the discriminator), or None."""
    members = set.intersection(*(set(b.get("properties", {})) for b in branches))
    for member in sorted(members):
        if all(len(b["properties"][member].get("enum", [])) == 1 for b in branches):
            return member
    return None


_BOUNDS = [
    pytest.param(op, bound, id=f"{op.operation_id}-{bound.label}")
    for op in _BODY_OPS
    for bound in bounds(op.request_schema)
]


def _mistagged_cases(op: OperationInfo):
    for site in sites(op.request_schema):
        branches = site.schema.get("oneOf", [])
        if not branches or not all("$ref" in branch for branch in branches):
            continue
        if _tag_member([resolve_ref(op.request_schema, b) for b in branches]) is None:
            continue
        names = [component_name(b["$ref"]) for b in branches]
        for built_as in names:
            for tagged_as in names:
                if built_as != tagged_as:
                    label = f"{op.operation_id}-{site.label}-{built_as}-tagged-{tagged_as}"
                    yield pytest.param(op, site, built_as, tagged_as, id=label)


_UNIONS = [case for op in _BODY_OPS for case in _mistagged_cases(op)]


def test_the_bundle_has_rules_the_generated_client_cannot_enforce():
    assert _BOUNDS, "no bound in any request schema: nothing to prove here"
    assert _UNIONS, "no discriminated oneOf in any request schema: nothing to prove here"


@pytest.mark.parametrize(("op", "bound"), _BOUNDS)
def test_a_value_just_outside_each_bound_is_sent_by_the_generated_client_not_the_sdk(
    client, op, bound
):
    body = instance_with(op.request_schema, bound.site, bound.outside)
    refused_by = {e.validator for e in validator_for(op.request_schema).iter_errors(body)}
    assert refused_by == {bound.keyword}, f"the body should break exactly {bound.label}"

    model = model_class(request_model_name(_SPEC, op)).from_dict(body)
    sent = _send(client, op, model)

    assert sent == body, (
        f"{_GAP}: the generated client sends {bound.site.label}={bound.outside!r} "
        f"although the spec says {bound.keyword} {bound.limit!r}"
    )
    problems = _sdk_refuses(op, model_class(request_model_name(_SPEC, op)).from_dict(body))
    assert [p.rule for p in problems] == [bound.keyword], problems


@pytest.mark.parametrize(("op", "site", "built_as", "tagged_as"), _UNIONS)
def test_a_media_item_tagged_for_another_schema_is_sent_by_the_generated_client_not_the_sdk(
    client, op, site, built_as, tagged_as
):
    schemas = op.request_schema["components"]["schemas"]
    tag = _tag_member([schemas[built_as], schemas[tagged_as]])
    member, index = site.path[-2:]
    assert isinstance(index, int), f"{site.label}: expected the union to be an array item"
    item = model_class(built_as).from_dict(minimal_instance(schemas[built_as], op.request_schema))
    setattr(item, attribute_name(tag), schemas[tagged_as]["properties"][tag]["enum"][0])
    model = model_class(request_model_name(_SPEC, op)).from_dict(
        minimal_instance(op.request_schema)
    )
    getattr(model, attribute_name(member))[index] = item

    sent = _send(client, op, model)

    assert not validator_for(op.request_schema).is_valid(sent), (
        f"expected the mis-tagged {site.label} to break the {tagged_as} rule: {sent[member]!r}"
    )
    assert sent[member][index] == item.to_dict(), (
        f"{_GAP}: a {built_as} tagged {tag}={item.to_dict()[tag]!r} is sent although "
        f"{tagged_as} requires {schemas[tagged_as].get('required')}; only mypy's Literal "
        "types catch it"
    )
    problems = _sdk_refuses(op, model)
    assert problems, "the SDK raised without naming a problem"
    assert all(p.field.startswith(f"{member}[{index}]") for p in problems), problems
