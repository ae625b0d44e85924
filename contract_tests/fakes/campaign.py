"""Every harness run the self-tests need, declared once and run a few at a time.

The runs the selected tests need are independent, so they are spread over a pool of worker
processes (twice the cores: a run waits on task lifecycles about half the time). Each worker
imports the harness once and then, one case at a time, makes its own reference gateway, runs
the CLI against it and snapshots what the gateway saw. Tests then
only read the :class:`Outcome` of their case. The :class:`Campaign` is started as soon as
pytest has collected the tests (see ``conftest.py``), so it runs while the other folders'
tests do.

A case about the command line itself (exit codes, configuration errors, the environment it
reads, the embedded mock as ``make contract-test`` starts it) runs ``python -m
seedance.contract`` in its own process; every other case (each fault, each faithful variant,
the budgets) runs the same entry point inside the worker (:func:`run_harness_in_process`),
which spares an interpreter start-up and the imports per run, and meets the gateway in process
(:mod:`.asgi`: no server, no socket), which changes nothing the checks see: same environment,
same code, same answers, same reports. A case in a process of its own reaches its gateway
over loopback.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import pickle
import time
import traceback
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from contract_tests.fakes.seed import SEED_PAGE

from .asgi import IN_PROCESS_URL, AppTransport, app_transport
from .faults import Fault, Variant, checked_models
from .gateway import RecordedRequest, ReferenceGateway
from .runner import DEADLINE_ENV, HarnessRun, run_harness, run_harness_in_process
from .server import free_port, serve_in_thread

#: The case that checks every vendored model against the faithful gateway.
FAITHFUL_FAMILY = "faithful-family"
#: Faults run end to end, one of each group of checks and a family one: the command's exit
#: code, its reports and their curl lines. Every fault is caught by its checks run alone
#: (``contract/test_checks_in_process.py``).
END_TO_END_FAULTS = (
    Fault.ENUM_NOT_ENFORCED,
    Fault.CREATE_ANSWERS_201,
    Fault.AUTH_IGNORED_CREATE,
    Fault.UNKNOWN_ID_500,
    Fault.CONTENT_HTML_AS_VIDEO,
    Fault.FAMILY_LINKAGE_IGNORED,
)

__all__ = [
    "CASES",
    "END_TO_END_FAULTS",
    "FAITHFUL_FAMILY",
    "WORKERS",
    "Campaign",
    "Case",
    "Outcome",
    "SharedCampaign",
    "run_cases",
]

# The runs about the seed's rules, the endpoint and the money check the seed page alone
# (SEED_PAGE); the family cases check every vendored model, or the one a fault aims at.
#: What a user would pass against a small test gateway, as the issue's acceptance run does.
_SERVER_ENV = {"MAX_BILLABLE": "200", DEADLINE_ENV: "6", "MODELS": SEED_PAGE}
#: The faithful forms whose difference is in the answers to the deterministic checks.
_FORM_ENV = {**_SERVER_ENV, "SCHEMATHESIS": "0"}
#: Fault runs rely on the deterministic checks alone: each fault must be caught without luck
#: (and the run is several times faster). Faithful and budget runs keep schemathesis on.
_FAULT_ENV = {"MAX_BILLABLE": "200", DEADLINE_ENV: "3", "SCHEMATHESIS": "0", "MODELS": SEED_PAGE}
#: Budget runs keep schemathesis on (its generated creates are where money could slip out)
#: with fewer fuzzing examples than the default, to stay fast.
_MONEY_ENV = {DEADLINE_ENV: "3", "MAX_EXAMPLES": "5", "MODELS": SEED_PAGE}


#: Harness runs at a time: each waits on task lifecycles about half the time, so twice the cores.
WORKERS = max(2, 2 * (os.cpu_count() or 1))
#: How long a worker that does not run the campaign waits for one outcome to be published:
#: under pytest-timeout's 300 s, so a missing outcome fails with this module's message.
PUBLISH_PATIENCE = 280.0


@dataclass(frozen=True)
class Case:
    """One harness run: which gateway (if any) it targets and the environment it gets.

    ``target`` is ``"gateway"`` (a reference gateway: BASE_URL/API_KEY are filled in),
    ``"mock"`` (no BASE_URL: the embedded mock), ``"closed-port"`` (BASE_URL where nothing
    listens) or ``"env-only"`` (only ``env``; a counting gateway is still served and its URL
    given as ``{gateway}`` substitutions, so that nothing sent can go unnoticed).
    ``{report_dir}`` in ``env`` becomes the run's report directory. ``own_process`` runs the
    command as a new process (for the cases about the command line itself); otherwise its
    entry point runs inside the campaign's worker.
    """

    name: str
    target: str = "gateway"
    fault: Fault | None = None
    variant: Variant = Variant.FAITHFUL
    env: dict[str, str] = field(default_factory=lambda: dict(_SERVER_ENV))
    with_key: bool = True
    own_process: bool = False


@dataclass(frozen=True)
class Outcome:
    """A finished case: the run, and every request its gateway answered."""

    case: Case
    run: HarnessRun
    requests: tuple[RecordedRequest, ...]
    unknown_ids: tuple[str, ...]
    creates: int
    accepted_creates: int
    base_url: str


def _cases() -> dict[str, Case]:
    cases = [
        Case(fault.value, fault=fault, env={**_FAULT_ENV, "MODELS": checked_models(fault)})
        for fault in END_TO_END_FAULTS
    ]
    # schemathesis' creates meet the faithful gateway and the rate limiter; the other forms
    # differ only in how tasks and content are answered, which the deterministic checks read
    with_generated = (Variant.FAITHFUL, Variant.RATE_LIMITED)
    cases += [
        Case(variant.value, variant=variant, env=dict(_SERVER_ENV))
        if variant in with_generated
        else Case(variant.value, variant=variant, env=dict(_FORM_ENV))
        for variant in Variant
    ]
    cases += [
        # every vendored model and mode against the faithful gateway (a budget for all of it)
        Case(
            FAITHFUL_FAMILY,
            env={"MAX_BILLABLE": "5000", DEADLINE_ENV: "6", "SCHEMATHESIS": "0"},
        ),
        Case("embedded-mock", target="mock", env={}, own_process=True),
        Case(
            "budget-0",
            env={
                **_MONEY_ENV,
                "MAX_BILLABLE": "0",
                "GITHUB_STEP_SUMMARY": "{report_dir}.step-summary.md",
            },
        ),
        Case("budget-3", env={**_MONEY_ENV, "MAX_BILLABLE": "3"}),
        # a target that wrongly accepts what it should refuse bills the "free" negative cases
        Case(
            "budget-0-lax-target",
            fault=Fault.ENUM_NOT_ENFORCED,
            env={**_MONEY_ENV, "MAX_BILLABLE": "0"},
        ),
        Case(
            "budget-3-lax-target",
            fault=Fault.ENUM_NOT_ENFORCED,
            env={**_MONEY_ENV, "MAX_BILLABLE": "3"},
        ),
        Case("plan", env={**_SERVER_ENV, "PLAN": "1"}, own_process=True),
        # a fault run with schemathesis on: its phase must report the fault too
        Case(
            "schemathesis-on-create-answers-201",
            fault=Fault.CREATE_ANSWERS_201,
            env={**_MONEY_ENV, "MAX_BILLABLE": "200"},
        ),
        Case("unset-budget", env={DEADLINE_ENV: "6", "SCHEMATHESIS": "0", "MODELS": SEED_PAGE}),
        Case("closed-port", target="closed-port", own_process=True),
        Case(
            "live-without-key",
            target="env-only",
            env={
                "TARGET": "live",
                "HTTP_PROXY": "{gateway}",
                "HTTPS_PROXY": "{gateway}",
                "ALL_PROXY": "{gateway}",
                "NO_PROXY": "",
            },
            own_process=True,
        ),
        Case("server-without-key", with_key=False, own_process=True),
        Case(
            "report-dir-not-a-directory",
            env={"MAX_BILLABLE": "0", "SCHEMATHESIS": "0", "REPORT_DIR": "/dev/null/reports"},
            own_process=True,
        ),
        Case(
            "budget-not-a-number", env={"MAX_BILLABLE": "lots", DEADLINE_ENV: "6"}, own_process=True
        ),
    ]
    return {case.name: case for case in cases}


CASES: dict[str, Case] = _cases()


def _run_one(case: Case, api_key: str, report_dir: Path) -> Outcome:
    gateway = ReferenceGateway(api_key=api_key, fault=case.fault, variant=case.variant)
    with contextlib.ExitStack() as stack:
        transport: AppTransport | None = None
        if case.own_process:  # a process of its own reaches the gateway over loopback
            base_url = stack.enter_context(serve_in_thread(gateway.app))
        else:
            transport = stack.enter_context(app_transport(gateway.app))
            base_url = IN_PROCESS_URL
        env = {
            k: v.replace("{gateway}", base_url).replace("{report_dir}", str(report_dir))
            for k, v in case.env.items()
        }
        if case.target == "gateway":
            env["BASE_URL"] = base_url
            if case.with_key:
                env["API_KEY"] = api_key
        elif case.target == "closed-port":
            env["BASE_URL"] = f"http://127.0.0.1:{free_port()}"
            env["API_KEY"] = api_key
        if transport is None:
            run = run_harness(report_dir, env=env)
        else:
            run = run_harness_in_process(report_dir, env=env, transport=transport)
    return Outcome(
        case=case,
        run=run,
        requests=tuple(gateway.stats.requests),
        unknown_ids=tuple(gateway.stats.unknown_ids),
        creates=len(gateway.stats.creates()),
        accepted_creates=gateway.stats.accepted_creates(),
        base_url=base_url,
    )


def _quick(case: Case) -> bool:
    return case.env.get("SCHEMATHESIS") == "0"


def _warm_up() -> None:
    """Import what a run needs once per worker, not in the first case it runs."""
    for module in ("seedance.contract.run", "seedance.contract.generated", "schemathesis"):
        importlib.import_module(module)


class Campaign(Mapping[str, Outcome]):
    """The named cases, started on a pool of worker processes as soon as it is made.

    Reading a case waits for that case only, so tests can start while later runs go on;
    :meth:`close` cancels what has not started and waits for the rest.
    """

    def __init__(
        self, names: Iterable[str], api_key: str, root: Path, *, workers: int = WORKERS
    ) -> None:
        # the slow runs (schemathesis on, or waiting out a deadline) first, so none ends the batch
        wanted = sorted(set(names), key=lambda name: (_quick(CASES[name]), name))
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future[Outcome]] = {}
        if not wanted:
            return
        # "spawn": a fresh interpreter per worker (forking a process that serves gateways in
        # threads could copy a lock some thread holds)
        self._pool = ProcessPoolExecutor(
            max_workers=min(workers, len(wanted)),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_up,
        )
        self._futures = {
            name: self._pool.submit(_run_one, CASES[name], api_key, root / name) for name in wanted
        }

    def __getitem__(self, name: str) -> Outcome:
        return self._futures[name].result()

    def __iter__(self) -> Iterator[str]:
        return iter(self._futures)

    def __len__(self) -> int:
        return len(self._futures)

    def futures(self) -> dict[str, Future[Outcome]]:
        """The run of each case, by name."""
        return dict(self._futures)

    def close(self) -> None:
        """Cancel the runs not started; wait for the running ones and stop the workers."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@dataclass(frozen=True)
