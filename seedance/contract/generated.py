"""schemathesis' generated cases on top of the deterministic matrix (coverage, fuzzing and
examples phases), driven in this process through schemathesis' hypothesis test builder (the
one its pytest plugin uses), without pytest.

Every request schemathesis sends (including the ones its checks re-send) goes through the run's
:class:`~seedance.contract.transport.Sender` via a ``requests`` adapter, so the same budget,
rate limit and recording apply. Expectations are configured per operation so a faithful
gateway passes: a random task id may be answered 404 or 400 (``task_not_exist`` /
``task_not_ready``) and that is a documented answer, not a "valid request rejected".
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests

from seedance.contract._compat import make_constants_value_source
from seedance.contract.config import RunConfig
from seedance.contract.conformance import documented_statuses
from seedance.contract.context import PreparedTests, RunContext
from seedance.contract.curl import curl_line
from seedance.contract.errors import NotRecordedError, NotSentError, RunStoppedError
from seedance.contract.results import NETWORK_ERROR, NOT_RUN, PASS, Check, CheckResult, Group, Kind
from seedance.contract.routing import routed_elsewhere
from seedance.contract.session import Session, oversize_problem
from seedance.contract.transport import RETRY_STATUSES, Auth, RequestsAdapter
from seedance.reading import redact
from seedance.spec import OperationRoles

#: schemathesis checks that need behaviour the spec does not promise (405 + Allow on other
#: methods) or belong to the stateful phase, which the harness's lifecycle check replaces.
_DISABLED_CHECKS = (
    "unsupported_method",
    "allow_header_conformance",
    "use_after_free",
    "ensure_resource_availability",
    "object_level_authorization",
    # the deterministic auth checks cover every operation with a missing and an invalid key;
    # schemathesis' re-send of an accepted case with a bad key is inconclusive when it meets
    # a rate limiter's 429, and would bill a create when auth is ignored
    "ignored_auth",
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class GeneratedRun:
    """The schemathesis phase's state: the run it works for and what its cases met."""

    session: Session
    spec: dict[str, Any]
    config: RunConfig
    sent: Counter[str] = field(default_factory=Counter)
    not_sent: Counter[str] = field(default_factory=Counter)
    #: Cases a replay's recording has no answer for (not judged).
    not_recorded: Counter[str] = field(default_factory=Counter)
    network: Counter[str] = field(default_factory=Counter)
    rate_limited: Counter[str] = field(default_factory=Counter)
    failures: dict[tuple[str, str], CheckResult] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    #: Creates the gateway judges by another page (or answers as an unknown model).
    elsewhere: int = 0

    def __post_init__(self) -> None:
        self.adapter = RequestsAdapter(self.session.sender)
        self.http = requests.Session()
        self.http.mount("http://", self.adapter)
        self.http.mount("https://", self.adapter)

    @property
    def base_url(self) -> str:
        """Where the target is."""
        return self.session.sender.base_url

    def auth_headers(self) -> dict[str, str]:
        """The valid key."""
        return self.session.sender.auth_headers(Auth.VALID)

    def execute(self, case: Any) -> None:
        """Send one generated case through the budget and validate the answer."""
        from schemathesis.core.failures import FailureGroup

        op_id = str(case.operation.definition.raw.get("operationId") or case.operation.label)
        if self.session.sender.stopped is not None:
            return  # the run is ending: draw no more cases
        # schemathesis' "negative" data is not reliably invalid (extra properties are allowed):
        # every generated create needs budget room, as if it were to be accepted.
        self.adapter.expect_accept = True
        headers = self.auth_headers()
        try:
            response = case.call(base_url=self.base_url, session=self.http, headers=headers)
        except NotRecordedError:
            self.not_recorded[op_id] += 1
            return
        except NotSentError:
            self.not_sent[op_id] += 1
            return
        except RunStoppedError:
            return
        except requests.ConnectionError:
            self.network[op_id] += 1
            return
        self.sent[op_id] += 1
        exchange = self.adapter.last
        if exchange is not None and exchange.oversize:
            self._oversize(op_id, case, exchange)
            return
        if response.status_code in RETRY_STATUSES:
            # Still "try later" after the sender's re-sends: says nothing about the case;
            # inconclusive, as in the deterministic checks, never a violation.
            self.rate_limited[op_id] += 1
            return
        if op_id == self.session.roles.create.operation_id and routed_elsewhere(
            case.body, response.status_code
        ):
            self.elsewhere += 1  # another page's request: its own suite checks it
            return
        try:
            case.validate_response(
                response,
                headers=headers,
                transport_kwargs={
                    "session": self.http,
                    "headers": headers,
                    "base_url": self.base_url,
                },
            )
        except NotRecordedError:
            self.not_recorded[op_id] += 1
        except (NotSentError, RunStoppedError):
            self.not_sent[op_id] += 1
        except FailureGroup as group:
            self._record(op_id, case, group)

    def _oversize(self, op_id: str, case: Any, exchange: Any) -> None:
        key = (op_id, "oversize")
        if key not in self.failures:
            check = _check(
                f"schemathesis:{op_id}:oversize",
                "answers are no larger than documented",
                f"{case.method} {case.formatted_path}",
                CONFORMS,
            )
            self.failures[key] = check.violated(
                str(exchange.status), oversize_problem(exchange), curl=exchange.curl(),
                operation=op_id,
            )  # fmt: skip

    def _record(self, op_id: str, case: Any, group: Any) -> None:
        secret = self.session.sender.api_key
        exchange = self.adapter.last
        curl = (
            exchange.curl() if exchange is not None else curl_line(case.method, case.formatted_path)
        )
        phase = "explicit case"
        if case.meta is not None:
            phase = f"{case.meta.phase.name.value} phase, {case.meta.generation.mode.value} data"
        for failure in group.exceptions:
            key = (op_id, str(failure.title))
            if key in self.failures:
                continue
            message = redact(_ANSI.sub("", str(failure.message)), secret)
            check = _check(
                f"schemathesis:{op_id}:{failure.title}",
                str(failure.title),
                f"{case.method} {case.formatted_path} ({phase})",
                CONFORMS,
            )
            observed = str(exchange.status) if exchange is not None else ""
            self.failures[key] = check.violated(observed, message[:600], curl=curl, operation=op_id)

    def finish(self) -> None:
        """Record the phase's rows: one per operation, then each distinct failure."""
        recorder = self.session.recorder
        for op in self.session.operations.values():
            op_id = op.operation_id
            sent, skipped, network = self.sent[op_id], self.not_sent[op_id], self.network[op_id]
            limited = self.rate_limited[op_id]
            judged = sent - limited
            verdict = PASS if judged else NOT_RUN
            reason = f"{sent} generated case(s) sent"
            if limited:
                reason += f"; {limited} answered 429 after every re-send (not judged)"
                if not judged:
                    recorder.rate_limited += 1
            if network:
                verdict = NETWORK_ERROR if not sent else verdict
                reason += f"; {network} network error(s)"
            case = f"{op.method} {op.path}"
            if skipped:
                budget = _check(
                    f"schemathesis:{op_id}:budget",
                    "generated cases of a billable operation",
                    case,
                    EVERY_ANSWER_CONFORMS,
                )
                recorder.add(
                    budget.not_run(
                        f"budget: {skipped} generated create(s) not sent, "
                        f"MAX_BILLABLE={self.config.budget_label} was used up",
                        operation=op_id,
                    )
                )
            if self.not_recorded[op_id]:
                missing = _check(
                    f"schemathesis:{op_id}:replay",
                    "generated cases of the recording",
                    case,
                    EVERY_ANSWER_CONFORMS,
                )
                recorder.add(
                    missing.not_run(
                        f"{self.not_recorded[op_id]} generated case(s) are not in the recording "
                        "(the pages or the generator changed since it was made): not judged",
                        operation=op_id,
                    )
                )
            check = _check(
                f"schemathesis:{op_id}",
                "generated cases conform (coverage, fuzzing, examples phases)",
                case,
                EVERY_ANSWER_CONFORMS,
            )
            recorder.add(
                check.row(
                    verdict,
                    observed=f"{sent} sent",
                    reason=reason if verdict != PASS or limited else "",
                    operation=op_id,
                )
            )
        for row in self.failures.values():
            recorder.add(row)
        for error in self.errors:
            recorder.add(
                _check("schemathesis:error", "schemathesis ran").not_run(error, observed="")
            )


