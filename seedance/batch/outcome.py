"""What a batch run did with each job, and the summary printed (or given as JSON) at the end."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any

import attrs

__all__ = ["JobOutcome", "Outcome", "Summary"]

#: Jobs listed by name in the summary for people, per outcome (``--json`` lists them all).
LISTED = 20


class Outcome(StrEnum):
    """A job's result for this run."""

    DONE = "done"
    FAILED = "failed"
    UNKNOWN = "unknown"
    NOT_RUN_BUDGET = "not run: budget"
    NOT_RUN_REFUSED = "not run: key refused"
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
    #: Why creates stopped (the gateway refused the key), if they did.
    stopped: str | None = None

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
            "creates_stopped": self.stopped,
            "jobs": [job.as_json() for job in self.jobs],
        }

    def lines(self) -> list[str]:
        """The summary for people: the counts, then each job not done and why."""
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items() if v)
        out = [f"batch: {counts}; creates sent {self.sends} of at most {self.max_billable}"]
        listed: Counter[Outcome] = Counter()
        for job in self.jobs:
            if job.outcome is Outcome.DONE:
                continue
            listed[job.outcome] += 1
            if listed[job.outcome] > LISTED:
                continue
            task = f" (task {job.task_id})" if job.task_id else ""
            out.append(f"  {job.name} [line {job.line}] {job.outcome}{task}: {job.reason}")
        for outcome, count in listed.items():
            if count > LISTED:
                out.append(f"  … and {count - LISTED} more {outcome} (--json lists every job)")
        if self.stopped is not None:
            out.append(
                f"creates stopped after the gateway refused one: {self.stopped}; "
                "fix that, then run the same command again to resume"
            )
        return out
