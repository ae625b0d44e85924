"""The harness spends no more than it is allowed, counted where the money goes: on the gateway.

A create the gateway answers 2xx is what a real gateway bills; the reference gateway counts
them, so these tests do not take the harness's word for what it sent.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from contract_tests.fakes.campaign import Outcome
from contract_tests.fakes.reports import NOT_RUN, PASS, VIOLATION, brief, md_matrix, rows, rows_with
from contract_tests.fakes.runner import HarnessRun
from seedance.exitcode import ExitCode

#: The harness runs behind the ``outcomes`` fixture happen in the first test that asks for it.
pytestmark = pytest.mark.timeout(900)

#: PLAN=1's first line: ``PLAN: N billable POST /v1/videos request(s) (...)``.
_PLAN_COUNT = re.compile(r"^PLAN: (\d+) billable ", re.MULTILINE)
#: One planned request as PLAN=1 prints it: ``#k covers n: {json body}``.
_PLANNED = re.compile(r"^\s*#(\d+) covers \d+: \{", re.MULTILINE)


def _assert_not_run_rows_are_listed(run: HarnessRun) -> list[dict[str, Any]]:
    """There are not-run rows, and summary.md lists each one as not run, with its reason."""
    skipped = rows_with(run, NOT_RUN)
    assert skipped, f"no row is marked {NOT_RUN!r}:\n{brief(rows(run))}"
    listed = md_matrix(run)
    unlisted = [row for row in skipped if listed.get(str(row["id"])) != NOT_RUN]
    assert not unlisted, f"summary.md does not list these as {NOT_RUN!r}:\n{brief(unlisted)}"
    summary_md = run.summary_md
    unexplained = [row for row in skipped if str(row.get("reason")) not in summary_md]
    assert not unexplained, f"summary.md does not give the reason of:\n{brief(unexplained)}"
    return skipped


@pytest.mark.parametrize("case_name", ["budget-0", "unset-budget"])
def test_budget_zero_sends_no_billable_request(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    """MAX_BILLABLE=0, and the default for a non-mock target, is 0 accepted creates."""
    outcome = outcomes[case_name]
    assert outcome.accepted_creates == 0, (
        f"{outcome.accepted_creates} creates were accepted (billed)\n{outcome.run.describe()}"
    )
    assert outcome.run.returncode == ExitCode.OK, outcome.run.describe()
    assert outcome.requests, "the free checks (negatives, auth, not-found) sent nothing"


@pytest.mark.parametrize("case_name", ["budget-0"])
def test_budget_zero_summary_says_which_checks_did_not_run_and_why(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    run = outcomes[case_name].run
    skipped = _assert_not_run_rows_are_listed(run)
    without_reason = [row for row in skipped if not str(row.get("reason") or "").strip()]
    assert not without_reason, f"not-run rows without a reason:\n{brief(without_reason)}"
    assert any("MAX_BILLABLE" in str(row.get("reason")) for row in skipped), brief(skipped)
    assert rows_with(run, PASS), "the free checks should still have run"


@pytest.mark.parametrize("case_name", ["budget-0"])
def test_summary_md_is_appended_to_the_github_step_summary(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    run = outcomes[case_name].run
    step_summary = run.report_dir.parent / f"{run.report_dir.name}.step-summary.md"
    assert step_summary.is_file(), "GITHUB_STEP_SUMMARY was set but not written"
    assert run.summary_md.strip() in step_summary.read_text(encoding="utf-8")


@pytest.mark.parametrize("case_name", ["budget-3"])
def test_small_budget_is_never_exceeded_and_uncovered_values_are_listed(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[case_name]
    run = outcome.run
    assert 0 < outcome.accepted_creates <= 3, (
        f"{outcome.accepted_creates} creates accepted with MAX_BILLABLE=3\n{run.describe()}"
    )
    assert run.returncode == ExitCode.OK, f"{brief(rows_with(run, VIOLATION))}\n{run.describe()}"
    skipped = _assert_not_run_rows_are_listed(run)
    assert any("MAX_BILLABLE=3" in str(row.get("reason")) for row in skipped), brief(skipped)


@pytest.mark.parametrize("case_name", ["plan"])
def test_plan_prints_the_billable_requests_and_sends_none(
    case_name: str, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[case_name]
    run = outcome.run
    assert outcome.accepted_creates == 0, (
        f"PLAN=1 got {outcome.accepted_creates} creates accepted\n{run.describe()}"
    )
    assert outcome.creates == 0, f"PLAN=1 sent {outcome.creates} create requests"
    assert run.returncode == ExitCode.OK, run.describe()
    printed = run.stdout
    counted = _PLAN_COUNT.search(printed)
    assert counted, f"no 'PLAN: N billable ...' line printed:\n{printed[:3000]}"
    planned = int(counted[1])
    budget = int(outcome.case.env["MAX_BILLABLE"])
    assert 0 < planned <= budget, f"PLAN=1 planned {planned} requests with MAX_BILLABLE={budget}"
    numbers = [int(n) for n in _PLANNED.findall(printed)]
    assert numbers == list(range(1, planned + 1)), (
        f"announced {planned} planned requests, printed #{numbers}:\n{printed[:3000]}"
    )


@pytest.mark.parametrize(
    ("case_name", "budget"), [("budget-0-lax-target", 0), ("budget-3-lax-target", 3)]
)
def test_target_billing_what_it_should_refuse_costs_at_most_one_create_beyond_the_budget(
    case_name: str, budget: int, outcomes: dict[str, Outcome]
) -> None:
    """Refusals are free only on a faithful target: the first unexpected charge stops creates.

    With MAX_BILLABLE=0 the negative cases are still sent (they are free on a faithful target);
    a target that accepts one has billed it, and no further create may be sent. With a
    positive budget the unexpected charges count against it.
    """
    outcome = outcomes[case_name]
    run = outcome.run
    assert outcome.accepted_creates <= max(budget, 1), (
        f"{outcome.accepted_creates} creates accepted with MAX_BILLABLE={budget}\n{run.describe()}"
    )
    assert run.returncode == ExitCode.FAILED, run.describe()
    charged = run.summary["budget"]["unexpected_charges"]
    assert charged >= 1, run.summary["budget"]
    said = rf"\b{charged}\b[^\n]*should have (been )?refused"
    assert re.search(said, run.summary_md), f"summary.md does not say {charged} billed wrongly"
