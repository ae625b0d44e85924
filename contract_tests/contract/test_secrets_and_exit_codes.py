"""The key stays secret, and configuration and network failures are not called violations."""

from __future__ import annotations

import re

import pytest

from contract_tests.fakes.campaign import CASES, Outcome
from contract_tests.fakes.reports import NETWORK_ERROR, VIOLATION, brief, rows, rows_with
from seedance.exitcode import ExitCode

#: The harness runs behind the ``outcomes`` fixture happen in the first test that asks for it.
pytestmark = pytest.mark.timeout(900)


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_api_key_never_appears_in_output_or_reports(
    case_name: str, outcomes: dict[str, Outcome], api_key: str
) -> None:
    run = outcomes[case_name].run
    written = run.everything_written()
    assert api_key not in written, f"the API key leaked in the {case_name} run"
    assert api_key[-12:] not in written, f"part of the API key leaked in the {case_name} run"


@pytest.mark.parametrize("case_name", ["closed-port"])
def test_unreachable_server_is_a_network_error_not_a_violation(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    run = outcomes[case_name].run
    assert run.returncode == ExitCode.NETWORK, run.describe()
    assert isinstance(run.summary, dict), f"no summary.json was written\n{run.describe()}"
    assert not rows_with(run, VIOLATION), brief(rows_with(run, VIOLATION))
    assert rows_with(run, NETWORK_ERROR), brief(rows(run))
    assert "network" in (run.stdout + run.stderr).lower()


@pytest.mark.parametrize(
    ("case_name", "variable"),
    [
        ("live-without-key", "SEEDANCE_API_KEY"),
        ("budget-not-a-number", "MAX_BILLABLE"),
        ("server-without-key", "API_KEY"),
    ],
)
def test_configuration_error_exits_2_names_the_variable_and_sends_nothing(
    case_name: str, variable: str, outcomes: dict[str, Outcome]
) -> None:
    """Each run's gateway counts requests (the live run's proxy variables all point at one)."""
    outcome = outcomes[case_name]
    run = outcome.run
    assert run.returncode == ExitCode.USAGE, run.describe()
    assert re.search(rf"\b{variable}\b", run.stderr + run.stdout), run.describe()
    assert outcome.requests == (), f"sent {len(outcome.requests)} requests before refusing"


@pytest.mark.parametrize("case_name", ["report-dir-not-a-directory"])
def test_report_dir_that_cannot_be_created_is_a_configuration_error(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    """Exit 1 means "violations found"; a run that cannot write its reports found none."""
    run = outcomes[case_name].run
    assert run.returncode == ExitCode.USAGE, run.describe()
    assert "REPORT_DIR" in run.stderr + run.stdout or "/dev/null/reports" in run.stderr
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
