"""``seedance batch JOBS.jsonl --out-dir DIR``: many videos, resumable, within a budget.

Every line is validated first (any bad line: exit 2, nothing sent), then everything that
could fail after paying is checked (the folder, the file names, files already there), and
the folder is locked: one batch per folder (a second one exits 2 naming the first). The
journal in DIR makes a re-run of the same command resume after any crash (see
:mod:`seedance.batch`). Exit 0 only when every job's file is written; 1 otherwise; 2 for
anything found before sending; 130 on Ctrl-C, 143 on SIGTERM (re-run to resume).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from seedance.batch import (
    JobsFileError,
    JobState,
    Journal,
    JournalMismatchError,
    JournalUnreadableError,
    Summary,
    load_jobs,
    run_batch,
)
from seedance.batch.display import BatchDisplay
from seedance.batch.files import check_folder, name_too_long, remove_leftovers_in
from seedance.batch.jobs import Job
from seedance.batch.lock import BatchBusyError, FolderLock
from seedance.cli._connection import Connection, connection
from seedance.cli._exit import CliError, ExitCode, fail, interrupt_code, interrupt_word, reported
from seedance.cli._options import ApiKey, BaseUrl, Json, Timeout, check_timeout
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


_LISTED = 5


def _check_jobs_file(path: Path) -> None:
    if not path.exists():
        raise CliError(f"JOBS file {path} does not exist; nothing was sent")
    if path.is_dir():
        raise CliError(f"JOBS file {path} is a folder, not a file; nothing was sent")


def _loaded(conn: Connection, jobs_file: Path, json_output: bool) -> list[Job]:
    """Every job of the file, validated (nothing sent); a bad line is exit 2."""
    try:
        with conn.sync() as client:
            return load_jobs(jobs_file, client.videos.validate)
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


def _listed(problems: list[str], what: str) -> str:
    shown = "; ".join(problems[:_LISTED])
    more = f"; and {len(problems) - _LISTED} more" if len(problems) > _LISTED else ""
    return f"{len(problems)} job(s) {what}: {shown}{more}; nothing was sent"


def _check_names(jobs: list[Job], out_dir: Path) -> None:
    too_long = [
        f"line {job.line}: {why}"
        for job in jobs
        if (why := name_too_long(out_dir, job.output(out_dir).name)) is not None
    ]
    if too_long:
        raise CliError(_listed(too_long, "cannot be saved (give them a shorter id)"))


def _check_existing(jobs: list[Job], journal: Journal, out_dir: Path, overwrite: bool) -> None:
    """Refuse to replace files the journal did not write (unless ``overwrite``)."""
    if overwrite:
        return
    rows = journal.rows()
    present = set(os.listdir(out_dir))  # one listing, not one stat per job
    there = [
        f"line {job.line}: {job.output(out_dir)}"
        for job in jobs
        if rows[job.line].state is not JobState.DOWNLOADED and job.output(out_dir).name in present
    ]
    if there:
        raise CliError(
            _listed(there, "would replace a file already there (add --overwrite to replace them)")
        )


def batch(  # noqa: PLR0917 - one parameter per option
    ctx: typer.Context,
    jobs_file: Annotated[
        Path, typer.Argument(metavar="JOBS.jsonl", help="one JSON object per line")
    ],
    out_dir: Annotated[
        Path,
        typer.Option("--out-dir", envvar="SEEDANCE_OUT_DIR", help="videos and the journal go here"),
    ],
    concurrency: Annotated[
        int, typer.Option(min=1, envvar="SEEDANCE_CONCURRENCY", help="jobs in flight at once")
    ] = 4,
    max_billable: Annotated[
        int | None,
        typer.Option(
            min=0,
            envvar="SEEDANCE_MAX_BILLABLE",
            help="creates to send at most, over every run (default: one a job)",
        ),
    ] = None,
    retry_unknown: Annotated[
        bool,
        typer.Option(help="send again the creates whose outcome is unknown (may bill twice)"),
    ] = False,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="replace videos already in --out-dir")
    ] = False,
    timeout: Timeout = 900.0,
    json_output: Json = False,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
) -> None:
    """Make a video for every line of JOBS.jsonl into --out-dir; re-run to resume."""
    conn = connection(ctx, base_url, api_key)
    with reported(json_output):
        check_timeout(timeout)
        _check_jobs_file(jobs_file)
        jobs = _loaded(conn, jobs_file, json_output)
        if (problem := check_folder(out_dir, what="--out-dir")) is not None:
            raise CliError(f"{problem}; nothing was sent")
        try:
            lock = FolderLock(out_dir)
            lock.acquire()
        except BatchBusyError as exc:
            raise CliError(str(exc)) from exc
        except OSError as exc:
            raise CliError(f"--out-dir {out_dir} cannot be locked ({exc.strerror or exc})") from exc
        with lock:
            _check_names(jobs, out_dir)
            fingerprint = hashlib.sha256(jobs_file.read_bytes()).hexdigest()
            budget = len(jobs) if max_billable is None else max_billable
            try:
                journal = Journal(out_dir)
            except JournalUnreadableError as exc:
                raise CliError(str(exc)) from exc
            with journal:
                try:
                    journal.bind(jobs_file.resolve(), fingerprint, jobs)
                except JournalMismatchError as exc:
                    raise CliError(str(exc)) from exc
                except sqlite3.Error as exc:
                    raise CliError(
                        f"{journal.path} is not a readable batch journal ({exc}); move it "
                        "away to start afresh, or restore it; nothing was sent"
                    ) from exc
                _check_existing(jobs, journal, out_dir, overwrite)
                remove_leftovers_in(out_dir)
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
                except sqlite3.Error as exc:  # the journal's disk filled up, went away, …
                    raise CliError(
                        f"the journal {journal.path} could not be written ({exc}); the jobs "
                        "it records are safe: fix that, then run the same command again to "
                        "resume",
                        ExitCode.FAILED,
                    ) from exc
                except KeyboardInterrupt:
                    remove_leftovers_in(out_dir)
                    fail(
                        f"{interrupt_word()}; the journal {journal.path} keeps every job's "
                        "state: run the same command again to resume (created tasks are "
                        "polled, not created again)",
                        interrupt_code(),
                    )
    console = stderr_console()
    for line in summary.lines():
        console.print(line, markup=False)
    if json_output:
        print(json.dumps(summary.as_json()))
    raise typer.Exit(int(ExitCode.OK if summary.complete else ExitCode.FAILED))
