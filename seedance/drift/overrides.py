"""Published values our overlay replaces, so that a publisher change hidden by it is seen.

Our overlay pins names and shapes (the operationId, the 200 schema, the error responses). When
the publisher changes one of those, the bundle silently keeps ours: the client stays stable,
which is the point, but the team should know what the publisher now says. Overlay updates
merge mappings and append to arrays, so an override is a scalar the update replaces, or a
``$ref`` the update puts over a published mapping (which then stops counting).
"""

from __future__ import annotations

from typing import Any

import jsonpath_rfc9535

from seedance.drift.pointer import join, same
from seedance.spec import SpecError, apply_overlay


def _walk(
    published: Any, update: Any, pointer: str, action: int, found: list[dict[str, Any]]
) -> None:
    if not isinstance(published, dict) or not isinstance(update, dict):
        return
    for key, ours in update.items():
        if key not in published:
            continue
        theirs, here = published[key], join(pointer, str(key))
        if isinstance(ours, dict) and isinstance(theirs, dict):
            ref, their_ref = ours.get("$ref"), theirs.get("$ref")
            if ref is not None and (their_ref != ref or len(theirs) > 1):
                found.append({"pointer": here, "published": theirs, "ours": ours, "action": action})
            elif ref is None:
                _walk(theirs, ours, here, action, found)
        elif (
            not isinstance(ours, list | dict)
            and not isinstance(theirs, list | dict)
            and not same(theirs, ours, str(key))
        ):
            found.append({"pointer": here, "published": theirs, "ours": ours, "action": action})


def overlay_overrides(document: dict[str, Any], overlay: dict[str, Any]) -> list[dict[str, Any]]:
    """Every published value an overlay update replaces, in action order.

    Each item: ``pointer``, ``published`` value, ``ours``, ``action`` (1-based index). Actions
    are applied one by one, so later actions are checked against what earlier ones built.
    """
    found: list[dict[str, Any]] = []
    current = document
    for index, action in enumerate(overlay.get("actions") or [], start=1):
        if not isinstance(action, dict):
            continue
        update = action.get("update")
        if isinstance(update, dict):
            try:
                nodes = list(jsonpath_rfc9535.find(str(action.get("target")), current))
            except jsonpath_rfc9535.JSONPathError:
                nodes = []
            for node in nodes:
                pointer = join("", *[str(part) for part in node.location])
                _walk(node.value, update, pointer, index, found)
        try:
            current = apply_overlay(current, {"overlay": "1.0.0", "actions": [action]})
        except SpecError:
            break
    return found


def new_overrides(
    vendored: dict[str, Any], published: dict[str, Any], overlay: dict[str, Any]
) -> list[dict[str, Any]]:
    """Overrides of the published spec that did not exist, with that value, for the vendored one.

    Values compare by meaning (key order never counts: a re-export may sort its keys).
    """
    before = overlay_overrides(vendored, overlay)
    return [
        o
        for o in overlay_overrides(published, overlay)
        if not any(
            b["pointer"] == o["pointer"] and same(b["published"], o["published"]) for b in before
        )
    ]
