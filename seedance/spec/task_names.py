"""Whether the bundle still declares the task names the gateway fills (:mod:`seedance.gateway`).

The mock builds tasks from those names and the contract harness judges tasks by them; both
ask :func:`undeclared_task_names` before relying on them, so a page that drops one fails fast
with a sentence saying which.
"""

from __future__ import annotations

from typing import Any

from seedance import gateway as g
from seedance._bundle import OperationInfo
from seedance.spec.view import SchemaView

__all__ = ["task_properties", "task_schema", "undeclared_task_names"]


def task_properties(root: dict[str, Any], schema: Any = None) -> dict[str, dict[str, Any]]:
    """The properties of ``schema`` (``root`` itself by default), references resolved."""
    view = SchemaView.of(root, schema)
    return {name: prop.node for name, prop in view.properties.items()}


def task_schema(create: OperationInfo) -> dict[str, Any] | None:
    """The JSON Schema of the task the create operation answers with (its 2xx JSON body)."""
    for status, response in create.responses.items():
        schema = response.content.get("application/json")
        if status.startswith("2") and schema is not None:
            return schema
    return None


def undeclared_task_names(create: OperationInfo) -> list[str]:
    """What the gateway fills that the create operation's task schema does not declare (task
    fields, lifecycle statuses, ``metadata.url``, ``error.code`` and ``error.message``), and
    whether ``object`` has exactly one value; empty when everything is there."""
    root = task_schema(create)
    if root is None:
        return ["a 2xx application/json response of the create operation"]
    task = task_properties(root)
    missing = [name for name in g.TASK_FIELDS if name not in task]
    statuses = task.get(g.STATUS, {}).get("enum", [])
    missing += [f"{g.STATUS} {s!r}" for s in g.LIFECYCLE if s not in statuses]
    if g.URL not in task_properties(root, task.get(g.METADATA, {})):
        missing.append(f"{g.METADATA}.{g.URL}")
    error_props = task_properties(root, task.get(g.ERROR, {}))
    missing += [f"{g.ERROR}.{name}" for name in (g.CODE, g.MESSAGE) if name not in error_props]
    objects = [o for o in task.get(g.OBJECT, {}).get("enum", []) if o is not None]
    if len(objects) != 1:
        missing.append(f"one {g.OBJECT} value (the enum has {objects!r})")
    return missing