#: What a generated case expects of its answer, and of every answer of an operation.
CONFORMS = "conforms to the bundle"
EVERY_ANSWER_CONFORMS = "every answer conforms to the bundle"


def _check(id_: str, constraint: str, case: str = "", expected: str = "") -> Check:
    """A row of the schemathesis phase (group schemathesis, kind generated, no field)."""
    return Check(
        id=id_,
        group=Group.SCHEMATHESIS,
        kind=Kind.GENERATED,
        constraint=constraint,
        case=case,
        expected=expected,
    )


def schemathesis_config(roles: OperationRoles, max_examples: int) -> dict[str, Any]:
    """The schemathesis configuration of a run, per operation (the base URL is given per call)."""
    return {
        "seed": 0,
        "generation": {
            "max-examples": max_examples,
            "mode": "all",
            "database": "none",
            "allow-x00": False,
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
        "checks": {name: {"enabled": False} for name in _DISABLED_CHECKS},
        "operations": [
            {
                "include-operation-id": op.operation_id,
                # a generated task id is valid data but names no task: any documented answer
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": documented_statuses(op)}
                },
            }
            for op in (roles.retrieve, roles.content)
        ],
        "suppress-health-check": ["all"],
    }


def _schema(spec: dict[str, Any], roles: OperationRoles, max_examples: int) -> Any:
    """The bundle as a schemathesis schema configured for a run."""
    import schemathesis

    config = schemathesis.Config.from_dict(schemathesis_config(roles, max_examples))
    return schemathesis.openapi.from_dict(spec, config=config)


