"""``seedance batch`` guarding money and data: one batch per folder (a real second process),
a budget that counts only creates that may have billed, a refused key that stops creates,
everything that could fail after paying found before sending, an unreadable create answer
kept in the journal, and inputs that cannot mean anything refused (exit 2, one line, nothing
sent)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contract_tests.fakes.cli_fixtures import POLL, cli_process, creates, run_cli, write_jobs
from contract_tests.fakes.fake_gateway import FakeGateway
from contract_tests.fakes.server import free_port, serve_in_thread
from seedance.batch.journal import JOURNAL_NAME
from seedance.batch.lock import LOCK_NAME
from seedance.mock import MockServer

_PATIENCE = 60.0


def _batch(gateway: MockServer | None, jobs: Path, out: Path, *args: str, **env: str):
    return run_cli(gateway, "batch", str(jobs), "--out-dir", str(out), *args, **env)


def _sends(out: Path) -> list[tuple[str, str, int]]:
    with sqlite3.connect(out / JOURNAL_NAME) as db:
        return db.execute("SELECT name, state, sends FROM jobs ORDER BY line").fetchall()


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# item 1: one batch per out-dir -------------------------------------------------------------


# The first batch's tasks outlast any start-up delay under load: it is still running when the
# second starts, and it is stopped (SIGTERM, exit 143) once the second has been refused.
@pytest.mark.mock_gateway(task_seconds=60.0)
def test_a_second_batch_on_the_same_folder_is_refused_at_once_naming_the_first(
    gateway, tmp_path: Path
):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 3)
    out = tmp_path / "out"
    first = cli_process(gateway, ["batch", str(jobs), "--out-dir", str(out)])
    try:
        deadline = time.monotonic() + _PATIENCE
        while not (out / LOCK_NAME).exists() or not (out / LOCK_NAME).read_text():
            assert time.monotonic() < deadline, "the first batch never took the lock"
            assert first.poll() is None, first.communicate()
            time.sleep(0.02)
        second = cli_process(gateway, ["batch", str(jobs), "--out-dir", str(out)])
        _, second_err = second.communicate(timeout=_PATIENCE)
        sent_while_refused = creates(gateway)
        assert first.poll() is None, "the first batch ended before the second was refused"
    finally:
        first.terminate()
        _, first_err = first.communicate(timeout=_PATIENCE)

    assert second.returncode == 2, second_err
    line = _one_line(second_err)
    assert "another seedance batch is running" in line
    assert f"pid {first.pid}" in line
    assert "nothing was sent" in line
    assert sent_while_refused <= 3
    assert first.returncode == 143, first_err
    assert creates(gateway) <= 3  # each job created at most once: the refused batch sent none


@pytest.mark.mock_gateway(task_seconds=0.5)
# Tasks of 5 s make the two runs overlap even when one process starts late under load; should
# the second still start after the first has ended, it finds every job done and sends nothing.
@pytest.mark.mock_gateway(task_seconds=5.0)
def test_two_batches_started_together_create_each_job_once(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 3)
    out = tmp_path / "out"
    both = [cli_process(gateway, ["batch", str(jobs), "--out-dir", str(out)]) for _ in range(2)]
    results = [(p.communicate(timeout=_PATIENCE)[1], p.returncode) for p in both]

    codes = sorted(code for _, code in results)
    assert codes in ([0, 2], [0, 0]), results
    assert creates(gateway) == 3


def test_a_crashed_batch_leaves_no_stale_lock(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 1)
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(  # takes the folder's lock, then is killed with -9
        [sys.executable, "-c", _HOLD_LOCK, str(out)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait(timeout=_PATIENCE)

    result = _batch(gateway, jobs, out)

    assert result.exit_code == 0, result.output


_HOLD_LOCK = """
import sys, time
from pathlib import Path
from seedance.batch.lock import FolderLock
lock = FolderLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
time.sleep(60)
"""


# item 2: the budget counts only creates that may have billed -------------------------------


@pytest.mark.parametrize("refusal", ["connection-refused", "tls-handshake"])
def test_creates_that_never_left_do_not_consume_the_budget(gateway, tmp_path: Path, refusal: str):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 2)
    out = tmp_path / "out"
    closed = (
        f"http://127.0.0.1:{free_port()}"
        if refusal == "connection-refused"
        else gateway.base_url.replace("http://", "https://")  # TLS to a plain-HTTP server
    )

    refused = run_cli(
        None,
        "--base-url",
        closed,
        "--api-key",
        "sk-any",
        "batch",
        str(jobs),
        "--out-dir",
        str(out),
        "--max-billable",
        "2",
        "--concurrency",
        "1",
    )

    assert refused.exit_code == 1
    assert "creates sent 0 of at most 2" in refused.stderr
    assert [sends for _, _, sends in _sends(out)] == [0, 0]
    resumed = _batch(gateway, jobs, out, "--max-billable", "2")
    assert resumed.exit_code == 0, resumed.output
    assert creates(gateway) == 2


def test_a_refused_key_stops_the_creates_says_what_to_fix_and_costs_no_budget(
    gateway, tmp_path: Path
):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 3)
    out = tmp_path / "out"

    result = _batch(
        gateway, jobs, out, "--max-billable", "3", "--concurrency", "1", "--api-key", "sk-wrong"
    )

    assert result.exit_code == 1
    assert "creates sent 0 of at most 3" in result.stderr
    assert "1 failed, 2 not run: key refused" in result.stderr
    assert "check --api-key or SEEDANCE_API_KEY" in result.stderr
    assert "creates stopped after the gateway refused one" in result.stderr
    assert "sk-wrong" not in result.output
    assert gateway.app.state.gateway.store == {} or creates(gateway) == 0
    again = _batch(gateway, jobs, out, "--max-billable", "3")
    assert again.exit_code == 0, again.output
    assert creates(gateway) == 3


@pytest.mark.parametrize(
    ("status", "fix"),
    [(402, "top it up"), (403, "quota"), (401, "--api-key or SEEDANCE_API_KEY")],
)
def test_after_a_create_refused_402_401_or_403_no_further_create_is_sent(
    tmp_path: Path, status: int, fix: str
):
    fake = FakeGateway(create_status=status)
    jobs = write_jobs(tmp_path / "jobs.jsonl", 3)
    out = tmp_path / "out"
    with serve_in_thread(fake.app()) as url:
        result = run_cli(
            None, "--base-url", url, "--api-key", "sk-any", "batch", str(jobs), "--out-dir",
            str(out), "--concurrency", "1", "--max-billable", "3",
        )  # fmt: skip

    assert result.exit_code == 1
    assert fake.creates == 1
    assert "creates sent 0 of at most 3" in result.stderr
    assert "1 failed, 2 not run: key refused" in result.stderr
    assert f"answered {status}" in result.stderr
    assert fix in result.stderr
    assert [sends for _, _, sends in _sends(out)] == [0, 0, 0]


@pytest.mark.mock_gateway(prefer="code=400")
def test_a_create_refused_as_invalid_gives_its_send_back(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 1)
    out = tmp_path / "out"

    result = _batch(gateway, jobs, out, "--max-billable", "1", "--json")

    assert result.exit_code == 1
    assert json.loads(result.stdout)["creates_sent"] == 0
    assert _sends(out) == [("job-1", "planned", 0)]


# item 3: checked before paying --------------------------------------------------------------


def test_an_out_dir_that_is_a_file_is_refused_before_anything_is_sent(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 1)
    out = tmp_path / "out"
    out.write_text("not a folder")

    result = _batch(gateway, jobs, out)

    assert result.exit_code == 2
    assert f"--out-dir {out} is a file, not a folder" in _one_line(result.stderr)
    assert creates(gateway) == 0


def test_a_read_only_out_dir_is_refused_before_anything_is_sent(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 1)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    if os.geteuid() == 0:  # root writes into any folder of its own: sysfs refuses even root
        out = Path("/sys/kernel")
    try:
        result = _batch(gateway, jobs, out)
    finally:
        (tmp_path / "out").chmod(0o700)

    assert result.exit_code == 2
    assert f"--out-dir {out} cannot be written" in _one_line(result.stderr)
    assert creates(gateway) == 0


def test_an_id_too_long_for_a_file_name_is_refused_before_anything_is_sent(gateway, tmp_path: Path):
    jobs = tmp_path / "jobs.jsonl"
    lines = [{"id": "short", "prompt": "a", "image": "https://x.invalid/a.png"}]
    lines.append({"id": "x" * 240, "prompt": "b", "image": "https://x.invalid/b.png"})
    jobs.write_text("".join(json.dumps(line) + "\n" for line in lines))

    result = _batch(gateway, jobs, tmp_path / "out")

    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert "line 2:" in line
    assert "shorter id" in line
    assert "nothing was sent" in line
    assert creates(gateway) == 0


def test_an_existing_video_is_not_replaced_without_overwrite(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "job-2.mp4").write_bytes(b"my own video")

    refused = _batch(gateway, jobs, out)

    assert refused.exit_code == 2
    assert "add --overwrite" in _one_line(refused.stderr)
    assert creates(gateway) == 0
    assert (out / "job-2.mp4").read_bytes() == b"my own video"
    replaced = _batch(gateway, jobs, out, "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert (out / "job-2.mp4").read_bytes()[4:8] == b"ftyp"


def test_a_video_that_cannot_be_saved_leaves_the_task_id_and_the_batch_goes_on(
    gateway, tmp_path: Path
):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "job-2.mp4").mkdir()  # the save of job 2 fails after its task was made (EISDIR)
    (out / "job-2.mp4" / "keep").write_text("")  # so it cannot be replaced

    result = _batch(gateway, jobs, out, "--json", "--overwrite")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    outcomes = {job["name"]: job for job in json.loads(result.stdout)["jobs"]}
    assert outcomes["job-1"]["outcome"] == outcomes["job-3"]["outcome"] == "done"
    failed = outcomes["job-2"]
    assert failed["outcome"] == "unfinished"
    assert failed["task_id"].startswith("task_")
    assert "could not be saved" in failed["reason"]
    assert "run the same command again to resume" in failed["reason"]
    assert creates(gateway) == 3


# item 4 (CLI part): an unreadable create answer ---------------------------------------------


@pytest.mark.parametrize("task_id", [{"nested": "object"}, 12345, None], ids=str)
def test_a_create_answer_without_a_usable_id_is_unknown_with_the_raw_answer_kept(
    tmp_path: Path, task_id: object
):
    answer = {"id": task_id, "object": "video", "model": "m", "status": "queued", "progress": 0}
    answer["created_at"] = 1

    async def create(request: Request) -> JSONResponse:
        return JSONResponse(answer)

    app = Starlette(routes=[Route("/v1/videos", create, methods=["POST"])])
    jobs = write_jobs(tmp_path / "jobs.jsonl", 1)
    out = tmp_path / "out"
    with serve_in_thread(app) as url:
        result = run_cli(
            None, "--base-url", url, "--api-key", "sk-any", *POLL, "batch", str(jobs),
            "--out-dir", str(out), "--json",
        )  # fmt: skip

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "sqlite3" not in result.output
    assert json.loads(result.stdout)["jobs"][0]["outcome"] == "unknown"
    with sqlite3.connect(out / JOURNAL_NAME) as db:
        state, sends, raw = db.execute("SELECT state, sends, raw FROM jobs").fetchone()
    assert (state, sends) == ("sending", 1)
    assert raw is not None
    assert "video" in raw


# items 9 and 12: inputs that cannot mean anything, broken state ------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_a_timeout_that_cannot_mean_anything_is_refused(gateway, tmp_path: Path, value: str):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 1)

    result = _batch(gateway, jobs, tmp_path / "out", "--timeout", value)

    assert result.exit_code == 2
    assert "--timeout must be a positive number of seconds" in _one_line(result.stderr)
    assert creates(gateway) == 0


def test_concurrency_0_is_refused(gateway, tmp_path: Path):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 1)

    result = _batch(gateway, jobs, tmp_path / "out", "--concurrency", "0")

    assert result.exit_code == 2
    assert "--concurrency" in result.stderr
    assert creates(gateway) == 0


def test_a_missing_jobs_file_is_named_in_one_line(gateway, tmp_path: Path):
    result = _batch(gateway, tmp_path / "nope.jsonl", tmp_path / "out")

    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert f"JOBS file {tmp_path / 'nope.jsonl'} does not exist" in line
    assert "line 0" not in line


def test_a_jobs_path_that_is_a_folder_is_named_in_one_line(gateway, tmp_path: Path):
    result = _batch(gateway, tmp_path, tmp_path / "out")

    assert result.exit_code == 2
    assert f"JOBS file {tmp_path} is a folder" in _one_line(result.stderr)
    assert creates(gateway) == 0


@pytest.mark.parametrize("damage", ["garbage", "truncated", "another-database"])
def test_a_corrupt_journal_is_one_line_naming_it_and_nothing_is_sent(
    gateway, tmp_path: Path, damage: str
):
    jobs = write_jobs(tmp_path / "jobs.jsonl", 2)
    out = tmp_path / "out"
    out.mkdir()
    journal = out / JOURNAL_NAME
    if damage == "garbage":
        journal.write_bytes(b"this is not a database\n" * 100)
    elif damage == "another-database":
        with sqlite3.connect(journal) as db:
            db.execute("CREATE TABLE jobs (line INTEGER, colour TEXT)")
    else:
        assert _batch(gateway, jobs, out, "--max-billable", "0").exit_code == 1
        journal.write_bytes(journal.read_bytes()[:1500])

    result = _batch(gateway, jobs, out)

    assert result.exit_code == 2, result.output
    line = _one_line(result.stderr)
    assert str(journal) in line
    assert "not a readable batch journal" in line
    assert creates(gateway) == 0
