"""The request checks of every vendored page: one suite per model and mode.

Each page's request is walked into its own base body and constraints
(:mod:`seedance.contract.model`, :mod:`seedance.contract.constraints`); the seed page's are
the bundle's create operation's, with the same check ids as ever; every other page's ids
start with the page's name. Near misses stay inside their page: a case the gateway would
judge by another page (:mod:`seedance._judge`: the model and the media choose the page) is
not one of this page's cases when that page accepts it (Mini image-to-video without its image
is a valid Mini text-to-video request), and a model near miss is never a vendored model's id
(it is refused with the bundle's unknown-model answer, or a 400). Each model's first page also
sends the media of every mode another model has and it lacks (refused: a mode it lacks).

:func:`select_models` reads ``--model``/``MODELS=``; :func:`plan_suites` spends one budget on
every suite's billable creates (:mod:`seedance.contract.planner`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from seedance.catalogue import (
    MEDIA_FIELD,
    MODEL_FIELD,
    Catalogue,
    CreateJudge,
    Linkage,
    Mode,
    Operator,
)
from seedance.contract.constraints import (
    ACCEPT,
    REJECT,
    Constraint,
    ConstraintSet,
    Edit,
    Expect,
    apply_edits,
    derive_constraints,
)
from seedance.contract.errors import ContractError
from seedance.contract.family import model_near_misses
from seedance.contract.model import RequestModel, page_request_model, request_model
from seedance.contract.planner import Plan, Validity, plan_family
from seedance.contract.results import Kind
from seedance.gateway import Status

#: Separates a model from one of its modes in a ``--model`` entry (``model:mode``).
MODE_SEPARATOR = ":"

__all__ = [
    "MODE_SEPARATOR",
    "Suite",
    "build_suites",
    "plan_suites",
    "select_models",
    "select_pages",
]


@dataclass(frozen=True)
class Suite:
    """One page's request checks: its model and mode, its constraints and (once planned)
    its billable creates."""

    mode: Mode
    constraints: ConstraintSet
    seed: bool
    plan: Plan = dataclasses.field(default_factory=Plan)

    @property
    def model(self) -> str:
        """The model id."""
        return self.mode.model

    @property
    def name(self) -> str:
        """The mode's name."""
        return self.mode.name

    @property
    def label(self) -> str:
        """``<model> <mode>``."""
        return f"{self.mode.model} {self.mode.name}"


def select_models(catalogue: Catalogue, wanted: Sequence[str]) -> tuple[str, ...]:
    """The models a run checks: ``wanted`` (``--model``, ``MODELS=a,b``; an entry may name one
    mode, ``model:mode``), else every vendored one; :class:`ContractError` naming the vendored
    models for an id that is not one."""
    if not wanted:
        return tuple(catalogue.models)
    ids = [entry.split(MODE_SEPARATOR, 1)[0] for entry in wanted]
    unknown = [m for m in ids if m not in catalogue.models]
    if unknown:
        raise ContractError(
            f"--model {', '.join(unknown)}: not a vendored model; the models are "
            f"{', '.join(catalogue.models)}"
        )
    return tuple(dict.fromkeys(ids))


def select_pages(catalogue: Catalogue, wanted: Sequence[str]) -> frozenset[str]:
    """The pages a run checks: every page of a model named alone, the one page of an entry
    ``model:mode``; :class:`ContractError` naming the model's modes for a mode it lacks."""
    select_models(catalogue, wanted)
    if not wanted:
        return frozenset(catalogue.pages)
    pages: set[str] = set()
    for entry in wanted:
        model_id, _, mode_name = entry.partition(MODE_SEPARATOR)
        model = catalogue.models[model_id]
        if not mode_name:
            pages.update(mode.page for mode in model.modes.values())
        elif mode_name in model.modes:
            pages.add(model.modes[mode_name].page)
        else:
            raise ContractError(
                f"--model {entry}: {model_id} has no mode {mode_name!r}; its modes are "
                f"{', '.join(model.modes)}"
            )
    return frozenset(pages)


