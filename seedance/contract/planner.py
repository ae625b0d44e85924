"""Plan the billable requests: which positive cases to send within a budget.

Each positive constraint sets one value at one place of the base body (or needs nothing
beyond the base). With a budget large enough, every positive case gets a request of its own
(a refusal then names the exact value). Otherwise a greedy set cover packs them: each request
takes, for every field, the cheapest value not yet covered (fields are independent, so this
covers the most uncovered values per request), cheapest requests first; about as many
requests as the largest enum has values cover everything. Edge cases (valid values at a
limit the spec does not set, the likeliest refusals) are never packed: each gets a request of
its own after the packed ones, so a gateway that refuses one is not blamed for the values it
would have shared a request with. Whatever the budget cannot pay for is listed as uncovered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from seedance.contract.constraints import Constraint, Edit


class PlanMode(StrEnum):
    """How the plan covers the accepted values (its value is the word the reports print)."""

    #: one request per value
    INDIVIDUAL = "individual"
    #: values packed into fewer requests, for the budget
    COMBINED = "combined"


@dataclass(frozen=True)
class PlannedRequest:
    """One billable request: the edits to the base body and the constraints it covers."""

    index: int
    edits: tuple[Edit, ...]
    covers: tuple[str, ...]  # constraint ids


@dataclass
class Plan:
    """The requests to send, in order, and what stays uncovered."""

    requests: list[PlannedRequest] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    mode: PlanMode = PlanMode.INDIVIDUAL

    @property
    def covered(self) -> set[str]:
        """Ids of the constraints some planned request covers."""
        return {cid for request in self.requests for cid in request.covers}


def _groups(positives: list[Constraint]) -> tuple[list[str], dict[str, list[Constraint]]]:
    order: list[str] = []
    groups: dict[str, list[Constraint]] = {}
    for constraint in positives:
        key = constraint.group
        if key not in groups:
            order.append(key)
            groups[key] = []
        groups[key].append(constraint)
    for key in order:
        groups[key].sort(key=lambda c: c.cost_rank)
    return order, groups


def _base_request(
    order: list[str], groups: dict[str, list[Constraint]]
) -> tuple[tuple[Edit, ...], list[str]]:
    """The cheapest request: base body plus every field's cheapest value."""
    edits: list[Edit] = []
    covers: list[str] = []
    for key in order:
        first = groups[key][0]
        if not key:
            covers.extend(c.id for c in groups[key])
            continue
        if first.cost_rank > 0:
            continue  # not a value the base needs (e.g. an empty string): leave the base alone
        edits.extend(first.edits)
        covers.append(first.id)
    return tuple(edits), covers


def _alone(base_edits: tuple[Edit, ...], constraint: Constraint) -> tuple[Edit, ...]:
    """The cheapest request with the field's own value in place of its cheapest one."""
    return tuple(e for e in base_edits if e.path != constraint.edits[0].path) + constraint.edits


#: Whether a request made of these edits to the base body is valid (a page's rules beyond
#: one field at a time, e.g. x-linkage: ``draft`` true allows only one ``size``).
Validity = Callable[[tuple[Edit, ...]], bool]


def _always_valid(_edits: tuple[Edit, ...]) -> bool:
    return True


def _packed(
    order: list[str],
    groups: dict[str, list[Constraint]],
    wanted: dict[str, list[Constraint]],
    valid: Validity = _always_valid,
) -> tuple[list[PlannedRequest], list[Constraint]]:
    """Greedy set cover of the ``wanted`` values; the first request is the cheapest one. A
    value is packed only beside values it is valid with; the values no packed request could
    take are returned to be sent alone."""
    packed: list[PlannedRequest] = []
    covered: set[str] = set()
    while any(c.id not in covered for cs in wanted.values() for c in cs) or not packed:
        step_edits: list[Edit] = []
        step_covers: list[str] = []
        for key in order:
            if not key:
                if not packed:
                    step_covers.extend(c.id for c in groups[key])
                continue
            pending = [c for c in wanted[key] if c.id not in covered]
            if not packed:
                # the first request is the cheapest one (the lifecycle's create) and the only
                # one claiming what the bare base covers: only each field's cheapest value
                pending = [c for c in pending if c.cost_rank == 0]
            cheapest = groups[key][0]
            fitting = [c for c in pending if valid((*step_edits, *c.edits))]
            chosen = fitting[0] if fitting else (cheapest if cheapest.cost_rank == 0 else None)
            if chosen is None:
                continue
            step_edits.extend(chosen.edits)
            if fitting:
                step_covers.append(chosen.id)
        if packed and not step_covers:
            break  # what is left fits no packed request
        packed.append(PlannedRequest(len(packed), tuple(step_edits), tuple(step_covers)))
        covered.update(step_covers)
    left = [c for cs in wanted.values() for c in cs if c.id not in covered]
    return packed, left


