"""Drift of a property's ``x-linkage`` rules (see :mod:`seedance.catalogue`).

A rule says: when another field compares true with a value, this property only takes some
options. Rules are matched by their condition (field, operator, value); for a request:

- ``linkage-added`` (error): a new rule refuses requests that were valid;
- ``linkage-removed`` (info): a rule is gone, requests it refused are now valid (our
  validator and mock still refuse them until the page is re-vendored);
- ``linkage-options-removed`` (error) / ``linkage-options-added`` (info): a rule's options
  shrank (tightened) or grew (loosened);
- ``linkage-changed`` (warning): the only rule on one field changed its operator or value;
  (error) the published rules cannot be read or use an operator seedance does not know (the
  bundle would refuse the page).

The check ids are these kinds behind the usual prefix: ``request-property-linkage-added``, …
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from seedance.catalogue import LINKAGE_KEY, Linkage, LinkageError, linkage_rules
from seedance.drift.pointer import MISSING

__all__ = ["LINKAGE_KEY", "LINKAGE_LEVELS", "LinkageDiff", "linkage_diffs"]

#: kind -> (level for requests, level for responses)
LINKAGE_LEVELS: dict[str, tuple[str, str]] = {
    "linkage-added": ("error", "info"),
    "linkage-removed": ("info", "info"),
    "linkage-options-removed": ("error", "info"),
    "linkage-options-added": ("info", "info"),
    "linkage-changed": ("warning", "info"),
}


@dataclass(frozen=True)
class LinkageDiff:
    """One classified difference between two ``x-linkage`` values of one property."""

    kind: str
    text: str
    old: Any
    new: Any
    level: str | None = None  # overrides LINKAGE_LEVELS (an unreadable rule is an error)


def _rules(name: str, raw: Any) -> dict[tuple[str, str, str], Linkage]:
    if raw is MISSING:
        return {}
    rules = linkage_rules({name: {LINKAGE_KEY: raw}})
    return {(r.when_field, r.operator.value, json.dumps(r.value, sort_keys=True)): r for r in rules}


def _condition(rule: Linkage) -> str:
    return f"{rule.when_field} {rule.operator.value} {rule.value!r}"


def linkage_diffs(name: str, old: Any, new: Any) -> list[LinkageDiff]:
    """What changed in property ``name``'s ``x-linkage`` from ``old`` to ``new`` (MISSING
    when absent on a side)."""
    try:
        before = _rules(name, old)
    except LinkageError:
        before = {}
    try:
        after = _rules(name, new)
    except LinkageError as exc:
        return [LinkageDiff("linkage-changed", f"cannot be honoured: {exc}", old, new,
                            "error")]  # fmt: skip
    removed = [before[k] for k in before if k not in after]
    added = [after[k] for k in after if k not in before]
    found: list[LinkageDiff] = []
    for old_rule in list(removed):
        same_field = [r for r in added if r.when_field == old_rule.when_field]
        if len(same_field) == 1 and sum(r.when_field == old_rule.when_field for r in removed) == 1:
            new_rule = same_field[0]
            removed.remove(old_rule)
            added.remove(new_rule)
            found.append(
                LinkageDiff(
                    "linkage-changed",
                    f"condition changed: {old_rule.sentence()} -> {new_rule.sentence()}",
                    old,
                    new,
                )
            )
    found += [
        LinkageDiff("linkage-removed", f"rule removed: {r.sentence()}", old, new) for r in removed
    ]
    found += [LinkageDiff("linkage-added", f"rule added: {r.sentence()}", old, new) for r in added]
    for key in before.keys() & after.keys():
        was, now = before[key].options, after[key].options
        gone = [o for o in was if o not in now]
        new_options = [o for o in now if o not in was]
        when = _condition(after[key])
        if gone:
            text = f"options {gone!r} removed when {when} (now {list(now)!r})"
            found.append(LinkageDiff("linkage-options-removed", text, old, new))
        if new_options:
            text = f"options {new_options!r} added when {when} (now {list(now)!r})"
            found.append(LinkageDiff("linkage-options-added", text, old, new))
    return found
