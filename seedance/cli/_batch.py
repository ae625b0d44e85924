"""``seedance batch JOBS.jsonl --out-dir DIR``: many videos, resumable, within a budget.

Every line is validated first (any bad line: exit 2, nothing sent). The journal in DIR
makes a re-run of the same command resume after any crash (see :mod:`seedance.batch`).
Exit 0 only when every job's file is written; 1 otherwise; 130 on Ctrl-C (re-run to resume).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path
from typing import Annotated

import typer

from seedance.batch import (
    JobsFileError,
    Journal,
    JournalMismatchError,
    Summary,
    load_jobs,
    run_batch,
)
from seedance.batch.display import BatchDisplay
from seedance.batch.jobs import Job
from seedance.cli._connection import Connection, connection
from seedance.cli._exit import CliError, ExitCode, fail, reported
from seedance.cli._waiting import stderr_console

__all__: list[str] = []


async def _run(
    *,
    conn: Connection,
    journal: Journal,
    jobs: list[Job],
    out_dir: Path,
    concurrency: int,
    max_billable: int,
    retry_unknown: bool,
    timeout: float,
) -> Summary:
    console = stderr_console()
    async with conn.asynchronous() as client:
        with BatchDisplay(console, len(jobs)) as display:
            return await run_batch(
                client,
                journal,
                jobs,
                out_dir,
                concurrency=concurrency,
                max_billable=max_billable,
                retry_unknown=retry_unknown,
                timeout=timeout,
                listener=display,
            )


def batch(  # noqa: PLR0917 - one parameter per option
    ctx: typer.Context,
    jobs_file: Annotated[
        Path, typer.Argument(metavar="JOBS.jsonl", help="one JSON object per line")
    ],
    out_dir: Annotated[Path, typer.Option("--out-dir", help="videos and the journal go here")],
    concurrency: Annotated[int, typer.Option(min=1, help="jobs in flight at once")] = 4,
    max_billable: Annotated[
        int | None,
        typer.Option(min=0, help="creates to send at most, over every run (default: one a job)"),
    ] = None,
    retry_unknown: Annotated[
        bool,
        typer.Option(help="send again the creates whose outcome is unknown (may bill twice)"),
    ] = False,
    timeout: Annotated[float, typer.Option(help="seconds to wait for each task")] = 900.0,
    json_output: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
) -> None:
    """Make a video for every line of JOBS.jsonl into --out-dir; re-run to resume."""
    conn = connection(ctx)
    with reported(json_output):
        try:
            with conn.sync() as client:
                jobs = load_jobs(jobs_file, client.videos.validate)
        except JobsFileError as exc:
            if json_output:
                problems = [
                    {"line": p.line, "field": p.field, "message": p.message} for p in exc.problems
                ]
                print(json.dumps({"error": {"type": "JobsFileError", "problems": problems}}))
            for problem in exc.problems:
                stderr_console().print(f"  {problem}", markup=False)
            lines = len({p.line for p in exc.problems})
            raise CliError(
                f"{jobs_file}: {lines} invalid line(s), listed above; nothing was sent"
            ) from exc
        fingerprint = hashlib.sha256(jobs_file.read_bytes()).hexdigest()
        budget = len(jobs) if max_billable is None else max_billable
        with Journal(out_dir) as journal:
            try:
                journal.bind(jobs_file.resolve(), fingerprint, jobs)
            except JournalMismatchError as exc:
                raise CliError(str(exc)) from exc
            try:
                summary = asyncio.run(
                    _run(
                        conn=conn,
                        journal=journal,
                        jobs=jobs,
                        out_dir=out_dir,
                        concurrency=concurrency,
                        max_billable=budget,
                        retry_unknown=retry_unknown,
                        timeout=timeout,
                    )
                )
            except KeyboardInterrupt:
                fail(
                    f"interrupted; the journal {journal.path} keeps every job's state: run the "
                    "same command again to resume (created tasks are polled, not created again)",
                    ExitCode.INTERRUPTED,
                )
    console = stderr_console()
    for line in summary.lines():
        console.print(line, markup=False)
    if json_output:
        print(json.dumps(summary.as_json()))
    raise typer.Exit(int(ExitCode.OK if summary.complete else ExitCode.FAILED))
