"""Fixtures: the committed recording (of the embedded mock: a faithful target), and one made
once per session against a reference gateway with a fault, with the live run's reports."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contract_tests.fakes.asgi import IN_PROCESS_URL, app_transport
from contract_tests.fakes.faults import Fault, Variant
from contract_tests.fakes.gateway import ReferenceGateway
from contract_tests.fakes.runner import REPO_ROOT, HarnessRun, run_harness_in_process
from contract_tests.fakes.seed import SEED_PAGE

#: The recording committed as the example (``make record``).
COMMITTED = REPO_ROOT / "recordings" / "mock"
#: A fault the lifecycle, the accepted requests and schemathesis all see (an undocumented 201).
FAULT = Fault.CREATE_ANSWERS_201
#: The seed model alone (as the committed recording): recording does not depend on the family.
SEED_ONLY = {"MODELS": SEED_PAGE}
#: A small run: a few billable creates, a short lifecycle, a few generated cases.
_RUN_ENV = {"MAX_BILLABLE": "30", "DEADLINE": "5", "MAX_EXAMPLES": "5", **SEED_ONLY}


@dataclass(frozen=True)
class Recorded:
    """A recording, the live run that made it, and the key it ran with."""

    directory: Path
    live: HarnessRun
    api_key: str


def record(
    tmp: Path,
    fault: Fault | None,
    variant: Variant = Variant.FAITHFUL,
    env: dict[str, str] | None = None,
) -> Recorded:
    """Run the suite against a reference gateway with ``--record``, in this process."""
    key = "sk-recorded-" + secrets.token_hex(16)
    gateway = ReferenceGateway(api_key=key, fault=fault, variant=variant, task_seconds=0.2)
    with app_transport(gateway.app) as transport:
        directory = tmp / "recording"
        live = run_harness_in_process(
            tmp / "live",
            env={
                **(_RUN_ENV if env is None else env),
                "BASE_URL": IN_PROCESS_URL,
                "API_KEY": key,
                "RECORD": str(directory),
            },
            transport=transport,
        )
    assert (directory / "cassette.har").is_file(), live.describe()
    return Recorded(directory, live, key)


@pytest.fixture(scope="session")
def faulty_recording(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    """A recording of a reference gateway with :data:`FAULT`."""
    return record(tmp_path_factory.mktemp("faulty"), FAULT)


def replay(directory: Path, report_dir: Path) -> HarnessRun:
    """``seedance contract-test`` with ``REPLAY=directory``, in this process as the CLI runs."""
    return run_harness_in_process(report_dir, env={"REPLAY": str(directory)})


def rows(run: HarnessRun) -> dict[str, dict[str, str]]:
    """The run's rows by check id."""
    return {row["id"]: row for row in run.summary["results"]}


def violations(run: HarnessRun) -> set[str]:
    """The ids of the run's violations."""
    return {id_ for id_, row in rows(run).items() if row["verdict"] == "violation"}


def compare_report(old: Path, new: Path, report_dir: Path, *extra: str) -> tuple[int, Any]:
    """``seedance contract-test --compare OLD NEW``: (exit code, behaviour-drift.json)."""
    from seedance.contract import main

    code = main(["--compare", str(old), str(new), "--report-dir", str(report_dir), *extra])
    assert (report_dir / "behaviour-drift.md").is_file()
    return code, json.loads((report_dir / "behaviour-drift.json").read_text(encoding="utf-8"))
