"""One contract run: derive the cases, start the target if needed, run every check, report.

Every check is a function of one :class:`~seedance.contract.context.RunContext`, run from
:data:`CHECKS` in order: not-found (free; also tells whether the target answers at all), the
negative cases (free on a faithful target), the lifecycle on the plan's first (cheapest)
create, auth (free), the remaining planned creates, then schemathesis' generated cases with
whatever budget is left. A target that refuses the run's own key before accepting it once
stops the run at once with one line naming where the key came from (exit 2). Exit code: 0
no violation, 1 violations, 3 network errors only (also a
target that stopped answering, or a run past its deadline: the run ends early and says so),
5 inconclusive: no violation, but fewer than half the checks the target answered could be
judged (every re-send still answered 429), or none was (see :mod:`seedance.contract.config`).
``--record DIR`` keeps every exchange, ``--replay DIR`` runs the same checks on a recording
with no network (:mod:`seedance.contract.tape`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import httpx
from rich.console import Console

from seedance.catalogue import catalogue_of
from seedance.contract.check_auth import check_auth
from seedance.contract.check_lifecycle import check_lifecycle, check_not_found
from seedance.contract.check_requests import check_negatives, check_positives, describe_plan
from seedance.contract.config import (
    MOCK_TASK_SECONDS,
    RunConfig,
    Target,
)
from seedance.contract.constraints import ConstraintSet
from seedance.contract.context import ContractCheck, PreparedTests, RunContext
from seedance.contract.errors import ConfigError, KeyRefusedError, RunStoppedError
from seedance.contract.generated import (
    build_generated,
    check_generated,
    check_generated_skipped,
)
from seedance.contract.planner import Plan, PlanMode
from seedance.contract.progress import RunProgress
from seedance.contract.report import (
    RunInfo,
    print_summary,
    redacted_copy,
    summary_data,
    write_reports,
)
from seedance.contract.results import NETWORK_ERROR, PASS, VIOLATION, Group, Recorder
from seedance.contract.session import Session, find_roles
from seedance.contract.suites import Suite, build_suites, plan_suites, select_models, select_pages
from seedance.contract.tape import Tape
from seedance.contract.transport import Budget, Sender
from seedance.exitcode import ExitCode
from seedance.spec import OperationInfo, OperationRoles, load_bundle, operations

#: The key the embedded mock is started with during a run (not a secret).
MOCK_KEY = "sk-mock-contract"
#: A run is conclusive when at least this share of the checks the target answered were judged
#: (the others still answered 429 after every re-send), and at least one was.
MIN_JUDGED_SHARE = 0.5


@dataclass
class Prepared:
    """What a run derives from the bundle before it sends anything: one suite per page of
    the models it checks (the seed page's first when it is one of them)."""

    spec: dict[str, Any]
    ops: dict[str, OperationInfo]
    roles: OperationRoles
    suites: list[Suite]

    @property
    def constraints(self) -> ConstraintSet:
        """The first suite's constraints (the seed page's when its model is checked)."""
        return self.suites[0].constraints

    @property
    def plan(self) -> Plan:
        """The first suite's plan (its first request is the lifecycle's)."""
        return self.suites[0].plan

    @property
    def planned(self) -> int:
        """Billable creates planned over every suite."""
        return sum(len(suite.plan.requests) for suite in self.suites)

    @property
    def plan_mode(self) -> str:
        """``individual`` when every suite's plan is, else ``combined``."""
        modes = {suite.plan.mode for suite in self.suites}
        return str(modes.pop()) if len(modes) == 1 else str(PlanMode.COMBINED)

    @property
    def seed_checked(self) -> bool:
        """Whether the seed page (the bundle's create operation) is one of the suites."""
        return any(suite.seed for suite in self.suites)


def prepare(config: RunConfig) -> Prepared:
    """Read the bundle, derive every checked page's constraints and plan the billable
    requests of all of them under one budget."""
    spec = load_bundle()
    ops = operations(spec)
    roles = find_roles(ops)
    cat = catalogue_of(spec)
    models = select_models(cat, config.models)
    pages = select_pages(cat, config.models)
    suites = build_suites(spec, roles.create.operation_id, cat, models, pages)
    return Prepared(spec, ops, roles, plan_suites(suites, config.max_billable))


#: Starts a run's embedded target for the ``with`` block, given the key and the task duration,
#: and gives its (base URL, key): the mock's :func:`seedance.mock.embedded_target`, which the
#: command line passes in (the harness never imports the mock).
EmbeddedTarget = Callable[[str, float], AbstractContextManager[tuple[str, str]]]


@contextlib.contextmanager
def target_endpoint(
    config: RunConfig, embedded: EmbeddedTarget | None = None
) -> Iterator[tuple[str, str]]:
    """(base URL, key) of the target; the embedded one is started and stopped here."""
    if config.replay_dir is not None or config.target != Target.MOCK:
        yield config.base_url or "", config.api_key or ""
        return
    if embedded is None:
        raise ConfigError(
            "no target: the embedded mock is started by `seedance contract-test`; "
            "give --base-url and --api-key to test another server"
        )
    with embedded(MOCK_KEY, MOCK_TASK_SECONDS) as endpoint:
        yield endpoint


def inconclusive(recorder: Recorder) -> bool:
    """True when too little was judged: no check passed, or fewer than
    :data:`MIN_JUDGED_SHARE` of the answered ones (the rest answered 429 to every re-send)."""
    judged = recorder.counts()[PASS]
    return judged == 0 or judged < MIN_JUDGED_SHARE * (judged + recorder.rate_limited)


def exit_code(recorder: Recorder, *, stopped: bool = False) -> int:
    """0 without violations, 1 with any, 3 when the only trouble is network errors (or the
    run was stopped early), 5 when too little could be judged."""
    counts = recorder.counts()
    if counts[VIOLATION]:
        return ExitCode.FAILED
    if counts[NETWORK_ERROR] or stopped:
        return ExitCode.NETWORK
    if inconclusive(recorder):
        return ExitCode.INCONCLUSIVE
    return ExitCode.OK


def _unreachable(recorder: Recorder) -> bool:
    rows = [r for r in recorder.results if r.group == Group.NOT_FOUND]
    return bool(rows) and all(r.verdict == NETWORK_ERROR for r in rows)


def print_plan(console: Console, config: RunConfig, prepared: Prepared) -> None:
    """PLAN=1: the billable requests a run would send (nothing is sent), by model and mode."""
    create = prepared.roles.create
    console.print(
        f"PLAN: {prepared.planned} billable {create.method} {create.path} request(s) "
        f"(MAX_BILLABLE={config.budget_label}, {prepared.plan_mode} plan) for "
        f"{len(prepared.suites)} model/mode page(s); nothing is sent.",
        markup=False,
    )
    number = 1
    for suite in prepared.suites:
        plan = suite.plan
        console.print(
            f"{suite.label}: {len(plan.requests)} request(s), {plan.mode} plan",
            markup=False,
        )
        lines = describe_plan(suite.constraints, plan, number)
        number += len(plan.requests)
        for line in lines:
            console.print("  " + line, markup=False, soft_wrap=True)
        if plan.uncovered:
            console.print(
                f"  uncovered for lack of budget ({len(plan.uncovered)}): "
                + ", ".join(plan.uncovered),
                markup=False,
            )
    remaining = config.max_billable - prepared.planned
    generated = "no cap" if math.isinf(remaining) else str(int(max(remaining, 0)))
    console.print(
        f"schemathesis: its generated creates use the rest of the budget ({generated}).",
        markup=False,
    )
    console.print(
        "free cases (expected refusals, auth, not-found): "
        f"{sum(len(s.constraints.negatives) for s in prepared.suites)} + "
        "auth + not-found; they are free on a faithful target, and one the target wrongly "
        "bills once the cap is reached stops every further create.",
        markup=False,
    )


def _start_building_generated(
    config: RunConfig, prepared: Prepared, pool: ThreadPoolExecutor
) -> Future[PreparedTests] | None:
    """Build schemathesis' tests on ``pool`` (``None`` when SCHEMATHESIS=0)."""
    if not config.schemathesis or not prepared.seed_checked:
        return None
    return pool.submit(build_generated, prepared.spec, prepared.roles, config.max_examples)


def _budget_notes(config: RunConfig, budget: Budget) -> list[str]:
    """What the summary says about the money: what did not run for it, what was billed wrongly."""
    notes: list[str] = []
    if config.max_billable == 0:
        notes.append(
            "MAX_BILLABLE=0: only free checks ran (expected refusals, auth, not-found); every case "
            "that must be accepted, the lifecycle and schemathesis' valid creates did not run."
        )
    if budget.unexpected:
        notes.append(
            f"the target billed {budget.unexpected} request(s) it should have refused "
            "(counted against MAX_BILLABLE; once the cap is reached no create is sent)"
        )
    if budget.uncertain:
        notes.append(
            f"{budget.uncertain} create(s) got no answer (network error) and may have been "
            "billed: counted against MAX_BILLABLE, never re-sent"
        )
    return notes


def open_sender(
    config: RunConfig,
    base_url: str,
    api_key: str,
    ops: dict[str, OperationInfo],
    budget: Budget,
    **options: Any,
) -> Sender:
    """The sender of a run configured by ``config`` (``options``: the sender's others, e.g. a
    ``transport``)."""
    return Sender(
        base_url,
        api_key,
        ops,
        budget,
        rate=config.rate,
        timeout=config.request_timeout,
        retries=config.retries,
        request_deadline=config.request_deadline,
        run_deadline=config.run_deadline,
        resend_cap=config.resend_cap,
        key_source=config.key_source or "the configured key",
        **options,
    )


def first_context(
    config: RunConfig,
    prepared: Prepared,
    session: Session,
    console: Console,
    *,
    generated: Future[PreparedTests] | None = None,
) -> RunContext:
    """The context every check of a run starts from: the first suite's page (the seed's when
    it is checked), its lifecycle request and the rest of its plan; each check is a function
    of it (:data:`CHECKS`), which is how a check runs alone."""
    planned = prepared.plan.requests
    return RunContext(
        session=session.for_page(prepared.suites[0].model, prepared.suites[0].name),
        config=config,
        spec=prepared.spec,
        constraints=prepared.constraints,
        plan=prepared.plan,
        lifecycle_request=planned[0] if planned else None,
        later_requests=tuple(planned[1:]),
        console=console,
        generated=generated,
    )


def _sender_options(
    tape: Tape, api_key: str, transport: httpx.BaseTransport | None
) -> dict[str, Any]:
    """The sender's keyword arguments: the tape's (a replay brings its own transport), else
    ``transport`` when one is given."""
    options = tape.sender_options(api_key)
    if transport is not None:
        options.setdefault("transport", transport)
    return options


@dataclass(frozen=True)
class Step:
    """One check of the run, and the progress phase that starts with it."""

    check: ContractCheck
    #: The phase the progress line shows from this check on (``None``: the previous one goes on).
    phase: str | None = None
    #: How many checks the phase has, when known before it starts.
    total: Callable[[RunContext], int] | None = None
    #: Whether this run has the check (the configuration and the checked pages decide).
    runs: Callable[[RunConfig, Prepared], bool] = lambda _config, _prepared: True
    #: Run once per checked page (model and mode), the pages side by side; else once.
    per_page: bool = False
    #: May run while the step before it runs (it mostly waits on the target): only in a run
    #: with no budget cap (who is billed first does not matter) that records nothing.
    overlaps_previous: bool = False


#: Every check of a run, in order. The not-found checks come first: when the target answers
#: none of them, no further check runs. The endpoint's own behaviour (not-found, the task
#: lifecycle and content, auth) is checked once per run; the request rules of every page
#: (refusals, accepted values: each model's first create included) per page. schemathesis
#: knows the bundle's create operation, the seed page's: it runs when that page is checked.
CHECKS: tuple[Step, ...] = (
    Step(check_not_found, "not-found checks"),
    Step(
        check_negatives,
        "expected refusals",
        total=lambda c: len(c.constraints.negatives),
        per_page=True,
    ),
    Step(check_lifecycle, "lifecycle", overlaps_previous=True),
    Step(check_auth, "auth and accepted requests"),
    Step(check_positives, per_page=True),
    Step(
        check_generated,
        "schemathesis",
        runs=lambda config, prepared: config.schemathesis and prepared.seed_checked,
        overlaps_previous=True,
    ),
    Step(check_generated_skipped, runs=lambda config, _prepared: not config.schemathesis),
)
#: Pages whose checks run side by side (their requests wait on the target, not the CPU); few,
#: so that a target that stops answering meets few requests before the run stops.
PAGE_WORKERS = 3


def page_contexts(context: RunContext, prepared: Prepared) -> list[RunContext]:
    """One context per suite (``context``: the run's :func:`first_context`): its session
    records rows as its model and mode's; the first suite's first create is the lifecycle's,
    every other suite sends all of its own."""
    out = []
    for index, suite in enumerate(prepared.suites):
        planned = suite.plan.requests
        out.append(
            dataclasses.replace(
                context,
                session=context.session.for_page(suite.model, suite.name),
                constraints=suite.constraints,
                plan=suite.plan,
                lifecycle_request=planned[0] if planned else None,
                later_requests=tuple(planned[1:] if index == 0 else planned),
            )
        )
    return out


def _run_per_page(
    step: Step, contexts: list[RunContext], prepared: Prepared, tape: Tape, *, together: bool
) -> None:
    """``step`` for every page: side by side, or (recording, replaying: the cassette is kept
    per check) one page after the other, each under its own name."""
    name = step.check.__name__
    if not together:
        for suite, page_context in zip(prepared.suites, contexts, strict=True):
            tape.begin(name if suite.seed else f"{name}:{suite.mode.page}")
            step.check(page_context)
        return
    tape.begin(name)
    with ThreadPoolExecutor(PAGE_WORKERS, thread_name_prefix="contract-page") as pages:
        for done in [pages.submit(step.check, c) for c in contexts]:
            done.result()


def _run_steps(context: RunContext, prepared: Prepared, tape: Tape, progress: RunProgress) -> bool:
    """Every step of :data:`CHECKS` this run has; ``False`` when the target did not answer
    (the steps after the not-found checks are not run)."""
    contexts = page_contexts(context, prepared)
    together = tape.replay is None and tape.recording is None
    overlap = together and math.isinf(context.config.max_billable)
    steps = [step for step in CHECKS if step.runs(context.config, prepared)]
    with ThreadPoolExecutor(1, thread_name_prefix="contract-overlap") as beside:
        started: dict[int, Future[None]] = {}
        for index, step in enumerate(steps):
            if index in started:
                started.pop(index).result()
                continue
            if step.phase is not None:
                counted = contexts if step.per_page else [context]
                total = sum(step.total(c) for c in counted) if step.total else None
                progress.phase(step.phase, total)
            following = steps[index + 1] if index + 1 < len(steps) else None
            if overlap and following is not None and following.overlaps_previous and index:
                started[index + 1] = beside.submit(following.check, context)
            if step.per_page:
                _run_per_page(step, contexts, prepared, tape, together=together)
            else:
                tape.begin(step.check.__name__)
                step.check(context)
            if _unreachable(context.session.recorder):
                for waiting in started.values():
                    waiting.result()
                return False
    return True


def _run_checks(
    context: RunContext,
    prepared: Prepared,
    progress: RunProgress,
    tape: Tape,
    *,
    notes: list[str],
    base_url: str,
) -> str | None:
    """Run every check of :data:`CHECKS` in order (notes say why it ended early); the
    reason when the target refused the run's own key, else None."""
    session = context.session
    try:
        if not _run_steps(context, prepared, tape, progress):
            notes.append(f"the target at {base_url} did not answer: no further check was run")
    except RunStoppedError as stop:
        notes.append(f"the run ended early: {stop.reason}; the checks after that point did not run")
    except KeyRefusedError as refused:
        return refused.reason
    finally:
        session.sender.close()
    return None


def run(
    config: RunConfig,
    console: Console | None = None,
    *,
    embedded: EmbeddedTarget | None = None,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """Run the whole contract suite as configured; returns the exit code. ``embedded`` starts
    the target when the configuration names none (the mock, passed by the command line).
    ``transport`` carries every request instead of the network (e.g. to an app served in
    this process); the base URL still names the target."""
    console = console or Console(stderr=False, soft_wrap=True)  # no line cut mid-phrase
    tape = Tape.open(config)
    config = tape.config
    prepared = prepare(config)
    if config.plan_only:
        print_plan(console, config, prepared)
        return ExitCode.OK
    started = time.monotonic()
    recorder = Recorder()
    budget = Budget(config.max_billable)
    notes: list[str] = list(tape.notes)
    with (
        target_endpoint(config, embedded) as (base_url, api_key),
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="schemathesis-build") as pool,
        RunProgress(console, recorder, budget) as progress,
    ):
        ops = prepared.ops
        sender = open_sender(
            config, base_url, api_key, ops, budget, **_sender_options(tape, api_key, transport)
        )
        tape.attach(sender)
        session = Session(sender=sender, roles=prepared.roles, recorder=recorder, operations=ops)
        console.print(
            f"contract-test: {config.target} at {base_url}; MAX_BILLABLE={config.budget_label}; "
            f"{len(prepared.suites)} model/mode page(s) of "
            f"{len({s.model for s in prepared.suites})} model(s), "
            f"{sum(len(s.constraints.constraints) for s in prepared.suites)} request "
            f"constraints, {prepared.planned} planned billable request(s)",
            markup=False,
        )
        # schemathesis' tests need no target: build them while the checks below wait on it
        building = _start_building_generated(config, prepared, pool)
        context = first_context(config, prepared, session, console, generated=building)
        key_refused = _run_checks(context, prepared, progress, tape, notes=notes, base_url=base_url)
        if sender.resends:
            notes.append(
                f"{sender.resends} request(s) were re-sent after a 429 "
                f"(RETRY_429={config.retries}, RETRY_429_TOTAL={config.resend_cap}); "
                f"{sender.resent_limited_again} of the re-sends were answered 429 again"
            )
    if key_refused is not None:
        print(f"contract-test: {key_refused}", file=sys.stderr)
        return ExitCode.USAGE
    notes += tape.closing_notes()
    notes += _budget_notes(config, budget)
    code = exit_code(recorder, stopped=sender.stopped is not None)
    if code == ExitCode.INCONCLUSIVE:
        notes.append(
            f"inconclusive: {recorder.counts()[PASS]} check(s) judged, "
            f"{recorder.rate_limited} answered 429 after every re-send; a run must judge at "
            f"least {MIN_JUDGED_SHARE:.0%} of the checks the target answered (exit "
            f"{ExitCode.INCONCLUSIVE})"
        )
    info = RunInfo(
        target=tape.target_label(config.target),
        base_url=base_url,
        budget=config.budget_label,
        billed=budget.billed,
        unexpected_charges=budget.unexpected,
        plan_mode=prepared.plan_mode,
        planned_requests=prepared.planned,
        duration_seconds=time.monotonic() - started,
        exit_code=code,
        notes=notes,
    )
    secret = None if config.target == Target.MOCK or tape.replay is not None else api_key
    write_reports(config.report_dir, info, recorder, secret=secret)
    tape.write(config, base_url, summary_data(info, redacted_copy(recorder, secret)))
    print_summary(console, info, redacted_copy(recorder, secret), config.report_dir)
    sys.stdout.flush()
    return code
