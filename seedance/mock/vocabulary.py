"""The gateway's task vocabulary the mock speaks, checked against the bundle at start-up.

The lifecycle, the task fields the gateway fills and the task error codes are behaviour, not
schema: :mod:`seedance.gateway` names them once and this module re-exports them for the mock.
:func:`load_vocabulary` fails fast with :class:`MockSpecError` if the bundle stops declaring
any of them, and reads everything else (the ``object`` value, the id pattern, which request
fields a task echoes and their defaults) from the bundle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from seedance.gateway import (
    CODE,
    COMPLETED,
    COMPLETED_AT,
    CREATED_AT,
    ERROR,
    EXPIRES_AT,
    FAILED,
    ID,
    IN_PROGRESS,
    LIFECYCLE,
    MESSAGE,
    METADATA,
    OBJECT,
    PROGRESS,
    QUEUED,
    STATUS,
    TASK_FIELDS,
    TASK_ID,
    URL,
    TaskErrorCode,
)
from seedance.mock.errors import MockSpecError
from seedance.spec import OperationInfo
from seedance.spec.task_names import task_properties, task_schema, undeclared_task_names

__all__ = [
    "CODE", "COMPLETED", "COMPLETED_AT", "CREATED_AT", "ERROR", "EXPIRES_AT", "FAILED", "ID",
    "INVALID_REQUEST", "IN_PROGRESS", "LIFECYCLE", "MESSAGE", "METADATA", "OBJECT", "PROGRESS",
    "QUEUED", "STATUS", "TASK_FIELDS", "TASK_ID", "TASK_NOT_FOUND", "TASK_NOT_READY", "URL",
    "Vocabulary", "load_vocabulary",
]  # fmt: skip

TASK_NOT_FOUND = TaskErrorCode.TASK_NOT_FOUND.value
TASK_NOT_READY = TaskErrorCode.TASK_NOT_READY.value
INVALID_REQUEST = TaskErrorCode.INVALID_REQUEST.value


@dataclass(frozen=True)
class Vocabulary:
    """What the mock reads from the bundle to build tasks."""

    object_value: str
    id_pattern: re.Pattern[str]
    echoed: tuple[str, ...]
    defaults: dict[str, Any]


def load_vocabulary(create: OperationInfo) -> Vocabulary:
    """Check the bundle (through the create operation's JSON Schemas) against the mock's
    vocabulary and read the rest from it."""
    missing = undeclared_task_names(create)
    if missing:
        raise MockSpecError(
            f"the bundle's task schema no longer declares what the mock fills: missing {missing}; "
            "update seedance/gateway.py together with the overlay"
        )
    task_root = task_schema(create) or {}
    task = task_properties(task_root)
    objects = [o for o in task.get(OBJECT, {}).get("enum", []) if o is not None]
    pattern = task.get(ID, {}).get("pattern")
    request_root = create.request_schema or {}
    request = task_properties(request_root)
    echoed = tuple(name for name in request if name in task and name not in TASK_FIELDS)
    return Vocabulary(
        object_value=str(objects[0]),
        id_pattern=re.compile(pattern or ".*"),
        echoed=echoed,
        defaults={n: request[n]["default"] for n in echoed if "default" in request[n]},
    )
