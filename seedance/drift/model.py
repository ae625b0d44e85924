"""The vocabulary of a drift report: impact checks, one classified change, a comparison (the
levels are the tools' shared :mod:`seedance.spec.levels`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from seedance.spec.levels import LEVELS, Level


class Verb(StrEnum):
    """What happened to a value between the vendored and the published spec."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    @classmethod
    def of(cls, old_missing: bool, new_missing: bool) -> Verb:
        """``added`` when only the new side has it, ``removed`` when only the old, else changed."""
        if old_missing:
            return cls.ADDED
        return cls.REMOVED if new_missing else cls.CHANGED


class ImpactCheck(StrEnum):
    """Findings about *our* build on the published spec; always errors (they fail every run)."""

    OVERLAY_UNREADABLE = "overlay-unreadable"
    OVERLAY_ACTION_NOT_APPLICABLE = "overlay-action-not-applicable"
    BUNDLE_INVALID = "bundle-invalid"
    MEDIA_UNION_NOT_COVERING = "media-union-not-covering-enum"
    CLIENT_GENERATION_FAILED = "client-generation-failed"


@dataclass
class Change:
    """One classified difference between the vendored and the published spec.

    ``location`` is a JSON pointer to where the change bites (for a schema reached through a
    ``$ref`` it runs through the reference as if the schema were inlined); ``component`` is the
    pointer inside ``components`` when the change sits in a referenced component.
    """

    id: str
    level: Level
    location: str
    message: str
    operation: str = ""
    old: Any = None
    new: Any = None
    component: str = ""
    ignored: bool = False
    ignore_reason: str = ""

    def __post_init__(self) -> None:
        self.level = Level(self.level)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: the four required keys first, then the extras."""
        data: dict[str, Any] = {
            "id": self.id,
            "level": self.level.value,
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
    """Everything one comparison found: the changes and the "what it means for us" analysis.

    ``omitted`` counts, per check id, the changes beyond the per-kind report limit that are
    summarised rather than listed (see :mod:`seedance.drift.summarise`).
    """

    upstream: str
    vendored: str
    changes: list[Change] = field(default_factory=list)
    impact: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    omitted: dict[str, int] = field(default_factory=dict)

    @property
    def active(self) -> list[Change]:
        """Changes not accepted by the ignore file."""
        return [c for c in self.changes if not c.ignored]

    def counts(self) -> dict[str, int]:
        """Active changes per level (ignored ones are not counted; omitted ones are)."""
        counts = dict.fromkeys(LEVELS, 0)
        for change in self.active:
            counts[change.level.value] += 1
        for level, extra in self.omitted_levels().items():
            counts[level] += extra
        return counts

    def omitted_levels(self) -> dict[str, int]:
        """Omitted changes per level (each omitted kind has the level of its listed changes)."""
        found: dict[str, int] = {}
        for check_id, extra in self.omitted.items():
            level = next((c.level.value for c in self.changes if c.id == check_id), "info")
            found[level] = found.get(level, 0) + extra
        return found

    def top_level(self) -> Level | None:
        """The most severe level among active changes, or None when there are none."""
        levels = [c.level for c in self.active]
        levels += [Level(level) for level in self.omitted_levels()]
        if not levels:
            return None
        return max(levels, key=lambda level: level.rank)

    def as_dict(self) -> dict[str, Any]:
        """The ``reports/drift.json`` document."""
        top = self.top_level()
        data: dict[str, Any] = {
            "upstream": self.upstream,
            "vendored": self.vendored,
            "changes": [c.as_dict() for c in self.changes],
            "counts": self.counts(),
            "top_level": top.value if top else None,
            "ignored": sum(1 for c in self.changes if c.ignored),
            "omitted": dict(sorted(self.omitted.items())),
        }
        if self.error:
            data["error"] = self.error
        if self.impact:
            data["impact"] = self.impact
        return data
