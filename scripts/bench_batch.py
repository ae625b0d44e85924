"""``seedance batch`` against the mock, for ``make bench`` (``scripts/bench.py`` calls
:func:`bench_batch`).

Serves the mock in its own process (as ``make mock`` runs it, tasks completing after 1 s),
writes a JOBS file of 200 jobs and times ``seedance batch JOBS --out-dir DIR
--concurrency 32`` run as a user runs it (a subprocess, start-up included, every video
downloaded). The ideal is jobs / concurrency * task time (6.25 s): the ratio says what the
polling, the journal's commits and the downloads cost on top. Timed twice: with the SDK's
default poll schedule (what users get) and polling every 0.25 s.

Run alone: ``.venv/bin/python scripts/bench_batch.py [--jobs 200] [--concurrency 32]``.
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
        jobs_file.write_text(
            "".join(
                json.dumps({"id": f"clip-{n}", "prompt": f"scene {n}", "image": FRAME}) + "\n"
                for n in range(jobs)
            )
        )
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


def main(argv: list[str] | None = None) -> int:
    """Time the batch both ways and print the report lines."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args(argv)
    results = [
        bench_batch(args.jobs, args.concurrency),
        bench_batch(args.jobs, args.concurrency, poll_seconds=0.25),
    ]
    for result in results:
        print(result.line())
    return max(result.exit_code for result in results)


if __name__ == "__main__":
    sys.exit(main())
