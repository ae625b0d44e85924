"""The planner: every positive case covered with as few, as cheap requests as the budget allows."""

from __future__ import annotations

import math

import pytest

from seedance.contract import (
    Constraint,
    Edit,
    apply_edits,
    derive_constraints,
    plan_requests,
    request_model,
)
from seedance.contract.conformance import schema_errors
from seedance.contract.constraints import ACCEPT
from seedance.contract.session import find_roles
from seedance.spec import load_bundle, operations


def _enum(field: str, values: list[str]) -> list[Constraint]:
    return [
        Constraint(
            id=f"{field}={v}",
            kind="enum",
            field=field,
            rule="enum",
            value=v,
            expect=ACCEPT,
            edits=(Edit((field,), v),),
            cost_rank=rank,
        )
        for rank, v in enumerate(values)
    ]


POSITIVES = (
    _enum("seconds", ["4", "5", "6", "7"])
    + _enum("size", ["480p", "720p"])
    + _enum("ratio", ["a", "b", "c"])
)


def _value(request, field):
    return next(e.value for e in request.edits if e.path == (field,))


def test_a_large_budget_gives_every_value_its_own_request():
    plan = plan_requests(POSITIVES, math.inf)
    assert plan.mode == "individual"
    assert plan.covered == {c.id for c in POSITIVES}
    assert plan.uncovered == []
    assert len(plan.requests) == 1 + sum(1 for c in POSITIVES if c.cost_rank > 0)


def test_a_small_budget_covers_everything_with_as_many_requests_as_the_largest_enum():
    plan = plan_requests(POSITIVES, 5)
    assert plan.mode == "combined"
    assert len(plan.requests) == 4
    assert plan.covered == {c.id for c in POSITIVES}


def test_the_first_request_is_the_cheapest_and_later_ones_fill_in_uncovered_values():
    plan = plan_requests(POSITIVES, 4)
    first = plan.requests[0]
    assert (_value(first, "seconds"), _value(first, "size"), _value(first, "ratio")) == (
        "4",
        "480p",
        "a",
    )
    assert [_value(r, "seconds") for r in plan.requests] == ["4", "5", "6", "7"]
    # once a field is covered, later requests fall back to its cheapest value
    assert _value(plan.requests[3], "size") == "480p"


def test_a_budget_too_small_lists_what_stays_uncovered():
    plan = plan_requests(POSITIVES, 2)
    assert len(plan.requests) == 2
    assert set(plan.uncovered) == {"seconds=6", "seconds=7", "ratio=c"}


def test_a_zero_budget_plans_nothing_and_leaves_everything_uncovered():
    plan = plan_requests(POSITIVES, 0)
    assert plan.requests == []
    assert set(plan.uncovered) == {c.id for c in POSITIVES}


def _at(body, path):
    node = body
    for key in path:
        node = node[key]
    return node


@pytest.mark.parametrize("budget", [math.inf, 12, 3, 1])
def test_every_planned_request_on_the_bundle_is_valid_and_carries_the_values_it_claims(budget):
    spec = load_bundle()
    create = find_roles(operations(spec)).create
    derived = derive_constraints(request_model(spec, create.operation_id))
    by_id = {c.id: c for c in derived.constraints}
    plan = plan_requests(derived.positives, budget)
    assert len(plan.requests) <= budget
    assert plan.covered | set(plan.uncovered) == {c.id for c in derived.positives}
    for request in plan.requests:
        body = apply_edits(derived.base, request.edits)
        assert schema_errors(create.request_schema, body) == []
        for cid in request.covers:
            constraint = by_id[cid]
            if constraint.kind in ("min-items", "max-items"):
                assert len(_at(body, (constraint.field,))) == constraint.value
            elif constraint.edits:
                assert _at(body, constraint.edits[0].path) == constraint.value, cid