class _Failed:
    """What a published case holds when its run raised or was cancelled."""

    name: str
    error: str


def _publish(path: Path, name: str, future: Future[Outcome]) -> None:
    record: Outcome | _Failed
    if future.cancelled():
        record = _Failed(name, "cancelled before it started (the campaign was closed)")
    elif (error := future.exception()) is not None:
        record = _Failed(name, "".join(traceback.format_exception(error)))
    else:
        record = future.result()
    try:
        data = pickle.dumps(record)
    except Exception as exc:  # any failure must reach the readers, not leave them waiting
        data = pickle.dumps(_Failed(name, f"its outcome could not be published: {exc!r}"))
    partial = path.with_suffix(".partial")
    partial.write_bytes(data)
    partial.replace(path)  # readers never see half a file


class SharedCampaign(Mapping[str, Outcome]):
    """One :class:`Campaign` for every pytest process that shares ``root`` (xdist workers).

    The first process to claim ``root`` runs the campaign and publishes each outcome there as
    soon as it is known; the others read the outcomes as they appear, so no run happens twice
    and every test of every worker reads the same runs. Without xdist the one process claims
    ``root`` and this is a :class:`Campaign`.
    """

    def __init__(self, names: Iterable[str], api_key: str, root: Path) -> None:
        self._names = sorted(set(names))
        self._root = root
        root.mkdir(parents=True, exist_ok=True)
        self._campaign: Campaign | None = None
        try:
            os.close(os.open(root / "owner", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        self._campaign = Campaign(self._names, api_key, root / "runs")
        for name, future in self._campaign.futures().items():
            future.add_done_callback(
                lambda done, name=name: _publish(self._published(name), name, done)
            )

    def _published(self, name: str) -> Path:
        return self._root / f"{name}.outcome"

    def __getitem__(self, name: str) -> Outcome:
        if self._campaign is not None:
            return self._campaign[name]
        if name not in self._names:
            raise KeyError(name)
        path = self._published(name)
        waited = time.monotonic() + PUBLISH_PATIENCE
        while not path.exists():
            if time.monotonic() > waited:
                raise TimeoutError(
                    f"harness case {name!r}: the process running the campaign in {self._root} "
                    f"published nothing in {PUBLISH_PATIENCE:.0f} s"
                )
            time.sleep(0.1)
        record = pickle.loads(path.read_bytes())
        if isinstance(record, _Failed):
            raise RuntimeError(f"harness case {name!r} did not run: {record.error}")
        assert isinstance(record, Outcome), type(record)
        return record

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def close(self) -> None:
        """Wait for the runs (only the process that runs them has anything to wait for)."""
        if self._campaign is not None:
            self._campaign.close()


def run_cases(
    names: Iterable[str], api_key: str, root: Path, *, workers: int = WORKERS
) -> dict[str, Outcome]:
    """Run the named cases, ``workers`` at a time; report directories go under ``root``."""
    campaign = Campaign(names, api_key, root, workers=workers)
    try:
        return dict(campaign)
    finally:
        campaign.close()
