"""Results of a run: one row per check, with its verdict, and the run's totals."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    """What a check concluded (its value is the word the reports print)."""

    PASS = "pass"
    VIOLATION = "violation"
    NOT_RUN = "not run"
    NETWORK_ERROR = "network error"


class Group(StrEnum):
    """Which family of checks a row belongs to (the reports' grouping)."""

    REQUEST = "request"
    AUTH = "auth"
    LIFECYCLE = "lifecycle"
    NOT_FOUND = "not-found"
    SCHEMATHESIS = "schemathesis"


PASS = Verdict.PASS
VIOLATION = Verdict.VIOLATION
NOT_RUN = Verdict.NOT_RUN
NETWORK_ERROR = Verdict.NETWORK_ERROR
VERDICTS = tuple(Verdict)


@dataclass
class CheckResult:
    """One row of the constraint matrix."""

    id: str
    group: Group
    kind: str
    field: str
    constraint: str
    case: str
    expected: str
    observed: str
    verdict: Verdict
    reason: str = ""
    curl: str | None = None
    doc_gap: str | None = None
    operation: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Plain data for summary.json."""
        return asdict(self)


@dataclass
class Recorder:
    """Collects the rows of a run, in the order the checks ran."""

    results: list[CheckResult] = field(default_factory=list)
    #: Rows not run because the target still answered 429 after every re-send.
    rate_limited: int = 0

    def add(self, result: CheckResult) -> CheckResult:
        """Record one row (ids are made unique)."""
        existing = {r.id for r in self.results}
        base, n = result.id, 2
        while result.id in existing:
            result.id = f"{base}#{n}"
            n += 1
        self.results.append(result)
        return result

    def counts(self) -> dict[str, int]:
        """How many rows have each verdict."""
        return {
            verdict: sum(1 for r in self.results if r.verdict == verdict) for verdict in VERDICTS
        }

    def by_verdict(self, verdict: str) -> list[CheckResult]:
        """The rows with ``verdict``."""
        return [r for r in self.results if r.verdict == verdict]
