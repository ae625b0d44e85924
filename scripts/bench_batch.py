"""``seedance batch`` against the mock, for ``make bench`` (``scripts/bench.py`` calls
:func:`bench_batch`).

Serves the mock in its own process (as ``make mock`` runs it, tasks completing after 1 s),
writes a JOBS file of 200 jobs and times ``seedance batch JOBS --out-dir DIR
--concurrency 32`` run as a user runs it (a subprocess, start-up included, every video
downloaded). The ideal is jobs / concurrency * task time (6.25 s): the ratio says what the
polling, the journal's commits and the downloads cost on top. Timed twice: with the SDK's
default poll schedule (what users get) and polling every 0.25 s.

A second case times the batch's bookkeeping (:func:`bench_bookkeeping`): 100,000 jobs with
``--max-billable 0`` against an instant gateway (nothing is sent, so every job is settled by
the journal and the budget alone): the whole command as a subprocess (reading, validating,
journalling and summarising 100,000 lines), and the run itself in-process
(``run_batch``), each as jobs per second. The bookkeeping must be O(1) per job; the target
is at least :data:`BOOKKEEPING_TARGET` jobs/s.

Run alone: ``.venv/bin/python scripts/bench_batch.py [--jobs 200] [--concurrency 32]
[--bookkeeping-jobs 100000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_mock import serving_mock

REPO = Path(__file__).resolve().parents[1]
#: Jobs per second the batch's bookkeeping must reach (issue #18, item 10).
BOOKKEEPING_TARGET = 5000.0
KEY = "sk-bench-batch"
FRAME = "https://images.invalid/first.png"


@dataclass(frozen=True)
class BatchBench:
    """One timed batch: its shape, the wall time and the exit code."""

    jobs: int
    concurrency: int
    task_seconds: float
    poll: str
    wall_seconds: float
    exit_code: int

    @property
    def ideal_seconds(self) -> float:
        """jobs / concurrency * task time."""
        return self.jobs / self.concurrency * self.task_seconds

    @property
    def ratio(self) -> float:
        """Wall time over the ideal."""
        return self.wall_seconds / self.ideal_seconds

    def line(self) -> str:
        """The report line."""
        return (
            f"- `seedance batch`, {self.jobs} jobs of {self.task_seconds:g} s, concurrency "
            f"{self.concurrency}, {self.poll}: **{self.wall_seconds:.2f} s** wall, ideal "
            f"{self.ideal_seconds:.2f} s, ratio **{self.ratio:.2f}** (exit {self.exit_code})"
        )


def bench_batch(
    jobs: int = 200,
    concurrency: int = 32,
    task_seconds: float = 1.0,
    poll_seconds: float | None = None,
) -> BatchBench:
    """Time one ``seedance batch`` of ``jobs`` against a fresh mock."""
    with (
        serving_mock(key=KEY, task_seconds=task_seconds, name="bench_batch") as url,
        tempfile.TemporaryDirectory() as tmp,
    ):
        jobs_file = Path(tmp) / "jobs.jsonl"
        _write_jobs(jobs_file, jobs)
        argv = [sys.executable, "-m", "seedance.cli", "--base-url", url]
        if poll_seconds is not None:
            argv += ["--poll-seconds", str(poll_seconds)]
        argv += ["batch", str(jobs_file), "--out-dir", str(Path(tmp) / "out")]
        argv += ["--concurrency", str(concurrency)]
        env = {**os.environ, "SEEDANCE_API_KEY": KEY}
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
    poll = "default polls" if poll_seconds is None else f"polls every {poll_seconds:g} s"
    return BatchBench(jobs, concurrency, task_seconds, poll, wall, done.returncode)


@dataclass(frozen=True)
class BookkeepingBench:
    """The bookkeeping of a batch of ``jobs`` that sends nothing: the whole command's wall
    time, the run's alone, and the exit code (1: every job "not run: budget")."""

    jobs: int
    command_seconds: float
    run_seconds: float
    exit_code: int

    @property
    def command_rate(self) -> float:
        """Jobs per second of the whole command (start-up, validation, summary included)."""
        return self.jobs / self.command_seconds

    @property
    def run_rate(self) -> float:
        """Jobs per second of the run alone (journal, budget, events)."""
        return self.jobs / self.run_seconds

    def lines(self) -> list[str]:
        """The report lines."""
        verdict = "meets" if self.run_rate >= BOOKKEEPING_TARGET else "MISSES"
        return [
            f"- `seedance batch` bookkeeping, {self.jobs} jobs with `--max-billable 0`: the run "
            f"**{self.run_rate:,.0f} jobs/s** ({self.run_seconds:.2f} s; {verdict} the target "
            f"of {BOOKKEEPING_TARGET:,.0f} jobs/s)",
            f"- the whole command (start-up, reading and validating every line, the journal, "
            f"the summary): {self.command_seconds:.2f} s, {self.command_rate:,.0f} jobs/s "
            f"(exit {self.exit_code})",
        ]


def _write_jobs(path: Path, jobs: int) -> None:
    path.write_text(
        "".join(
            json.dumps({"id": f"clip-{n}", "prompt": f"scene {n}", "image": FRAME}) + "\n"
            for n in range(jobs)
        )
    )


def _time_run(jobs_file: Path, out: Path, url: str) -> float:
    """Seconds ``run_batch`` takes over the file's jobs with a budget of 0 (in-process)."""
    import asyncio

    from seedance import AsyncSeedance, Seedance
    from seedance.batch import Journal, load_jobs, run_batch

    with Seedance(api_key=KEY, base_url=url) as client:
        jobs = load_jobs(jobs_file, client.videos.validate)
    out.mkdir()

    async def run(journal: Journal) -> float:
        async with AsyncSeedance(api_key=KEY, base_url=url) as client:
            started = time.perf_counter()
            await run_batch(client, journal, jobs, out, concurrency=32, max_billable=0)
            return time.perf_counter() - started

    with Journal(out) as journal:
        journal.bind(jobs_file, "bench", jobs)
        return asyncio.run(run(journal))


def bench_bookkeeping(jobs: int = 100_000) -> BookkeepingBench:
    """Time a batch of ``jobs`` with ``--max-billable 0`` against a fresh mock."""
    with (
        serving_mock(key=KEY, task_seconds=0.0, name="bench_batch") as url,
        tempfile.TemporaryDirectory() as tmp,
    ):
        jobs_file = Path(tmp) / "jobs.jsonl"
        _write_jobs(jobs_file, jobs)
        argv = [sys.executable, "-m", "seedance.cli", "--base-url", url, "batch", str(jobs_file)]
        argv += ["--out-dir", str(Path(tmp) / "out"), "--max-billable", "0"]
        env = {**os.environ, "SEEDANCE_API_KEY": KEY}
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        command = time.perf_counter() - started
        run = _time_run(jobs_file, Path(tmp) / "run-out", url)
    return BookkeepingBench(jobs, command, run, done.returncode)


def main(argv: list[str] | None = None) -> int:
    """Time the batch both ways and print the report lines."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--bookkeeping-jobs", type=int, default=100_000)
    args = parser.parse_args(argv)
    results = [
        bench_batch(args.jobs, args.concurrency),
        bench_batch(args.jobs, args.concurrency, poll_seconds=0.25),
    ]
    for result in results:
        print(result.line())
    for line in bench_bookkeeping(args.bookkeeping_jobs).lines():
        print(line)
    return max(result.exit_code for result in results)


if __name__ == "__main__":
    sys.exit(main())
