"""The planner: every positive case covered with as few, as cheap requests as the budget allows."""

from __future__ import annotations

import math

import pytest

from seedance.contract.conformance import schema_errors
from seedance.contract.constraints import ACCEPT, Constraint, Edit, apply_edits, derive_constraints
from seedance.contract.model import request_model
from seedance.contract.planner import plan_requests
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


def _edge(field: str, value: str) -> Constraint:
    return Constraint(
        id=f"edge:{field}={value!r}",
        kind="min-length",
        field=field,
        rule="no minLength",
        value=value,
        expect=ACCEPT,
        edits=(Edit((field,), value),),
        cost_rank=1,
        edge=True,
    )


def test_edge_cases_get_requests_of_their_own_after_the_packed_ones():
    edges = [_edge("prompt", ""), _edge("ratio", "")]
    plan = plan_requests(POSITIVES + edges, 7)
    assert plan.mode == "combined"
    assert plan.uncovered == []
    packed, alone = plan.requests[:4], plan.requests[4:]
    assert all(not set(r.covers) & {e.id for e in edges} for r in packed)
    assert sorted(r.covers for r in alone) == sorted((e.id,) for e in edges)
    # alone means on the cheapest request: every other field keeps its cheapest value
    ratio_edge = next(r for r in alone if r.covers == (edges[1].id,))
    assert (_value(ratio_edge, "seconds"), _value(ratio_edge, "size")) == ("4", "480p")
    assert _value(ratio_edge, "ratio") == ""


def test_a_short_budget_leaves_edge_cases_uncovered_before_documented_values():
    edges = [_edge("prompt", "")]
    plan = plan_requests(POSITIVES + edges, 4)
    assert plan.covered == {c.id for c in POSITIVES}
    assert plan.uncovered == [edges[0].id]


@pytest.mark.parametrize("budget", [3, 12, 20])
def test_on_the_bundle_no_planned_request_packs_an_edge_case_with_other_values(budget):
    spec = load_bundle()
    create = find_roles(operations(spec)).create
    derived = derive_constraints(request_model(spec, create.operation_id))
    edges = {c.id for c in derived.positives if c.edge}
    assert edges, "the bundle's request has limits it does not set (empty strings, extra items)"
    plan = plan_requests(derived.positives, budget)
    assert plan.mode == "combined"
    for request in plan.requests:
        if set(request.covers) & edges:
            assert len(request.covers) == 1, request.covers
