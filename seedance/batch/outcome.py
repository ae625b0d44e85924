"""What a batch run did with each job, and the summary printed (or given as JSON) at the end."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any

import attrs

__all__ = ["JobOutcome", "Outcome", "Summary"]


class Outcome(StrEnum):
    """A job's result for this run."""

    DONE = "done"
    FAILED = "failed"
    UNKNOWN = "unknown"
    NOT_RUN_BUDGET = "not run: budget"
    UNFINISHED = "unfinished"


@attrs.frozen
class JobOutcome:
    """One job's result: the outcome, the task id, the file and, when not done, why."""

    line: int
    name: str
    outcome: Outcome
    task_id: str | None = None
    path: str | None = None
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The job as ``--json`` shows it."""
        return attrs.asdict(self)


@attrs.frozen
class Summary:
    """Every job's outcome (in line order) and the creates counted against the budget."""

    jobs: tuple[JobOutcome, ...]
    sends: int
    max_billable: int

    @property
    def counts(self) -> dict[Outcome, int]:
        """How many jobs ended each way (every outcome listed, zeros included)."""
        found = Counter(job.outcome for job in self.jobs)
        return {outcome: found.get(outcome, 0) for outcome in Outcome}

    @property
    def complete(self) -> bool:
        """True when every job's file is written."""
        return all(job.outcome is Outcome.DONE for job in self.jobs)

    def as_json(self) -> dict[str, Any]:
        """The summary as ``seedance batch --json`` prints it."""
        return {
            "complete": self.complete,
            "counts": {str(k): v for k, v in self.counts.items()},
            "creates_sent": self.sends,
            "max_billable": self.max_billable,
            "jobs": [job.as_json() for job in self.jobs],
        }

    def lines(self) -> list[str]:
        """The summary for people: the counts, then each job not done and why."""
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items() if v)
        out = [f"batch: {counts}; creates sent {self.sends} of at most {self.max_billable}"]
        for job in self.jobs:
            if job.outcome is not Outcome.DONE:
                task = f" (task {job.task_id})" if job.task_id else ""
                out.append(f"  {job.name} [line {job.line}] {job.outcome}{task}: {job.reason}")
        return out
