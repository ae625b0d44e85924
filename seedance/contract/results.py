"""Results of a run: one row per check, with its verdict, and the run's totals."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields
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


class Kind(StrEnum):
    """What sort of rule a row checks (its value is the word the reports print)."""

    # request constraints (:mod:`seedance.contract.constraints`)
    ENUM = "enum"
    BOUND = "bound"
    BOOLEAN = "boolean"
    MIN_ITEMS = "min-items"
    MAX_ITEMS = "max-items"
    MIN_LENGTH = "min-length"
    MAX_LENGTH = "max-length"
    REQUIRED = "required"
    RULE = "rule"
    TYPE = "type"
    NOT_JSON = "not-json"
    # the other checks
    AUTH = "auth"
    NOT_FOUND = "not-found"
    LIFECYCLE = "lifecycle"
    GENERATED = "generated"


PASS = Verdict.PASS
VIOLATION = Verdict.VIOLATION
NOT_RUN = Verdict.NOT_RUN
NETWORK_ERROR = Verdict.NETWORK_ERROR
VERDICTS = tuple(Verdict)


@dataclass
class CheckResult:
    """One row of the constraint matrix (made by :meth:`Check.row` and its verdict helpers)."""

    id: str
    group: Group
    kind: Kind
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
    #: The model and mode (page) whose rule the row checks ("" for the endpoint's own checks:
    #: not-found, auth, schemathesis).
    model: str = ""
    mode: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Plain data for summary.json (every field is a string or None, so a shallow copy is
        what :func:`dataclasses.asdict` makes, without its deep copy of each value)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Check:
    """What one row checks: its columns before the verdict. Each method makes the row of one
    verdict; :meth:`row` is the only place a :class:`CheckResult` is built."""

    id: str
    group: Group
    kind: Kind
    constraint: str
    field: str = ""
    case: str = ""
    expected: str = ""

    def row(
        self,
        verdict: Verdict,
        *,
        observed: str,
        reason: str = "",
        curl: str | None = None,
        doc_gap: str | None = None,
        operation: str = "",
    ) -> CheckResult:
        """The row with ``verdict`` and what was observed."""
        return CheckResult(
            id=self.id,
            group=self.group,
            kind=self.kind,
            field=self.field,
            constraint=self.constraint,
            case=self.case,
            expected=self.expected,
            observed=observed,
            verdict=verdict,
            reason=reason,
            curl=curl,
            doc_gap=doc_gap,
            operation=operation,
        )

    def passed(self, observed: str, *, reason: str = "", operation: str = "") -> CheckResult:
        """The target did what the check expects."""
        return self.row(PASS, observed=observed, reason=reason, operation=operation)

    def violated(
        self,
        observed: str,
        reason: str,
        *,
        curl: str | None,
        doc_gap: str | None = None,
        operation: str = "",
    ) -> CheckResult:
        """The target did not do what the check expects: ``reason`` says what is wrong."""
        return self.row(
            VIOLATION, observed=observed, reason=reason, curl=curl, doc_gap=doc_gap,
            operation=operation,
        )  # fmt: skip

    def not_run(
        self, reason: str, *, observed: str = "not sent", operation: str = ""
    ) -> CheckResult:
        """The check could not be judged (nothing sent, or no judgeable answer), and why."""
        return self.row(NOT_RUN, observed=observed, reason=reason, operation=operation)

    def network_error(
        self, reason: str, *, observed: str = "no answer", curl: str | None = None,
        operation: str = "",
    ) -> CheckResult:  # fmt: skip
        """The request got no answer."""
        return self.row(
            NETWORK_ERROR, observed=observed, reason=reason, curl=curl, operation=operation
        )


@dataclass
class Recorder:
    """Collects the rows of a run, in the order the checks ran (safe for concurrent checks)."""

    results: list[CheckResult] = field(default_factory=list)
    #: Rows not run because the target still answered 429 after every re-send.
    rate_limited: int = 0
    _ids: set[str] = field(default_factory=set, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, result: CheckResult) -> CheckResult:
        """Record one row (ids are made unique)."""
        with self._lock:
            if len(self._ids) != len(self.results):  # rows added to ``results`` directly
                self._ids = {r.id for r in self.results}
            base, n = result.id, 2
            while result.id in self._ids:
                result.id = f"{base}#{n}"
                n += 1
            self._ids.add(result.id)
            self.results.append(result)
        return result

    def limited(self) -> None:
        """Count one row not run for a 429 answered to every re-send."""
        with self._lock:
            self.rate_limited += 1

    def counts(self) -> dict[str, int]:
        """How many rows have each verdict."""
        return {
            verdict: sum(1 for r in self.results if r.verdict == verdict) for verdict in VERDICTS
        }

    def by_verdict(self, verdict: str) -> list[CheckResult]:
        """The rows with ``verdict``."""
        return [r for r in self.results if r.verdict == verdict]