def _operation_test(schema: Any, operation: Any, test: Callable[[Any], None], feedback: Any) -> Any:
    """``test`` wrapped by schemathesis for one operation, as its pytest plugin builds it.

    The hypothesis test carries the examples phase (the bundle's examples as explicit cases),
    the coverage phase (schemathesis' coverage cases, also explicit) and the fuzzing phase
    (``max-examples`` drawn cases), with the configured seed. Hypothesis' ``ci`` profile is
    not applied (as schemathesis' own command line does), so a run draws the same cases
    locally and in CI.
    """
    from schemathesis.generation import derive_operation_seed, overrides
    from schemathesis.generation.hypothesis.builder import (
        HypothesisTestConfig,
        HypothesisTestMode,
        create_test,
    )

    project = schema.config
    phases = project.phases_for(operation=operation)
    modes = [
        mode
        for mode, enabled in (
            (HypothesisTestMode.EXAMPLES, phases.examples.enabled),
            (HypothesisTestMode.FUZZING, phases.fuzzing.enabled),
            (HypothesisTestMode.COVERAGE, phases.coverage.enabled),
        )
        if enabled
    ]
    # only the fuzzing phase draws max-examples cases
    phase = HypothesisTestMode.FUZZING.value if HypothesisTestMode.FUZZING in modes else None
    return create_test(
        operation=operation,
        test_func=test,
        config=HypothesisTestConfig(
            project=project,
            modes=modes,
            settings=project.get_hypothesis_settings(
                operation=operation, phase=phase, apply_ci_profile=False
            ),
            explicit_setting_names=project.explicit_hypothesis_settings(
                operation=operation, phase=phase
            ),
            apply_ci_profile=False,
            seed=derive_operation_seed(project.seed, operation.label),
            override=overrides.with_config_headers(project, operation=operation),
            feedback=feedback,
        ),
    )


