"""The batch journal: each job's state in SQLite (stdlib ``sqlite3``, WAL) in the output folder.

States: ``planned`` → ``sending`` (committed before the create request leaves) →
``created`` (task id) → ``completed`` / ``failed`` → ``downloaded`` (path, size, sha256).
Every change is committed at once, so a process killed at any point (``kill -9`` included)
leaves a journal that says exactly what may have been sent; the ``sending`` commit is also
synced to disk (``synchronous=FULL``) before the request leaves, so not even a power cut
loses the record of a create. The other commits are WAL commits without a sync
(``synchronous=NORMAL``: they survive a killed process; a power cut may undo the latest,
which a resume then redoes without creating anything). Each
entry into ``sending`` counts one create against the budget, across runs; a create that
surely billed nothing (never sent, or refused with a status that bills nothing) is given
back (:meth:`Journal.not_sent`). The total is read once when the journal opens and kept in
memory, so the budget check costs O(1) per job. The journal records the JOBS file's sha256:
the same folder with a changed file is refused; a file that is not a journal (corrupt,
truncated) is :class:`JournalUnreadableError`. A create whose answer could not be read keeps
that answer (``raw``).
"""

from __future__ import annotations

import sqlite3
import time
from enum import StrEnum
from pathlib import Path
from types import TracebackType

import attrs

from seedance.batch.jobs import Job

__all__ = [
    "JOURNAL_NAME",
    "JobState",
    "Journal",
    "JournalMismatchError",
    "JournalUnreadableError",
    "Row",
]

JOURNAL_NAME = "seedance-batch.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    line INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    sends INTEGER NOT NULL DEFAULT 0,
    task_id TEXT,
    error TEXT,
    path TEXT,
    size INTEGER,
    sha256 TEXT,
    raw TEXT,
    updated REAL NOT NULL
);
"""
_RAW_COLUMN = "ALTER TABLE jobs ADD COLUMN raw TEXT"  # journals of earlier releases lack it
_COLUMNS = frozenset(
    {"line", "name", "state", "sends", "task_id", "error", "path", "size", "sha256", "updated"}
)


class JobState(StrEnum):
    """Where a job is, as the journal records it."""

    PLANNED = "planned"
    SENDING = "sending"
    CREATED = "created"
    COMPLETED = "completed"
    FAILED = "failed"
    DOWNLOADED = "downloaded"


class JournalMismatchError(Exception):
    """The journal in the folder was made for a different JOBS file."""


class JournalUnreadableError(Exception):
    """The journal file cannot be opened or read as a journal (corrupt, truncated, not
    SQLite, unwritable): ``str()`` says which file and what to do."""


@attrs.frozen
class Row:
    """One job as the journal has it."""

    line: int
    name: str
    state: JobState
    sends: int
    task_id: str | None
    error: str | None
    path: str | None
    size: int | None
    sha256: str | None


class Journal:
    """The journal of one output folder; a context manager that closes it."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / JOURNAL_NAME
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._unreadable(exc) from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(jobs)")}
            if "raw" not in columns:
                self._db.execute(_RAW_COLUMN)
            missing = _COLUMNS - columns
            if missing:
                raise sqlite3.DatabaseError(f"its jobs table lacks {sorted(missing)}")
            self._sends = int(
                self._db.execute("SELECT COALESCE(SUM(sends), 0) FROM jobs").fetchone()[0]
            )
        except sqlite3.Error as exc:
            self._db.close()
            raise self._unreadable(exc) from exc

    def _unreadable(self, exc: sqlite3.Error) -> JournalUnreadableError:
        return JournalUnreadableError(
            f"{self.path} is not a readable batch journal ({exc}); it may be corrupt or "
            "truncated: move it away to start this batch afresh (the videos already in the "
            "folder are kept, but the jobs are created again), or restore it"
        )

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def bind(self, jobs_file: Path, fingerprint: str, jobs: list[Job]) -> None:
        """Adopt ``jobs`` (first run) or check they are the ones recorded (a resume)."""
        found = self._db.execute("SELECT value FROM meta WHERE key = 'sha256'").fetchone()
        if found is not None:
            if found[0] != fingerprint:
                source = self._db.execute("SELECT value FROM meta WHERE key = 'jobs'").fetchone()
                raise JournalMismatchError(
                    f"{self.path} records a batch of {source[0] if source else 'another file'} "
                    f"(sha256 {found[0][:12]}…) but {jobs_file} now has sha256 "
                    f"{fingerprint[:12]}…; a changed JOBS file is not merged into a started "
                    "batch: restore the file, or use a new --out-dir for the new jobs"
                )
            return
        now = time.time()
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [("sha256", fingerprint), ("jobs", str(jobs_file))],
            )
            self._db.executemany(
                "INSERT INTO jobs (line, name, state, updated) VALUES (?, ?, ?, ?)",
                [(job.line, job.name, JobState.PLANNED.value, now) for job in jobs],
            )

    def rows(self) -> dict[int, Row]:
        """Every job by line number."""
        cursor = self._db.execute(
            "SELECT line, name, state, sends, task_id, error, path, size, sha256 FROM jobs"
        )
        return {
            r[0]: Row(r[0], r[1], JobState(r[2]), r[3], r[4], r[5], r[6], r[7], r[8])
            for r in cursor
        }

    def sends(self) -> int:
        """Creates sent (or possibly sent) so far, over every run of this batch (O(1))."""
        return self._sends

    def _set(self, line: int, state: JobState, **values: object) -> None:
        columns = "".join(f", {name} = ?" for name in values)
        self._db.execute(
            f"UPDATE jobs SET state = ?, updated = ?{columns} WHERE line = ?",
            (state.value, time.time(), *values.values(), line),
        )

    def sending(self, line: int) -> None:
        """About to send the create: counted, and committed before it leaves."""
        self._db.execute("PRAGMA synchronous=FULL")
        try:
            self._db.execute(
                "UPDATE jobs SET state = ?, sends = sends + 1, error = NULL, updated = ? "
                "WHERE line = ?",
                (JobState.SENDING.value, time.time(), line),
            )
        finally:
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._sends += 1

    def not_sent(self, line: int, error: str) -> None:
        """The create surely billed nothing (it never left, or the gateway refused it with
        a status that bills nothing): back to planned, and its send given back."""
        self._db.execute(
            "UPDATE jobs SET state = ?, sends = MAX(sends - 1, 0), error = ?, updated = ? "
            "WHERE line = ?",
            (JobState.PLANNED.value, error, time.time(), line),
        )
        self._sends = max(self._sends - 1, 0)

    def refused(self, line: int, error: str) -> None:
        """The gateway refused the create in a way that may have billed: back to planned,
        the send still counted."""
        self._set(line, JobState.PLANNED, error=error)

    def unknown(self, line: int, error: str, raw: str | None) -> None:
        """The create's outcome is unknown (still ``sending``); ``raw``: the answer as it
        arrived, when one did."""
        self._set(line, JobState.SENDING, error=error, raw=raw)

    def created(self, line: int, task_id: str) -> None:
        """The gateway made the task."""
        self._set(line, JobState.CREATED, task_id=task_id)

    def completed(self, line: int) -> None:
        """The task completed; its video is to be saved."""
        self._set(line, JobState.COMPLETED)

    def failed(self, line: int, error: str) -> None:
        """The task failed (it is not created again)."""
        self._set(line, JobState.FAILED, error=error)

    def downloaded(self, line: int, path: Path, size: int, sha256: str) -> None:
        """The video is saved at ``path``."""
        self._set(line, JobState.DOWNLOADED, path=str(path), size=size, sha256=sha256)
