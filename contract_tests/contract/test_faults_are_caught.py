"""A single-fault gateway makes the harness exit 1 and name what broke, in every report.

The runs are the ones a user would make: ``BASE_URL=… API_KEY=… MAX_BILLABLE=200 python -m
seedance.contract`` with a short lifecycle deadline, against a reference gateway that deviates
from the gateway's documented behaviour in exactly one way (see :mod:`faults`): one fault of
each group of checks, and one of a family model's. That every fault is caught by the checks
of its group is proven check by check (``test_checks_in_process.py``).
"""

from __future__ import annotations

import pytest

from contract_tests.fakes.campaign import END_TO_END_FAULTS, Outcome
from contract_tests.fakes.faults import Fault, fault_info
from contract_tests.fakes.reports import VIOLATION, brief, mentioning, rows, rows_with
from seedance.exitcode import ExitCode

#: The harness runs behind the ``outcomes`` fixture happen in the first test that asks for it.
pytestmark = pytest.mark.timeout(900)

_FAULTS = [fault.value for fault in END_TO_END_FAULTS]


@pytest.mark.parametrize("case_name", _FAULTS)
def test_harness_exits_1_and_names_the_broken_constraint(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[case_name]
    run = outcome.run
    info = fault_info(Fault(case_name))
    assert run.returncode == ExitCode.FAILED, (
        f"fault not caught: {info.description}\n{run.describe()}"
    )
    violations = rows_with(run, VIOLATION)
    assert violations, f"exit 1 but no violation row for: {info.description}\n{brief(rows(run))}"
    unnamed = [token for token in info.evidence if not mentioning(violations, token)]
    assert not unnamed, (
        f"{info.description}: no violation row names {unnamed}; violations:\n{brief(violations)}"
    )
    summary_md = run.summary_md.lower()
    missing = [token for token in info.evidence if token.lower() not in summary_md]
    assert not missing, f"summary.md does not name {missing}:\n{run.summary_md[:3000]}"


@pytest.mark.parametrize("case_name", _FAULTS)
def test_harness_blames_only_what_the_fault_broke(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    """No collateral violations: every row names the faulty field or operation."""
    run = outcomes[case_name].run
    info = fault_info(Fault(case_name))
    violations = rows_with(run, VIOLATION)
    stray = [
        row for row in violations if not any(mentioning([row], token) for token in info.evidence)
    ]
    assert not stray, (
        f"{info.description}: violations that name none of {info.evidence}:\n{brief(stray)}"
    )


@pytest.mark.parametrize("case_name", _FAULTS)
def test_every_reported_violation_carries_a_curl_line_to_reproduce_it(
    case_name: str, outcomes: dict[str, Outcome], api_key: str
) -> None:
    run = outcomes[case_name].run
    violations = rows_with(run, VIOLATION)
    assert violations, f"no violation reported\n{run.describe()}"
    without_curl = [row for row in violations if not row.get("curl")]
    assert not without_curl, f"violations without a curl line:\n{brief(without_curl)}"
    for row in violations:
        curl = str(row["curl"])
        assert curl.startswith("curl"), curl
        assert outcomes[case_name].base_url in curl, curl
        assert api_key not in curl
    assert "curl" in run.summary_md


@pytest.mark.parametrize("case_name", ["schemathesis-on-create-answers-201"])
def test_schemathesis_phase_reports_an_undocumented_status_with_a_curl_line(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    """The generated cases are judged too: a create answered 201 is a schemathesis violation."""
    run = outcomes[case_name].run
    assert run.returncode == ExitCode.FAILED, run.describe()
    generated = [row for row in rows_with(run, VIOLATION) if row.get("group") == "schemathesis"]
    assert generated, f"no schemathesis violation row:\n{brief(rows(run))}"
    assert any("201" in f"{row.get('observed')} {row.get('reason')}" for row in generated), brief(
        generated
    )
    assert all(str(row.get("curl", "")).startswith("curl") for row in generated), brief(generated)
    (sent,) = [row for row in rows(run) if row.get("id") == "schemathesis:createVideo"]
    assert sent["verdict"] == "pass", brief([sent])
