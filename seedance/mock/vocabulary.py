"""The gateway's task vocabulary the mock speaks, checked against the bundle at start-up.

The gateway's documented behaviour (docs/gateway.md) gives the lifecycle (``queued`` ->
``in_progress`` -> ``completed``/``failed``), the task fields the gateway fills and the task
error codes; they are behaviour, not schema, so they are named here once.
:func:`load_vocabulary` fails fast with :class:`MockSpecError` if the bundle stops declaring
any of them, and reads everything else (the ``object`` value, the id pattern, which request
fields a task echoes and their defaults) from the bundle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from seedance.mock.errors import MockSpecError
from seedance.spec import OperationInfo, SchemaView

QUEUED = "queued"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
FAILED = "failed"
TASK_NOT_FOUND = "task_not_found"
TASK_NOT_READY = "task_not_ready"
INVALID_REQUEST = "invalid_request"

# Task fields the mock fills from its own state (the rest are echoed from the request).
ID = "id"
TASK_ID = "task_id"
OBJECT = "object"
STATUS = "status"
PROGRESS = "progress"
CREATED_AT = "created_at"
COMPLETED_AT = "completed_at"
EXPIRES_AT = "expires_at"
ERROR = "error"
METADATA = "metadata"
URL = "url"  # inside metadata
CODE = "code"  # inside error, and in the task-error shape
MESSAGE = "message"  # inside error, and in both error shapes
TASK_FIELDS = (
    ID, TASK_ID, OBJECT, STATUS, PROGRESS, CREATED_AT, COMPLETED_AT, EXPIRES_AT, ERROR, METADATA,
)  # fmt: skip
LIFECYCLE = (QUEUED, IN_PROGRESS, COMPLETED, FAILED)


@dataclass(frozen=True)
class Vocabulary:
    """What the mock reads from the bundle to build tasks."""

    object_value: str
    id_pattern: re.Pattern[str]
    echoed: tuple[str, ...]
    defaults: dict[str, Any]


def _properties(root: dict[str, Any], schema: Any = None) -> dict[str, dict[str, Any]]:
    view = SchemaView.of(root, schema)
    return {name: prop.node for name, prop in view.properties.items()}


def _task_schema(create: OperationInfo) -> dict[str, Any]:
    for status, response in create.responses.items():
        schema = response.content.get("application/json")
        if status.startswith("2") and schema is not None:
            return schema
    raise MockSpecError("the create operation documents no 2xx application/json response")


def load_vocabulary(create: OperationInfo) -> Vocabulary:
    """Check the bundle (through the create operation's JSON Schemas) against the mock's
    vocabulary and read the rest from it."""
    task_root = _task_schema(create)
    task = _properties(task_root)
    missing = [name for name in TASK_FIELDS if name not in task]
    statuses = task.get(STATUS, {}).get("enum", [])
    missing += [f"{STATUS} {s!r}" for s in LIFECYCLE if s not in statuses]
    if URL not in _properties(task_root, task.get(METADATA, {})):
        missing.append(f"{METADATA}.{URL}")
    error_props = _properties(task_root, task.get(ERROR, {}))
    missing += [f"{ERROR}.{name}" for name in (CODE, MESSAGE) if name not in error_props]
    objects = [o for o in task.get(OBJECT, {}).get("enum", []) if o is not None]
    if missing or len(objects) != 1:
        raise MockSpecError(
            "the bundle's task schema no longer declares what the mock fills: "
            f"missing {missing or 'nothing'}, object enum {objects!r} (expected one value); "
            "update seedance/mock/vocabulary.py together with the overlay"
        )
    pattern = task.get(ID, {}).get("pattern")
    request_root = create.request_schema or {}
    request = _properties(request_root)
    echoed = tuple(name for name in request if name in task and name not in TASK_FIELDS)
    return Vocabulary(
        object_value=str(objects[0]),
        id_pattern=re.compile(pattern or ".*"),
        echoed=echoed,
        defaults={n: request[n]["default"] for n in echoed if "default" in request[n]},
    )
