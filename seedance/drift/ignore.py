"""Accepted changes: ``openapi/drift-ignore.yaml``.

The file is a mapping with an ``ignore`` list (a bare list is accepted too). Each entry names
a change by ``id`` and ``location`` (a JSON pointer; shell-style wildcards allowed; it may be
the operation pointer or the component pointer of the change), says why in ``reason`` and
stops applying on ``expires`` (YYYY-MM-DD); an optional ``page`` (a vendored page's name,
wildcards allowed; default every page) limits it to the changes of that page. Matching changes
are reported as ignored and not counted; an expired entry fails the run so that accepted
drift is looked at again.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seedance.drift.errors import IgnoreFileError
from seedance.drift.model import Change, ImpactCheck
from seedance.spec import SpecError, load_yaml_file

_FIELDS = ("id", "location", "reason", "expires")
_EVERY_PAGE = "*"


@dataclass(frozen=True)
class IgnoreEntry:
    """One accepted change."""

    id: str
    location: str
    reason: str
    expires: dt.date
    page: str = _EVERY_PAGE

    def matches(self, change: Change) -> bool:
        """True when this entry accepts ``change``."""
        if not fnmatch.fnmatchcase(change.id, self.id):
            return False
        if not fnmatch.fnmatchcase(change.page, self.page) and self.page != _EVERY_PAGE:
            return False
        return any(
            fnmatch.fnmatchcase(where, self.location)
            for where in (change.location, change.component)
            if where
        )


def _parse_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise IgnoreFileError(
            f"{where}: 'expires' must be a date YYYY-MM-DD, got {value!r}"
        ) from None


def load_ignore_file(path: Path) -> list[IgnoreEntry]:
    """Read the ignore file; a missing file means no entries."""
    if not path.exists():
        return []
    try:
        data = load_yaml_file(path)
    except SpecError as exc:
        raise IgnoreFileError(str(exc)) from exc
    if data is None:
        return []
    raw = data.get("ignore") if isinstance(data, dict) else data
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise IgnoreFileError(f"{path}: expected a list under 'ignore', got {type(raw).__name__}")
    entries = []
    for index, item in enumerate(raw):
        where = f"{path}: entry #{index + 1}"
        if not isinstance(item, dict):
            raise IgnoreFileError(f"{where}: expected a mapping with {', '.join(_FIELDS)}")
        missing = [name for name in _FIELDS if not item.get(name)]
        if missing:
            raise IgnoreFileError(f"{where}: missing {', '.join(missing)}")
        entries.append(
            IgnoreEntry(
                id=str(item["id"]),
                location=str(item["location"]),
                reason=str(item["reason"]),
                expires=_parse_date(item["expires"], where),
                page=str(item.get("page") or _EVERY_PAGE),
            )
        )
    return entries


def expired_entries(entries: list[IgnoreEntry], today: dt.date) -> list[IgnoreEntry]:
    """Entries whose expiry date has passed (an entry is valid through its expiry day)."""
    return [entry for entry in entries if entry.expires < today]


def apply_ignores(changes: list[Change], entries: list[IgnoreEntry]) -> None:
    """Mark every change an entry accepts as ignored (in place).

    What breaks our own build (:class:`ImpactCheck` ids) is never accepted: fix the overlay.
    """
    ours = {check.value for check in ImpactCheck}
    for change in changes:
        if change.id in ours:
            continue
        for entry in entries:
            if entry.matches(change):
                change.ignored = True
                change.ignore_reason = f"{entry.reason} (until {entry.expires.isoformat()})"
                break
