"""The vocabulary of a drift report (its levels are the tools' shared
:mod:`seedance.spec.levels`): impact checks, one classified change, one page's
comparison (:class:`DriftResult`) and the whole family's (:class:`FamilyResult`)."""

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


class PageCheck(StrEnum):
    """A whole page that appeared or disappeared between the vendored and the published family."""

    ADDED = "page-added"
    REMOVED = "page-removed"


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
    page: str = ""

    def __post_init__(self) -> None:
        self.level = Level(self.level)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: the page and the four required keys first, then the extras."""
        data: dict[str, Any] = {
            "page": self.page,
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
    summarised rather than listed (see :mod:`seedance.drift.summarise`). ``page`` names the
    vendored (or published) page compared; ``notes`` are differences recognised as no drift
    (the publisher's servers flipping between its test host and production).
    """

    upstream: str
    vendored: str
    changes: list[Change] = field(default_factory=list)
    impact: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    omitted: dict[str, int] = field(default_factory=dict)
    page: str = ""
    notes: list[str] = field(default_factory=list)

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
        data = _document(self)
        if self.error:
            data["error"] = self.error
        if self.impact:
            data["impact"] = self.impact
        return data

    def page_dict(self) -> dict[str, Any]:
        """This page's entry of ``reports/drift.json``'s ``pages``."""
        top = self.top_level()
        data: dict[str, Any] = {
            "page": self.page,
            "upstream": self.upstream,
            "vendored": self.vendored,
            "changes": [c.as_dict() for c in self.changes],
            "counts": self.counts(),
            "top_level": top.value if top else None,
            "omitted": dict(sorted(self.omitted.items())),
        }
        if self.notes:
            data["notes"] = list(self.notes)
        if self.error:
            data["error"] = self.error
        if self.impact:
            data["impact"] = self.impact
        return data


@dataclass
class FamilyResult:
    """Every page's comparison (the seed's first), and what no page could say on its own.

    ``error`` is set when the family itself could not be compared (no lock, an unreadable
    listing); a page that could not be read carries its own ``error``.
    """

    upstream: str
    vendored: str
    pages: list[DriftResult] = field(default_factory=list)
    error: str = ""

    @classmethod
    def of(cls, result: DriftResult) -> FamilyResult:
        """One page's comparison as a family of one."""
        return cls(result.upstream, result.vendored, [result], result.error)

    @property
    def changes(self) -> list[Change]:
        """Every page's changes, page by page."""
        return [c for page in self.pages for c in page.changes]

    @property
    def active(self) -> list[Change]:
        """Changes not accepted by the ignore file."""
        return [c for c in self.changes if not c.ignored]

    @property
    def errors(self) -> list[str]:
        """The family's error and every page's, each naming its page."""
        found = [self.error] if self.error else []
        return found + [
            f"{p.page}: {p.error}" if p.page else p.error for p in self.pages if p.error
        ]

    @property
    def omitted(self) -> dict[str, int]:
        """Omitted changes per check id, over every page."""
        total: dict[str, int] = {}
        for page in self.pages:
            for check_id, count in page.omitted.items():
                total[check_id] = total.get(check_id, 0) + count
        return total

    def counts(self) -> dict[str, int]:
        """Active changes per level, over every page."""
        counts = dict.fromkeys(LEVELS, 0)
        for page in self.pages:
            for level, count in page.counts().items():
                counts[level] += count
        return counts

    def top_level(self) -> Level | None:
        """The most severe level among every page's active changes, or None."""
        levels = [level for p in self.pages if (level := p.top_level()) is not None]
        return max(levels, key=lambda level: level.rank) if levels else None

    @property
    def impact(self) -> dict[str, Any]:
        """The seed page's "what it means for us" (the overlay and the generated client)."""
        return next((p.impact for p in self.pages if p.impact), {})

    def as_dict(self) -> dict[str, Any]:
        """The ``reports/drift.json`` document: every change (each naming its page), the
        counts, and one entry per page with its own changes."""
        data = {**_document(self), "pages": [p.page_dict() for p in self.pages]}
        if self.errors:
            data["error"] = "; ".join(self.errors)
        if self.impact:
            data["impact"] = self.impact
        return data


def _document(result: DriftResult | FamilyResult) -> dict[str, Any]:
    """What a page's and the family's ``reports/drift.json`` document share: where each side
    came from, the changes, their counts and top level, how many were ignored or omitted."""
    top = result.top_level()
    return {
        "upstream": result.upstream,
        "vendored": result.vendored,
        "changes": [c.as_dict() for c in result.changes],
        "counts": result.counts(),
        "top_level": top.value if top else None,
        "ignored": sum(1 for c in result.changes if c.ignored),
        "omitted": dict(sorted(result.omitted.items())),
    }
