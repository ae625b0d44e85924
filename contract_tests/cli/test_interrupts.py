"""The CLI as a subprocess, interrupted: ``kill -9`` in the middle of a batch, then a resume
that creates each job exactly once (counted on the server); Ctrl-C (SIGINT) during
``generate`` prints the task id and the command that resumes, exits 130, cancels nothing."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from seedance.batch.journal import JOURNAL_NAME

from .conftest import IMAGE, cli_process, creates, run_cli, write_jobs

_PATIENCE = 60.0


def _states(journal: Path) -> list[str]:
    if not journal.exists():
        return []
    db = sqlite3.connect(journal)
    try:
        return [row[0] for row in db.execute("SELECT state FROM jobs")]
    except sqlite3.OperationalError:  # the journal is being created
        return []
    finally:
        db.close()


@pytest.mark.mock_gateway(task_seconds=1.5)  # long enough to kill it with tasks pending
def test_a_batch_killed_mid_way_resumes_and_creates_each_job_exactly_once(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 6)
    out = tmp_path / "out"
    process = cli_process(
        gateway, ["batch", str(jobs), "--out-dir", str(out), "--concurrency", "2"]
    )
    try:
        deadline = time.monotonic() + _PATIENCE
        while time.monotonic() < deadline:  # kill once two tasks exist and none is being sent
            states = _states(out / JOURNAL_NAME)
            if states.count("created") == 2 and "sending" not in states:
                break
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=_PATIENCE)
    assert process.returncode == -signal.SIGKILL
    assert creates(gateway) == 2

    resumed = run_cli(gateway, "batch", str(jobs), "--out-dir", str(out), "--concurrency", "2")

    assert resumed.exit_code == 0, resumed.output
    assert creates(gateway) == 6
    assert sorted(p.name for p in out.glob("*.mp4")) == [f"job-{n}.mp4" for n in range(1, 7)]
    assert _states(out / JOURNAL_NAME) == ["downloaded"] * 6


@pytest.mark.mock_gateway(task_seconds=60)
def test_ctrl_c_during_generate_prints_the_resume_command_and_exits_130(gateway, tmp_path: Path):
    out = tmp_path / "cat.mp4"
    process = cli_process(
        gateway, ["generate", "--prompt", "a cat", "--image", IMAGE, "--out", str(out)]
    )
    assert process.stderr is not None
    try:
        first = process.stderr.readline()  # "created task task_…"
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=_PATIENCE)
    assert first.startswith("created task "), first
    task_id = first.split()[-1]

    assert process.returncode == 130
    assert f"seedance download {task_id} --out {out} --wait" in stderr
    assert "nothing was cancelled" in stderr
    assert "Traceback" not in stderr
    assert creates(gateway) == 1
    status = run_cli(gateway, "status", task_id)
    assert status.exit_code == 0
    assert "failed" not in status.stdout
