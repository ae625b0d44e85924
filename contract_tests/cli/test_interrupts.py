"""The CLI as a subprocess, interrupted by real signals: ``kill -9`` in the middle of a batch,
then a resume that creates each job exactly once (counted on the server); Ctrl-C (SIGINT)
during ``generate`` prints the task id and the command that resumes, exits 130, cancels
nothing; SIGTERM does the same and exits 143; no ``.part`` file survives an interruption
(after ``kill -9``, the resume removes it)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contract_tests.fakes.cli_fixtures import IMAGE, POLL, cli_process, creates, run_cli, write_jobs
from contract_tests.fakes.fake_gateway import VIDEO, FakeGateway
from contract_tests.fakes.server import serve_in_thread
from seedance.batch.journal import JOURNAL_NAME

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


def _signalled_after_create(gateway, out: Path, sig: signal.Signals) -> tuple[int, str, str]:
    """``generate`` into ``out``, sent ``sig`` once it says it created its task:
    (exit status, the task id, stderr)."""
    process = cli_process(
        gateway, ["generate", "--prompt", "a cat", "--image", IMAGE, "--out", str(out)]
    )
    assert process.stderr is not None
    try:
        first = process.stderr.readline()  # "created task task_…"
    finally:
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=_PATIENCE)
    assert first.startswith("created task "), first
    return process.returncode, first.split()[-1], stderr


@pytest.mark.mock_gateway(task_seconds=60)
def test_ctrl_c_during_generate_prints_the_resume_command_and_exits_130(gateway, tmp_path: Path):
    out = tmp_path / "cat.mp4"
    returncode, task_id, stderr = _signalled_after_create(gateway, out, signal.SIGINT)

    assert returncode == 130
    assert f"seedance download {task_id} --out {out} --wait" in stderr
    assert "nothing was cancelled" in stderr
    assert "Traceback" not in stderr
    assert creates(gateway) == 1
    status = run_cli(gateway, "status", task_id)
    assert status.exit_code == 0
    assert "failed" not in status.stdout


def _process(url: str, args: list[str], cwd: Path | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "SEEDANCE_BASE_URL": url, "SEEDANCE_API_KEY": "sk-any"}
    return subprocess.Popen(
        [sys.executable, "-m", "seedance.cli", *POLL, *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + _PATIENCE
    while not condition():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.02)


@pytest.mark.mock_gateway(task_seconds=60)
def test_sigterm_during_generate_is_handled_like_ctrl_c_and_exits_143(gateway, tmp_path: Path):
    out = tmp_path / "cat.mp4"
    returncode, task_id, stderr = _signalled_after_create(gateway, out, signal.SIGTERM)

    assert returncode == 143
    assert "terminated (SIGTERM)" in stderr
    assert f"download {task_id} --out {out} --wait" in stderr
    assert "Traceback" not in stderr
    assert creates(gateway) == 1


@pytest.mark.mock_gateway(task_seconds=1.5)
def test_sigterm_during_a_batch_keeps_the_journal_and_a_resume_creates_each_job_once(
    gateway, tmp_path: Path
):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 4)
    out = tmp_path / "out"
    process = cli_process(
        gateway, ["batch", str(jobs), "--out-dir", str(out), "--concurrency", "2"]
    )
    try:
        _wait_for(lambda: _states(out / JOURNAL_NAME).count("created") == 2, process)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=_PATIENCE)

    assert process.returncode == 143, stderr
    assert "terminated (SIGTERM)" in stderr
    assert "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    assert set(_states(out / JOURNAL_NAME)) <= {"planned", "created"}
    resumed = run_cli(gateway, "batch", str(jobs), "--out-dir", str(out))
    assert resumed.exit_code == 0, resumed.output
    assert creates(gateway) == 4


def _signalled_mid_download(url: str, out: Path, sig: signal.Signals) -> tuple[int, str]:
    """``generate`` into ``out``, sent ``sig`` once its ``.part`` file exists: (exit, stderr)."""
    process = _process(url, ["generate", "--prompt", "a", "--image", IMAGE, "--out", str(out)])
    try:
        _wait_for(lambda: bool(list(out.parent.glob(".*.part"))), process)
    finally:
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=_PATIENCE)
    return process.returncode, stderr


def test_sigterm_during_a_download_leaves_no_part_file(tmp_path: Path):
    fake = FakeGateway(chunks=50, pause=0.1)
    out = tmp_path / "cat.mp4"
    with serve_in_thread(fake.app()) as url:
        returncode, stderr = _signalled_mid_download(url, out, signal.SIGTERM)

    assert returncode == 143, stderr
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []
    assert fake.creates == 1


def test_a_part_file_left_by_kill_9_is_removed_by_the_resume(tmp_path: Path):
    fake = FakeGateway(chunks=50, pause=0.1)
    out = tmp_path / "cat.mp4"
    with serve_in_thread(fake.app()) as url:
        _signalled_mid_download(url, out, signal.SIGKILL)
        assert list(tmp_path.glob(".*.part"))  # kill -9 leaves it: nothing can remove it then
        fake.chunks, fake.pause = 1, 0.0
        resumed = _process(url, ["download", fake.task_id, "--out", str(out)])
        _, stderr = resumed.communicate(timeout=_PATIENCE)

    assert resumed.returncode == 0, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cat.mp4"]
    assert out.read_bytes() == VIDEO


def test_a_batch_resume_removes_part_files_a_killed_run_left(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".job-1.mp4.x1y2z3w4.part").write_bytes(b"\x00\x00\x00\x18ftyp half")

    result = run_cli(gateway, "batch", str(jobs), "--out-dir", str(out))

    assert result.exit_code == 0, result.output
    assert not list(out.glob("*.part"))
    assert not list(out.glob(".*.part"))
