"""``seedance contract-test`` progress: plain lines with the phase, checks done, billed of
budget and elapsed time when not a terminal, and no line of the run cut at 80 columns."""

from __future__ import annotations

import dataclasses
import io
import time

from rich.console import Console

from seedance.contract.progress import RunProgress
from seedance.contract.results import Check, Group, Recorder
from seedance.contract.transport import Budget


def _plain_console(out: io.StringIO) -> Console:
    return Console(file=out, width=80, soft_wrap=True, force_terminal=False)


def test_each_phase_prints_one_plain_line_with_checks_budget_and_elapsed_time():
    out = io.StringIO()
    budget = Budget(5)
    budget.billed = 2

    with RunProgress(_plain_console(out), Recorder(), budget) as progress:
        progress.phase("expected refusals, a long phase name that would wrap at eighty columns")

    (line,) = out.getvalue().splitlines()
    assert line.startswith("contract-test: expected refusals, a long phase name")
    assert line.endswith("; 0 checks done; billed 2 of 5; 0s elapsed")
    assert len(line) > 80  # one line, not wrapped


def test_plain_lines_repeat_periodically_while_a_phase_runs():
    out = io.StringIO()

    with RunProgress(_plain_console(out), Recorder(), Budget(float("inf")), plain_every=0.05):
        time.sleep(0.3)

    lines = out.getvalue().splitlines()
    assert len(lines) >= 2
    assert all(line.startswith("contract-test: starting;") for line in lines)
    assert "billed 0 of unlimited" in lines[0]


def test_a_phase_with_a_known_number_of_checks_shows_done_of_total():
    out = io.StringIO()
    recorder = Recorder()
    row = Check(
        id="c1", group=Group.REQUEST, kind="enum", field="ratio", constraint="enum",
        case="ratio=7:3", expected="400",
    ).passed("400")  # fmt: skip

    with RunProgress(_plain_console(out), recorder, Budget(0)) as progress:
        recorder.add(row)  # a check of the phase before
        progress.phase("expected refusals", 3)
        recorder.add(dataclasses.replace(row, id="c2"))
        later = progress.line()

    assert out.getvalue().startswith("contract-test: expected refusals 0 of 3; 1 checks done;")
    assert later.startswith("contract-test: expected refusals 1 of 3; 2 checks done;")
