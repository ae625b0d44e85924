"""The request-constraint matrix: every negative case refused, every planned positive accepted."""

from __future__ import annotations

import json
from collections.abc import Callable

from seedance.contract.constraints import Constraint, ConstraintSet, apply_edits
from seedance.contract.context import RunContext
from seedance.contract.planner import Plan, PlannedRequest
from seedance.contract.results import Check, CheckResult, Group
from seedance.contract.session import Outcome, Session, expect_2xx
from seedance.contract.transport import Exchange

#: What a request that must be accepted expects.
ACCEPTED = "2xx (accepted)"


def _refused_with(statuses: tuple[int, ...]) -> Callable[[Exchange], str | None]:
    """A judge for "the request is refused with one of ``statuses``"."""
    wanted = " or ".join(map(str, statuses))

    def _refused(exchange: Exchange) -> str | None:
        if exchange.status in statuses:
            return None
        if exchange.status is not None and 200 <= exchange.status < 300:
            return (
                f"the target accepted a request the spec forbids: expected {wanted}, "
                f"got {exchange.status}"
            )
        return f"expected {wanted} (invalid request), got {exchange.status}"

    return _refused


def _check(constraint: Constraint, case: str, expected: str) -> Check:
    """The row of a request constraint."""
    return Check(
        id=constraint.id,
        group=Group.REQUEST,
        kind=constraint.kind,
        field=constraint.field,
        constraint=constraint.rule,
        case=case,
        expected=expected,
    )


def check_negatives(context: RunContext) -> None:
    """Send each case that must be refused (free on a faithful target)."""
    session, constraints = context.session, context.constraints
    create = session.roles.create
    for constraint in constraints.negatives:
        raw = constraint.raw_body
        body = None if raw is not None else apply_edits(constraints.base, constraint.edits)

        def _send(raw: bytes | None = raw, body: object = body) -> Exchange:
            if raw is not None:
                return session.sender.send(
                    create.method, create.path, content=raw, expect_accept=False
                )
            return session.sender.send(
                create.method, create.path, json_body=body, expect_accept=False
            )

        gap = None
        if constraint.doc_gap:
            gap = (
                f"likely documentation gap: the description of {constraint.field} mentions "
                f"{constraint.value!r}, but its enum does not list it"
            )
        outcome = session.try_send(_send)
        case = constraint.describe_case() + (f" ({constraint.origin})" if constraint.origin else "")
        statuses = constraint.refused_with
        check = _check(constraint, case, f"{' or '.join(map(str, statuses))} (rejected)")
        session.judge(check, outcome, _refused_with(statuses), doc_gap=gap)


def send_planned(session: Session, constraints: ConstraintSet, request: PlannedRequest) -> Outcome:
    """Send one planned billable request."""
    create = session.roles.create
    body = apply_edits(constraints.base, request.edits)
    return session.try_send(
        lambda: session.sender.send(create.method, create.path, json_body=body, expect_accept=True)
    )


def judge_planned(
    session: Session, constraints: ConstraintSet, request: PlannedRequest, outcome: Outcome
) -> list[CheckResult]:
    """One row per constraint the planned request covers."""
    by_id = {c.id: c for c in constraints.constraints}
    rows = []
    combined = len(request.covers) > 1
    for cid in request.covers:
        constraint = by_id[cid]
        case = constraint.describe_case()
        if combined:
            case += (
                f" (in planned request #{request.index + 1}, "
                f"which covers {len(request.covers)} values)"
            )
        rows.append(
            session.judge(
                _check(constraint, case, ACCEPTED),
                outcome,
                expect_2xx("a valid request must be accepted"),
            )
        )
    return rows


def check_positives(context: RunContext) -> None:
    """Send the planned requests the lifecycle did not (``context.later_requests``); the
    values no planned request covers are not run, for the budget."""
    session, constraints, plan = context.session, context.constraints, context.plan
    for request in context.later_requests:
        judge_planned(session, constraints, request, send_planned(session, constraints, request))
    by_id = {c.id: c for c in constraints.constraints}
    reason = _uncovered_reason(session.sender.budget.max_billable, len(plan.requests))
    for cid in plan.uncovered:
        constraint = by_id[cid]
        session.add(_check(constraint, constraint.describe_case(), ACCEPTED).not_run(reason))


def _uncovered_reason(max_billable: float, planned: int) -> str:
    if planned == 0:
        return (
            f"budget: MAX_BILLABLE={max_billable:g}, and a case that must be accepted is a "
            "billable create"
        )
    return (
        f"budget: MAX_BILLABLE={max_billable:g} pays for {planned} planned create(s), which "
        "do not reach this value"
    )


def describe_plan(constraints: ConstraintSet, plan: Plan, first: int = 1) -> list[str]:
    """The planned billable requests, one line each (for PLAN=1), numbered from ``first``."""
    lines = []
    for number, request in enumerate(plan.requests, start=first):
        body = apply_edits(constraints.base, request.edits)
        lines.append(
            f"#{number} covers {len(request.covers)}: "
            + json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        )
    return lines
