"""``seedance contract-test`` progress: plain lines with the phase, checks done, billed of
budget and elapsed time when not a terminal, and no line of the run cut at 80 columns."""

from __future__ import annotations

import io
import time

from rich.console import Console

from seedance.contract.progress import RunProgress
from seedance.contract.results import Recorder
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