def _individual(positives: list[Constraint]) -> list[PlannedRequest]:
    """One request per value (the first, the cheapest, covers what the bare base covers)."""
    order, groups = _groups(positives)
    base_edits, base_covers = _base_request(order, groups)
    individual: list[PlannedRequest] = [PlannedRequest(0, base_edits, tuple(base_covers))]
    covered = set(base_covers)
    for key in order:
        for constraint in groups[key]:
            if constraint.id in covered:
                continue
            individual.append(
                PlannedRequest(len(individual), _alone(base_edits, constraint), (constraint.id,))
            )
            covered.add(constraint.id)
    return individual


def _combined(positives: list[Constraint], valid: Validity) -> list[PlannedRequest]:
    """The fewest requests: values packed (greedy cover), edge values alone, after them."""
    order, groups = _groups(positives)
    base_edits, _ = _base_request(order, groups)
    ordinary = {key: [c for c in groups[key] if key and not c.edge] for key in order}
    combined, left = _packed(order, groups, ordinary, valid)
    alone = left + [c for key in order for c in groups[key] if c.edge]
    for constraint in alone:
        combined.append(
            PlannedRequest(len(combined), _alone(base_edits, constraint), (constraint.id,))
        )
    return combined


def _cut(positives: list[Constraint], requests: list[PlannedRequest], room: float) -> Plan:
    chosen = requests[: max(0, int(min(room, len(requests))))]
    kept = {cid for r in chosen for cid in r.covers}
    uncovered = [c.id for c in positives if c.id not in kept]
    return Plan(requests=chosen, uncovered=uncovered, mode=PlanMode.COMBINED)


def plan_requests(
    positives: list[Constraint], budget: float, valid: Validity = _always_valid
) -> Plan:
    """Choose the billable requests for ``positives`` within ``budget`` (``math.inf`` = no cap)."""
    if not positives:
        return Plan()
    individual = _individual(positives)
    if len(individual) <= budget:
        return Plan(requests=individual, mode=PlanMode.INDIVIDUAL)
    return _cut(positives, _combined(positives, valid), budget)


def plan_family(
    suites: Sequence[list[Constraint]],
    budget: float,
    valid: Sequence[Validity] | None = None,
) -> list[Plan]:
    """One plan per suite (a page's positives) under one ``budget`` for all of them.

    Every value of every suite its own request when the budget pays for all of them; else
    the fewest requests per suite (:func:`plan_requests`' packing), and when even those are
    too many, the budget goes round the suites: every suite's cheapest request first (each
    model and mode is created at least once), then every suite's second, and so on.
    """
    checks = list(valid) if valid is not None else [_always_valid] * len(suites)
    individual = [_individual(p) if p else [] for p in suites]
    if sum(map(len, individual)) <= budget:
        return [Plan(requests=r, mode=PlanMode.INDIVIDUAL) if r else Plan() for r in individual]
    combined = [_combined(p, check) if p else [] for p, check in zip(suites, checks, strict=True)]
    rooms = [0] * len(suites)
    left = budget
    depth = 0
    while left > 0 and any(depth < len(c) for c in combined):
        for index, requests in enumerate(combined):
            if depth < len(requests) and left > 0:
                rooms[index] += 1
                left -= 1
        depth += 1
    return [
        _cut(p, c, room) if p else Plan()
        for p, c, room in zip(suites, combined, rooms, strict=True)
    ]