def _prefixed(constraint: Constraint, prefix: str) -> Constraint:
    return dataclasses.replace(constraint, id=f"{prefix}{constraint.id}")


def _stays_in_page(judge: CreateJudge, mode: Mode, body: Any, expect: Expect) -> bool:
    """Whether ``body`` is a case of ``mode``'s page: judged by it, or (a case to refuse)
    refused by the page that judges it."""
    if not isinstance(body, dict):
        return True
    page = judge.page_of(body)
    if page is None:  # an unknown model, or media no page of the model takes: refused
        return expect == REJECT
    if page.page == mode.page:
        return True
    accepted = page.validator.is_valid(body) and not any(
        rule.broken_by(body, page.defaults) for rule in page.linkage
    )
    return expect == REJECT and not accepted


def _tail_items(constraint: Constraint, base: dict[str, Any]) -> Constraint:
    """A too-short array case keeping the array's last items instead of its first (the
    media that choose the page come after the prompt); other cases as they are."""
    if constraint.kind != Kind.MIN_ITEMS or len(constraint.edits) != 1:
        return constraint
    (edit,) = constraint.edits
    whole = apply_edits(base, ())
    node: Any = whole
    for key in edit.path:
        node = node[key]
    if not isinstance(node, list) or not isinstance(edit.value, list):
        return constraint
    count = len(edit.value)
    tail = node[len(node) - count :] if count else []
    return dataclasses.replace(
        constraint,
        edits=(Edit(edit.path, tail),),
        origin=f"{constraint.origin} (the last {count}, which keep the page's media)",
    )


def _constraints(
    judge: CreateJudge, mode: Mode, walked: RequestModel, prefix: str
) -> ConstraintSet:
    catalogue = judge.catalogue
    refusals = {}
    if catalogue.unknown_model_status is not None:
        refusals[MODEL_FIELD] = (Status.INVALID_REQUEST, catalogue.unknown_model_status)
    derived = derive_constraints(
        walked,
        valid_elsewhere={MODEL_FIELD: set(catalogue.models)},
        refusals=refusals,
        near_misses={MODEL_FIELD: model_near_misses([mode.model], catalogue.models)},
    )
    kept = []
    for derived_case in derived.constraints:
        case = derived_case
        if case.raw_body is None:
            body = apply_edits(derived.base, case.edits)
            if not _stays_in_page(judge, mode, body, case.expect):
                case = _tail_items(case, derived.base)
                body = apply_edits(derived.base, case.edits)
                if not _stays_in_page(judge, mode, body, case.expect):
                    continue  # another page's request: not this page's case
        kept.append(_prefixed(case, prefix) if prefix else case)
    kept += _linkage_constraints(mode, prefix)
    return ConstraintSet(base=derived.base, constraints=kept)


def build_suites(
    spec: dict[str, Any],
    create_id: str,
    catalogue: Catalogue,
    models: Sequence[str],
    pages: Collection[str] | None = None,
) -> list[Suite]:
    """One suite per page of ``models`` (of those only ``pages``, when given), in catalogue
    order (the seed page first)."""
    judge = CreateJudge(catalogue)
    suites = []
    for page, mode in catalogue.pages.items():
        if mode.model not in models or (pages is not None and page not in pages):
            continue
        seed = page == catalogue.seed_page
        walked = (
            request_model(spec, create_id)
            if seed
            else page_request_model(spec, mode.request_ref, mode.example)
        )
        constraints = _constraints(judge, mode, walked, "" if seed else f"{page}:")
        suites.append(Suite(mode=mode, constraints=constraints, seed=seed))
    return _with_missing_modes(judge, suites)


