"""The vocabulary of a drift report: levels, one classified change, a whole comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("error", "warning", "info")
_RANK = {"info": 0, "warning": 1, "error": 2}


def level_rank(level: str) -> int:
    """0 for info, 1 for warning, 2 for error; ValueError for anything else."""
    try:
        return _RANK[level]
    except KeyError:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}") from None


@dataclass
class Change:
    """One classified difference between the vendored and the published spec.

    ``location`` is a JSON pointer to where the change bites (for a schema reached through a
    ``$ref`` it runs through the reference as if the schema were inlined); ``component`` is the
    pointer inside ``components`` when the change sits in a referenced component.
    """

    id: str
    level: str
    location: str
    message: str
    operation: str = ""
    old: Any = None
    new: Any = None
    component: str = ""
    ignored: bool = False
    ignore_reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: the four required keys first, then the extras."""
        data: dict[str, Any] = {
            "id": self.id,
            "level": self.level,
            "location": self.location,
            "message": self.message,
            "operation": self.operation,
            "old": self.old,
            "new": self.new,
        }
        if self.component:
            data["component"] = self.component
        data["ignored"] = self.ignored
        if self.ignored:
            data["ignore_reason"] = self.ignore_reason
        return data


@dataclass
class DriftResult:
    """Everything one comparison found: the changes and the "what it means for us" analysis."""

    upstream: str
    vendored: str
    changes: list[Change] = field(default_factory=list)
    impact: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def active(self) -> list[Change]:
        """Changes not accepted by the ignore file."""
        return [c for c in self.changes if not c.ignored]

    def counts(self) -> dict[str, int]:
        """Active changes per level (ignored ones are not counted)."""
        counts = dict.fromkeys(LEVELS, 0)
        for change in self.active:
            counts[change.level] += 1
        return counts

    def top_level(self) -> str | None:
        """The most severe level among active changes, or None when there are none."""
        active = self.active
        if not active:
            return None
        return max((c.level for c in active), key=level_rank)

    def as_dict(self) -> dict[str, Any]:
        """The ``reports/drift.json`` document."""
        data: dict[str, Any] = {
            "upstream": self.upstream,
            "vendored": self.vendored,
            "changes": [c.as_dict() for c in self.changes],
            "counts": self.counts(),
            "top_level": self.top_level(),
            "ignored": sum(1 for c in self.changes if c.ignored),
        }
        if self.error:
            data["error"] = self.error
        if self.impact:
            data["impact"] = self.impact
        return data
