"""``seedance batch`` against the mock on loopback: validation before sending, the journal,
the budget across resumes, unknown outcomes, a changed JOBS file, ``--json``, exit codes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from contract_tests.fakes.cli_fixtures import IMAGE, creates, run_cli, write_jobs
from seedance.batch.journal import JOURNAL_NAME
from seedance.mock import MockServer


def _batch(gateway: MockServer, jobs: Path, out: Path, *args: str):
    return run_cli(gateway, "batch", str(jobs), "--out-dir", str(out), *args)


def _journal(out: Path) -> list[tuple[str, str, int, str | None, int | None, str | None]]:
    with sqlite3.connect(out / JOURNAL_NAME) as db:
        return db.execute(
            "SELECT name, state, sends, task_id, size, sha256 FROM jobs ORDER BY line"
        ).fetchall()


def test_a_batch_makes_every_video_and_records_its_size_and_sha256(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 5)
    out = tmp_path / "out"

    result = _batch(gateway, jobs, out, "--concurrency", "3", "--json")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["complete"] is True
    assert summary["counts"]["done"] == 5
    assert creates(gateway) == 5
    for name, state, sends, task_id, size, sha256 in _journal(out):
        video = (out / f"{name}.mp4").read_bytes()
        assert (state, sends, size) == ("downloaded", 1, len(video))
        assert sha256 == hashlib.sha256(video).hexdigest()
        assert task_id.startswith("task_")
    assert "batch: 5 done; creates sent 5 of at most 5" in result.stderr


def test_a_rerun_of_a_finished_batch_sends_and_fetches_nothing(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 3)
    out = tmp_path / "out"
    _batch(gateway, jobs, out)

    again = _batch(gateway, jobs, out, "--json")

    assert again.exit_code == 0
    assert creates(gateway) == 3
    assert json.loads(again.stdout)["counts"]["done"] == 3


def test_an_invalid_line_stops_the_batch_listing_every_bad_line_and_sends_nothing(
    gateway, tmp_path: Path
):
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        "\n".join(
            [
                json.dumps({"prompt": "fine", "image": IMAGE}),
                json.dumps({"prompt": "no first frame", "last_frame": IMAGE}),
                json.dumps({"prompt": "x", "image": IMAGE, "seconds": "13", "colour": "red"}),
                "not json",
                json.dumps({"prompt": "y", "image": IMAGE, "id": "a/b"}),
            ]
        )
    )

    result = _batch(gateway, jobs, tmp_path / "out")

    assert result.exit_code == 2
    assert "line 2: image: " in result.stderr  # a last frame needs a first frame
    assert "line 3: seconds: '13' is not one of" in result.stderr
    assert "line 3: colour: unknown field" in result.stderr
    assert "line 4: line: not JSON" in result.stderr
    assert "line 5: id: 'a/b' cannot be a file name" in result.stderr
    assert "4 invalid line(s), listed above; nothing was sent" in result.stderr
    assert "line 1" not in result.stderr
    assert creates(gateway) == 0
    assert not (tmp_path / "out").exists()


def test_max_billable_holds_across_a_resume(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 4)
    out = tmp_path / "out"

    first = _batch(gateway, jobs, out, "--max-billable", "2", "--json")
    second = _batch(gateway, jobs, out, "--max-billable", "2", "--json")

    assert first.exit_code == second.exit_code == 1
    assert creates(gateway) == 2
    counts = json.loads(second.stdout)["counts"]
    assert (counts["done"], counts["not run: budget"]) == (2, 2)
    assert "job-3 [line 3] not run: budget" in second.stderr
    third = _batch(gateway, jobs, out, "--max-billable", "4")
    assert third.exit_code == 0
    assert creates(gateway) == 4


def test_a_changed_jobs_file_for_the_same_journal_is_refused(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 2)
    out = tmp_path / "out"
    _batch(gateway, jobs, out)
    write_jobs(jobs, 3)

    result = _batch(gateway, jobs, out)

    assert result.exit_code == 2
    assert "a changed JOBS file is not merged into a started batch" in result.stderr
    assert creates(gateway) == 2


def test_a_job_left_sending_is_unknown_and_sent_again_only_with_retry_unknown(
    gateway, tmp_path: Path
):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 2)
    out = tmp_path / "out"
    _batch(gateway, jobs, out, "--max-billable", "1")
    with sqlite3.connect(out / JOURNAL_NAME) as db:  # as a process killed mid-create leaves it
        db.execute("UPDATE jobs SET state = 'sending', sends = 1 WHERE line = 2")

    result = _batch(gateway, jobs, out, "--max-billable", "3", "--json")

    assert result.exit_code == 1
    assert creates(gateway) == 1
    job = json.loads(result.stdout)["jobs"][1]
    assert job["outcome"] == "unknown"
    assert "--retry-unknown" in job["reason"]
    retried = _batch(gateway, jobs, out, "--max-billable", "3", "--retry-unknown")
    assert retried.exit_code == 0, retried.output
    assert creates(gateway) == 2
    assert _journal(out)[1][2] == 2  # both sends counted against the budget


@pytest.mark.mock_gateway(prefer="task=fail")
def test_failed_tasks_are_listed_with_the_reason_and_not_created_again(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 2)
    out = tmp_path / "out"

    result = _batch(gateway, jobs, out)
    again = _batch(gateway, jobs, out)

    assert result.exit_code == again.exit_code == 1
    assert "2 failed" in again.stderr
    assert "failed: mock_task_failed" in again.stderr
    assert creates(gateway) == 2


@pytest.mark.mock_gateway(prefer="code=403")
def test_a_refused_create_is_reported_and_sent_again_on_a_rerun(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 1)

    result = _batch(gateway, jobs, tmp_path / "out", "--max-billable", "5", "--json")

    assert result.exit_code == 1
    job = json.loads(result.stdout)["jobs"][0]
    assert job["outcome"] == "failed"
    assert "answered 403" in job["reason"]
    assert _journal(tmp_path / "out")[0][1] == "planned"


def test_a_bad_image_and_bad_fields_of_a_line_are_listed_together_as_jobs_keys(
    gateway, tmp_path: Path
):
    (tmp_path / "frame.png").write_bytes(b"<html>not an image</html>")
    jobs = tmp_path / "jobs.jsonl"
    line = {"id": "../x", "prompt": "a", "image": "frame.png", "seconds": "13", "seed": -5}
    jobs.write_text(json.dumps(line) + "\n")

    result = _batch(gateway, jobs, tmp_path / "out")

    assert result.exit_code == 2
    for field in ("line 1: image:", "line 1: seconds:", "line 1: seed:", "line 1: id:"):
        assert field in result.stderr, result.stderr
    assert "first_frame" not in result.stderr
    assert creates(gateway) == 0