def _with_missing_modes(judge: CreateJudge, suites: list[Suite]) -> list[Suite]:
    """Each model's first suite also sends, per mode another model has and it lacks, that
    mode's media (another page's base body's) under its own model: refused (``mode``)."""
    bases: dict[str, list[Any]] = {}
    for mode in judge.catalogue.pages.values():
        if mode.name not in bases and mode.example is not None:
            media = mode.example.get(MEDIA_FIELD) if isinstance(mode.example, dict) else None
            if isinstance(media, list):
                bases[mode.name] = media
    out: list[Suite] = []
    seen: set[str] = set()
    for suite in suites:
        if suite.model in seen:
            out.append(suite)
            continue
        seen.add(suite.model)
        model = judge.catalogue.models[suite.model]
        extra = []
        prefix = "" if suite.seed else f"{suite.mode.page}:"
        for name, media in bases.items():
            if name in model.modes:
                continue
            extra.append(
                Constraint(
                    id=f"{prefix}rule:{MEDIA_FIELD}:mode={name}:reject",
                    kind=Kind.RULE,
                    field=MEDIA_FIELD,
                    rule=f"{suite.model} has the modes {sorted(model.modes)}",
                    value=name,
                    expect=REJECT,
                    edits=(Edit((MEDIA_FIELD,), media),),
                    origin=f"the media of {name}, a mode {suite.model} lacks",
                )
            )
        constraints = ConstraintSet(
            base=suite.constraints.base, constraints=[*suite.constraints.constraints, *extra]
        )
        out.append(dataclasses.replace(suite, constraints=constraints))
    return out


def _validity(suite: Suite) -> Validity:
    """Whether edits to the suite's base body make a request its page accepts (schema and
    ``x-linkage``): packed values must not break a rule between fields."""
    mode, base = suite.mode, suite.constraints.base

    def valid(edits: tuple[Edit, ...]) -> bool:
        body = apply_edits(base, edits)
        return mode.validator.is_valid(body) and not any(
            rule.broken_by(body, mode.defaults) for rule in mode.linkage
        )

    return valid


def plan_suites(suites: Sequence[Suite], budget: float) -> list[Suite]:
    """The suites with their share of one budget (see :func:`planner.plan_family`)."""
    plans = plan_family(
        [suite.constraints.positives for suite in suites],
        budget,
        [_validity(suite) for suite in suites],
    )
    return [dataclasses.replace(s, plan=plan) for s, plan in zip(suites, plans, strict=True)]


def _condition(rule: Linkage, mode: Mode) -> tuple[bool, Any]:
    """A value of ``rule.when_field`` that makes the rule apply (``(False, None)``: none known)."""
    if rule.operator is Operator.EQ:
        return True, rule.value
    if rule.operator is Operator.IN and isinstance(rule.value, list) and rule.value:
        return True, rule.value[0]
    spec = mode.fields.get(rule.when_field)
    candidates = list(spec.enum or ()) if spec is not None else []
    if spec is not None and spec.type == "boolean":
        candidates = [True, False]
    for value in candidates:
        if rule.operator.holds(value, rule.value):
            return True, value
    return False, None


def _linkage_constraints(mode: Mode, prefix: str) -> list[Constraint]:
    """Per ``x-linkage`` rule: under its condition, a value it excludes is refused and one it
    allows is accepted."""
    out = []
    for index, rule in enumerate(mode.linkage, start=1):
        known, when = _condition(rule, mode)
        spec = mode.fields.get(rule.field)
        excluded = [v for v in (spec.enum or ()) if v not in rule.options] if spec else []
        if not known or not rule.options:
            continue
        words = f"x-linkage: {rule.sentence()}"
        where = (Edit((rule.when_field,), when),)
        if excluded:
            out.append(
                Constraint(
                    id=f"{prefix}rule:{rule.field}:x-linkage-{index}={excluded[0]}:reject",
                    kind=Kind.RULE,
                    field=rule.field,
                    rule=words,
                    value=excluded[0],
                    expect=REJECT,
                    edits=(*where, Edit((rule.field,), excluded[0])),
                    origin=f"{rule.when_field}={when!r} allows only {list(rule.options)!r}",
                )
            )
        out.append(
            Constraint(
                id=f"{prefix}rule:{rule.field}:x-linkage-{index}={rule.options[0]}:accept",
                kind=Kind.RULE,
                field=rule.field,
                rule=words,
                value=rule.options[0],
                expect=ACCEPT,
                edits=(*where, Edit((rule.field,), rule.options[0])),
                cost_rank=1,
                edge=True,
            )
        )
    return out
