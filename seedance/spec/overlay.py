"""Apply an OpenAPI Overlay 1.0.0 document with RFC 9535 JSONPath targets.

Semantics follow the Overlay specification: ``update`` deep-merges a mapping into each
matched mapping (scalars replace, arrays append) or appends to each matched array;
``remove: true`` deletes each matched node. An action whose target matches nothing raises
:class:`OverlayTargetNotFoundError` naming the action, so a moved upstream is noticed.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpath_rfc9535

from seedance.spec.errors import OverlayError, OverlayTargetNotFoundError


def _merge(target: Any, update: Any) -> Any:
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            target[key] = _merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    if isinstance(target, list) and isinstance(update, list):
        target.extend(copy.deepcopy(update))
        return target
    return copy.deepcopy(update)


def _describe(index: int, action: dict[str, Any]) -> str:
    text = " ".join(str(action.get("description", "")).split())
    short = text if len(text) <= 80 else text[:77] + "..."
    suffix = f": {short}" if short else ""
    return f"overlay action #{index + 1} (target {action.get('target')!r}{suffix})"


def _apply_action(document: dict[str, Any], index: int, action: dict[str, Any]) -> None:
    target = action.get("target")
    if not isinstance(target, str):
        raise OverlayError(f"{_describe(index, action)}: 'target' must be a JSONPath string")
    try:
        nodes = jsonpath_rfc9535.find(target, document)
    except jsonpath_rfc9535.JSONPathError as exc:
        raise OverlayError(f"{_describe(index, action)}: invalid JSONPath: {exc}") from exc
    if len(nodes) == 0:
        raise OverlayTargetNotFoundError(
            f"{_describe(index, action)} matched nothing in the upstream spec; "
            "the publisher probably moved or renamed it. Update openapi/overlay.yaml."
        )
    if action.get("remove") is True:
        # Delete deepest-last-first so list indices stay valid.
        for node in sorted(nodes, key=lambda n: n.location, reverse=True):
            if not node.location:
                raise OverlayError(f"{_describe(index, action)}: cannot remove the root")
            parent: Any = document
            for part in node.location[:-1]:
                parent = parent[part]
            del parent[node.location[-1]]
        return
    if "update" not in action:
        raise OverlayError(f"{_describe(index, action)}: needs 'update' or 'remove: true'")
    update = action["update"]
    for node in nodes:
        if not isinstance(node.value, dict | list):
            raise OverlayError(
                f"{_describe(index, action)}: target {node.path()} is a "
                f"{type(node.value).__name__}; updates apply to mappings and arrays"
            )
        if isinstance(node.value, dict) and not isinstance(update, dict):
            raise OverlayError(f"{_describe(index, action)}: a mapping target needs a mapping")
        _merge(node.value, update)


def apply_overlay(document: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Return a new document: ``document`` with every action of ``overlay`` applied in order."""
    if not isinstance(overlay, dict) or not str(overlay.get("overlay", "")).startswith("1."):
        raise OverlayError("not an Overlay 1.x document: missing 'overlay: 1.0.0'")
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError("the overlay has no 'actions' list")
    result = copy.deepcopy(document)
    for index, action in enumerate(actions):
        if not isinstance(action, dict):
            raise OverlayError(f"overlay action #{index + 1} is not a mapping")
        _apply_action(result, index, action)
    return result
