"""Targets that answer as the gateway is documented pass: exit 0, no violation, complete reports.

The reference gateway in its faithful forms (404 for unknown ids, or 400 ``task_not_exist``;
content served directly, or through a 302) and the embedded mock (no BASE_URL).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from contract_tests.fakes.campaign import FAITHFUL_FAMILY, Outcome
from contract_tests.fakes.faults import Variant
from contract_tests.fakes.reports import NOT_RUN, PASS, VIOLATION, brief, rows, rows_with
from seedance.exitcode import ExitCode

#: The harness runs behind the ``outcomes`` fixture happen in the first test that asks for it.
pytestmark = pytest.mark.timeout(900)

_FAITHFUL = [variant.value for variant in Variant]


@pytest.mark.parametrize("case_name", [*_FAITHFUL, FAITHFUL_FAMILY, "embedded-mock"])
def test_faithful_target_passes_with_exit_0_and_no_violation(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    run = outcomes[case_name].run
    violations = rows_with(run, VIOLATION)
    assert run.returncode == ExitCode.OK, (
        f"faithful target failed; violations:\n{brief(violations)}\n{run.describe()}"
    )
    assert not violations
    assert rows_with(run, PASS), f"nothing was checked:\n{brief(rows(run))}"


@pytest.mark.parametrize("case_name", [*_FAITHFUL, FAITHFUL_FAMILY, "embedded-mock"])
def test_reports_are_written_and_junit_counts_no_failure(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    run = outcomes[case_name].run
    for name in ("summary.json", "summary.md", "junit.xml"):
        assert (run.report_dir / name).is_file(), f"{name} missing in {run.report_dir}"
    root = ET.fromstring(run.junit)
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    assert suites, "junit.xml has no testsuite"
    tests = sum(int(s.get("tests", "0")) for s in suites)
    failures = sum(int(s.get("failures", "0")) + int(s.get("errors", "0")) for s in suites)
    assert tests > 0
    assert failures == 0


@pytest.mark.parametrize("case_name", _FAITHFUL)
def test_budget_of_200_runs_the_positive_cases_and_stays_within_it(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[case_name]
    assert 0 < outcome.accepted_creates <= 200, outcome.accepted_creates


@pytest.mark.parametrize("case_name", [Variant.NOT_EXIST_400.value, Variant.CONTENT_REDIRECT.value])
def test_faithful_alternatives_are_exercised_by_the_run(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    """The variant's own behaviour was met: an unknown id asked for, content fetched."""
    outcome = outcomes[case_name]
    if case_name == Variant.NOT_EXIST_400.value:
        assert outcome.unknown_ids, "the run never asked for a task that does not exist"
    else:
        assert any(r.path.startswith("/_cdn/") and r.status == 200 for r in outcome.requests)


@pytest.mark.parametrize("case_name", [Variant.RATE_LIMITED.value])
def test_a_rate_limiters_bare_429s_are_re_sent_so_no_check_is_left_unjudged(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    run = outcomes[case_name].run
    unjudged = [row for row in rows_with(run, NOT_RUN) if "429" in str(row.get("reason"))]
    assert not unjudged, brief(unjudged)
    notes = run.summary.get("notes", []) if isinstance(run.summary, dict) else []
    assert any("re-sent after a 429" in str(note) for note in notes), notes
