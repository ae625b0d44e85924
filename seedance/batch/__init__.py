"""``seedance batch``: many videos from a JSONL file, resumable after any crash.

Public: :func:`load_jobs` (read and validate a JOBS file, nothing sent), :class:`Job`,
:class:`JobsFileError`, :class:`Journal` (the SQLite record of each job's state in the
output directory), :func:`run_batch` (send, wait and download with ``AsyncSeedance``),
:class:`Outcome` / :class:`JobOutcome` / :class:`Summary` (what happened to each job) and
:class:`JobState`.
"""

from seedance.batch.jobs import Job
from seedance.batch.journal import (
    JobState,
    Journal,
    JournalMismatchError,
    JournalUnreadableError,
)
from seedance.batch.outcome import JobOutcome, Outcome, Summary
from seedance.batch.runner import run_batch
from seedance.batch.validate import JobsFileError, LineProblem, load_jobs

__all__ = [
    "Job",
    "JobOutcome",
    "JobState",
    "JobsFileError",
    "Journal",
    "JournalMismatchError",
    "JournalUnreadableError",
    "LineProblem",
    "Outcome",
    "Summary",
    "load_jobs",
    "run_batch",
]
