"""Run a batch: create, wait for and download every job with ``AsyncSeedance``, resumably.

Each job goes on from the state the journal records (:mod:`seedance.batch.journal`):
``created`` tasks are polled, never created again; ``downloaded`` files whose size still
matches are not fetched again; a job left in ``sending`` (the process died, or the create's
outcome was unknown) is reported ``unknown`` and is only sent again with
``retry_unknown``. A create is sent only while the journal's count of creates sent, over
every run, is below ``max_billable``; the check and the ``sending`` commit happen with no
``await`` between them, so concurrent jobs cannot overshoot it. A create that surely billed
nothing (it never left: connection refused, DNS, TLS; or it was answered with a status that
bills nothing, :data:`BILLS_NOTHING`) gives its send back; after the first refusal of the
key (:data:`KEY_REFUSED`) no further create is sent, since each would be refused alike.
A create whose answer cannot be read keeps the raw answer in the journal and is
``unknown``. A video that cannot be saved after its task was made (a full disk) leaves the
job ``unfinished`` with its task id; the other jobs carry on.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path
from typing import Any

import attrs

from seedance import AsyncSeedance, VideoTask
from seedance.batch.events import Event, EventKind, Listener
from seedance.batch.files import usable_id
from seedance.batch.jobs import Job
from seedance.batch.journal import JobState, Journal, Row
from seedance.batch.outcome import JobOutcome, Outcome, Summary
from seedance.batch.said import said
from seedance.errors import (
    APIConnectionError,
    APIStatusError,
    CreateOutcomeUnknownError,
    InternalServerError,
    NotFoundError,
    SeedanceError,
    TaskFailedError,
    UnreadableResponseError,
    WaitTimeoutError,
)

__all__ = ["BILLS_NOTHING", "KEY_REFUSED", "run_batch"]

_CHUNK = 1 << 20
_MAYBE_CREATED = (CreateOutcomeUnknownError, InternalServerError, UnreadableResponseError)
_RESUME = "run the same command again to resume"
#: Statuses a create is answered with when the gateway made (and billed) nothing: invalid
#: request, key missing or invalid, payment required, no quota or model not allowed, not
#: found, rate limited.
BILLS_NOTHING = frozenset({400, 401, 402, 403, 404, 429})
#: Statuses that refuse the key itself: every later create would be refused alike.
KEY_REFUSED = frozenset({401, 402, 403})
_MAX_RAW = 64 * 1024


def _raw(body: Any) -> str | None:
    """An unreadable answer as the journal keeps it (text, at most 64 KiB)."""
    if body is None:
        return None
    text = body if isinstance(body, str) else json.dumps(body, default=repr)
    return text[:_MAX_RAW]


def _digest(path: Path) -> tuple[int, str]:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def _intact(row: Row) -> bool:
    if row.path is None:
        return False
    path = Path(row.path)
    return path.is_file() and path.stat().st_size == row.size


@attrs.define
class _Batch:
    client: AsyncSeedance
    journal: Journal
    out_dir: Path
    max_billable: int
    retry_unknown: bool
    timeout: float
    listener: Listener
    slots: asyncio.Semaphore
    stopped: str | None = None

    def _emit(self, job: Job, kind: EventKind, **values: object) -> None:
        self.listener(Event(job.line, job.name, kind, **values))  # type: ignore[arg-type]

    def _done(self, job: Job, outcome: Outcome, **values: str | None) -> JobOutcome:
        result = JobOutcome(job.line, job.name, outcome, **values)
        self._emit(job, EventKind.FINISHED, task_id=result.task_id, outcome=outcome)
        return result

    def _settled(self, job: Job, row: Row) -> JobOutcome | None:
        """The outcome of a job this run has nothing to send for, else None."""
        if row.state is JobState.DOWNLOADED and _intact(row):
            return self._done(job, Outcome.DONE, task_id=row.task_id, path=row.path)
        if row.state is JobState.FAILED:
            return self._done(job, Outcome.FAILED, task_id=row.task_id, reason=row.error)
        if row.state is JobState.SENDING and not self.retry_unknown:
            return self._done(
                job,
                Outcome.UNKNOWN,
                reason="a create was sent and its outcome is unknown (it may have been "
                "billed); not sent again: check the gateway, or pass --retry-unknown",
            )
        return None

    async def run(self, job: Job, row: Row) -> JobOutcome:
        settled = self._settled(job, row)
        if settled is not None:
            return settled
        async with self.slots:
            return await self._advance(job, row)

    def _unknown(self, job: Job, reason: str, raw: str | None) -> JobOutcome:
        self.journal.unknown(job.line, reason, raw)
        return self._done(job, Outcome.UNKNOWN, reason=reason)

    def _refused(self, job: Job, exc: SeedanceError) -> JobOutcome:
        """A create that made nothing: given back to the budget when it surely billed
        nothing; a refused key stops every further create."""
        reason = said(exc)
        status = exc.status_code if isinstance(exc, APIStatusError) else None
        if isinstance(exc, APIConnectionError) or status in BILLS_NOTHING:
            self.journal.not_sent(job.line, reason)
        else:
            self.journal.refused(job.line, reason)
        if status in KEY_REFUSED and self.stopped is None:
            self.stopped = reason
        return self._done(job, Outcome.FAILED, reason=f"{reason}; {_RESUME}")

    async def _create(self, job: Job) -> JobOutcome | str:
        """The new task's id, or the outcome when the create was not (surely) made."""
        if self.stopped is not None:
            return self._done(
                job,
                Outcome.NOT_RUN_REFUSED,
                reason=f"not sent: an earlier create was refused ({self.stopped})",
            )
        if self.journal.sends() >= self.max_billable:
            return self._done(
                job,
                Outcome.NOT_RUN_BUDGET,
                reason=f"--max-billable {self.max_billable} creates already sent",
            )
        self.journal.sending(job.line)  # committed before the request leaves
        self._emit(job, EventKind.SENDING)
        try:
            task = await self.client.videos.submit(job.request)
        except _MAYBE_CREATED as exc:
            return self._unknown(job, said(exc), _raw(getattr(exc, "body", None)))
        except SeedanceError as exc:  # refused, or never reached the gateway
            return self._refused(job, exc)
        if not usable_id(task.id):
            return self._unknown(
                job,
                f"the create was answered without a usable task id (got {task.id!r:.80}); "
                "the task may exist and be billed: check the gateway before --retry-unknown",
                _raw(task.to_dict()),
            )
        self.journal.created(job.line, task.id)
        self._emit(job, EventKind.CREATED, task_id=task.id, status=task.status)
        return task.id

    async def _wait(self, job: Job, task_id: str) -> JobOutcome | None:
        def moved(task: VideoTask) -> None:
            self._emit(
                job, EventKind.PROGRESS, task_id=task_id, status=task.status, progress=task.progress
            )

        try:
            await self.client.videos.wait(task_id, timeout=self.timeout, on_progress=moved)
        except (TaskFailedError, NotFoundError) as exc:
            self.journal.failed(job.line, said(exc))
            return self._done(job, Outcome.FAILED, task_id=task_id, reason=said(exc))
        except (WaitTimeoutError, SeedanceError) as exc:
            reason = f"{said(exc)}; {_RESUME}"
            return self._done(job, Outcome.UNFINISHED, task_id=task_id, reason=reason)
        self.journal.completed(job.line)
        return None

    async def _download(self, job: Job, task_id: str) -> JobOutcome:
        target = job.output(self.out_dir)
        self._emit(job, EventKind.DOWNLOADING, task_id=task_id)
        try:
            path = await self.client.videos.download(task_id, target)
            size, sha256 = await asyncio.to_thread(_digest, path)
        except SeedanceError as exc:
            reason = f"{said(exc)}; {_RESUME}"
            return self._done(job, Outcome.UNFINISHED, task_id=task_id, reason=reason)
        except OSError as exc:  # the disk: full, gone read-only, …
            reason = f"the video could not be saved to {target} ({exc.strerror or exc}); {_RESUME}"
            return self._done(job, Outcome.UNFINISHED, task_id=task_id, reason=reason)
        self.journal.downloaded(job.line, path, size, sha256)
        return self._done(job, Outcome.DONE, task_id=task_id, path=str(path))

    async def _advance(self, job: Job, row: Row) -> JobOutcome:
        task_id = row.task_id
        if row.state in {JobState.PLANNED, JobState.SENDING}:
            created = await self._create(job)
            if isinstance(created, JobOutcome):
                return created
            task_id = created
        assert task_id is not None  # created, completed and downloaded rows have one
        if row.state is not JobState.COMPLETED and row.state is not JobState.DOWNLOADED:
            waited = await self._wait(job, task_id)
            if waited is not None:
                return waited
        return await self._download(job, task_id)


async def run_batch(
    client: AsyncSeedance,
    journal: Journal,
    jobs: list[Job],
    out_dir: Path,
    *,
    concurrency: int,
    max_billable: int,
    retry_unknown: bool = False,
    timeout: float = 900.0,
    listener: Listener | None = None,
) -> Summary:
    """Take every job as far as it goes (at most ``concurrency`` at once) and summarise."""
    batch = _Batch(
        client=client,
        journal=journal,
        out_dir=out_dir,
        max_billable=max_billable,
        retry_unknown=retry_unknown,
        timeout=timeout,
        listener=listener or (lambda event: None),
        slots=asyncio.Semaphore(concurrency),
    )
    rows = journal.rows()
    results = await asyncio.gather(*(batch.run(job, rows[job.line]) for job in jobs))
    return Summary(tuple(results), journal.sends(), max_billable, stopped=batch.stopped)