@dataclass
class GeneratedPhase:
    """schemathesis' tests of every operation, built before the run needs them.

    Building them (the schema, the coverage and example cases, the strategies) is CPU work
    that needs no target, so a run can build them while its deterministic checks wait on the
    target; :meth:`run` then sends the cases for a :class:`GeneratedRun`.
    """

    schema: Any = None
    tests: list[tuple[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _run: GeneratedRun | None = None

    def _case(self, case: Any) -> None:
        if self._run is None:
            raise RuntimeError("a schemathesis case was drawn outside GeneratedPhase.run")
        self._run.execute(case)

    def run(self, generated: GeneratedRun) -> None:
        """Every operation's hypothesis test, one after the other; errors become rows."""
        generated.errors.extend(self.errors)
        self._run = generated
        try:
            with _without_local_constants():
                self._run_tests(generated)
            if self.schema is not None and generated.session.sender.stopped is None:
                _run_after_run_checks(generated, self.schema)
        finally:
            self._run = None

    def _run_tests(self, generated: GeneratedRun) -> None:
        from schemathesis.generation.hypothesis.reporting import ignore_hypothesis_output

        for label, test in self.tests:
            if generated.session.sender.stopped is not None:
                break
            try:
                with ignore_hypothesis_output():
                    test()
            except Exception as exc:  # any failure of the phase is a row, not a crash
                text = _ANSI.sub("", f"{type(exc).__name__}: {exc}")
                generated.errors.append(f"{label}: schemathesis stopped: {text[:600]}")


@contextlib.contextmanager
def _without_local_constants() -> Iterator[None]:
    """Draw no constants from the modules this process happens to have imported.

    Hypothesis mixes string and number literals of every "local" module loaded (here: this
    package, and a test suite's modules under pytest) into what it draws, so the same seed drew
    different cases in the command line, under pytest and in a replay. Without them the
    generated cases depend on the bundle and the seed only, and a replay meets the recorded
    requests again. (Hypothesis internals: when they move, the cases are merely less stable.)
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - hypothesis comes with schemathesis
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    if original is None or not hasattr(providers, "Constants"):
        yield
        return
    empty = providers.Constants()
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()


def build_generated(
    spec: dict[str, Any], roles: OperationRoles, max_examples: int
) -> GeneratedPhase:
    """Build the phase's tests for ``spec`` (any failure is kept as an error row)."""
    phase = GeneratedPhase()
    try:
        from schemathesis.checks import load_all_checks
        from schemathesis.core.result import Ok
        from schemathesis.generation.feedback import FeedbackSources

        load_all_checks()
        phase.schema = _schema(spec, roles, max_examples)
        feedback = FeedbackSources(constants_value_source=make_constants_value_source(phase.schema))
        for result in phase.schema.get_all_operations():
            if not isinstance(result, Ok):
                phase.errors.append(f"schemathesis cannot test an operation: {result.err()}")
                continue
            operation = result.ok()
            try:
                test = _operation_test(phase.schema, operation, phase._case, feedback)
            except Exception as exc:  # a row says this operation was not tested
                phase.errors.append(
                    f"{operation.label}: schemathesis cannot build its cases: {exc}"[:600]
                )
                continue
            phase.tests.append((str(operation.label), test))
    except Exception as exc:  # a row says schemathesis did not run
        phase.errors.append(f"schemathesis cannot load the bundle: {exc}"[:600])
    return phase


def check_generated_skipped(context: RunContext) -> None:
    """SCHEMATHESIS=0: the phase's one row says it did not run."""
    check = _check("schemathesis", "generated cases (coverage and fuzzing phases)")
    context.session.recorder.add(check.not_run("SCHEMATHESIS=0"))


def _run_after_run_checks(generated: GeneratedRun, schema: Any) -> None:
    """Class-based checks that judge the whole run (none of schemathesis' built-ins does)."""
    from schemathesis.checks import collect_after_run_failures, run_checks_for

    checks = run_checks_for(schema).for_run()
    if not checks:
        return
    for failure in collect_after_run_failures(schema.config, checks):
        generated.errors.append(f"after-run check {failure.title}: {failure.message}"[:600])


def check_generated(context: RunContext) -> None:
    """Run schemathesis' phases for every operation against the session's target, in this
    process, through the session's sender; the rows go to the session's recorder. The tests
    are the ones ``context.generated`` built for this spec and config (built here without)."""
    session, spec, config = context.session, context.spec, context.config
    context.console.print("schemathesis: coverage, fuzzing and examples phases", markup=False)
    generated = GeneratedRun(session=session, spec=spec, config=config)
    phase: PreparedTests
    if context.generated is not None:
        phase = context.generated.result()
    else:
        phase = build_generated(spec, session.roles, config.max_examples)
    phase.run(generated)
    generated.finish()
    stopped = session.sender.stopped
    if stopped is not None:
        raise RunStoppedError(stopped)
