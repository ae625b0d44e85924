"""What the gateway does that its pages do not say: the one home of these facts.

The pages give the schemas; the gateway's behaviour beyond them (its published companion docs
and the open-source gateway it is built on) is named here once, and the SDK, the mock, the
contract harness and the command line read it from here:

- the task lifecycle: a new task is ``queued`` with progress 0, moves to ``in_progress`` and
  ends ``completed`` (``metadata.url`` is the result URL) or ``failed`` (``error`` says why;
  a task failed by the gateway's timeout sweep has none);
- the task fields the gateway fills itself (the rest echo the request);
- the statuses (:class:`Status`) and the task error codes with a meaning of their own: an
  unknown id is 404 ``task_not_found`` (some gateway versions answer 400 ``task_not_exist``:
  both mean not found), content asked for before completion is 400 ``task_not_ready``, a
  refused request body 400 ``invalid_request``;
- the gateway-shaped errors (``{"error": {"message", "type", "code"}}``): the type and code
  it answers for each status (401 a missing or invalid key, 403 no quota or model not
  allowed, 429 rate limit or quota, 503 no channel; a rate limiter may answer a bare 429).

The status and field names are checked against the bundle where they are used
(:func:`seedance.spec.task_names.undeclared_task_names`). Image rules live with the images
(:data:`seedance._images.IMAGE_RULES`), the redirect limit with the download.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

__all__ = [
    "CODE",
    "COMPLETED",
    "COMPLETED_AT",
    "CREATED_AT",
    "ERROR",
    "EXPIRES_AT",
    "FAILED",
    "GATEWAY_ERRORS",
    "ID",
    "IN_PROGRESS",
    "LIFECYCLE",
    "MESSAGE",
    "METADATA",
    "NOT_FOUND_CODES",
    "OBJECT",
    "PROGRESS",
    "QUEUED",
    "STATUS",
    "TASK_FIELDS",
    "TASK_ID",
    "URL",
    "Status",
    "TaskErrorCode",
]


class TaskErrorCode(StrEnum):
    """Task-error codes with a meaning of their own (behaviour, not schema)."""

    TASK_NOT_FOUND = "task_not_found"
    TASK_NOT_EXIST = "task_not_exist"  # some gateway versions, with status 400
    TASK_NOT_READY = "task_not_ready"
    INVALID_REQUEST = "invalid_request"


class Status(IntEnum):
    """The statuses with a meaning of their own at this gateway (the others: 5xx, its or the
    upstream's failure)."""

    INVALID_REQUEST = 400  # also an unknown task on older gateways, and content not ready
    UNAUTHORIZED = 401  # no key, or an invalid one
    FORBIDDEN = 403  # no quota, or the model is not allowed
    NOT_FOUND = 404  # an unknown task
    RATE_LIMITED = 429  # rate limit or quota; may come with no body at all


#: The codes that say "no such task": the current one first, then the older gateways' 400.
NOT_FOUND_CODES = (TaskErrorCode.TASK_NOT_FOUND, TaskErrorCode.TASK_NOT_EXIST)

QUEUED = "queued"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
FAILED = "failed"
#: The statuses a task passes through, in order (it ends at one of the last two).
LIFECYCLE = (QUEUED, IN_PROGRESS, COMPLETED, FAILED)

# Task fields the gateway fills from its own state (the rest are echoed from the request).
ID = "id"
TASK_ID = "task_id"  # a legacy copy of id
OBJECT = "object"
STATUS = "status"
PROGRESS = "progress"
CREATED_AT = "created_at"
COMPLETED_AT = "completed_at"  # the last update time: never a sign of completion
EXPIRES_AT = "expires_at"
ERROR = "error"
METADATA = "metadata"
URL = "url"  # inside metadata: the result URL, "" until completed
CODE = "code"  # inside error, and in the task-error shape
MESSAGE = "message"  # inside error, and in both error shapes
TASK_FIELDS = (
    ID, TASK_ID, OBJECT, STATUS, PROGRESS, CREATED_AT, COMPLETED_AT, EXPIRES_AT, ERROR, METADATA,
)  # fmt: skip

#: (type, code) of the gateway-shaped error the gateway answers for each status.
GATEWAY_ERRORS: dict[int, tuple[str, str]] = {
    400: ("invalid_request_error", TaskErrorCode.INVALID_REQUEST.value),
    401: ("authentication_error", "invalid_api_key"),
    403: ("permission_error", "insufficient_quota"),
    404: ("invalid_request_error", "not_found"),
    405: ("invalid_request_error", "method_not_allowed"),
    429: ("rate_limit_error", "rate_limit_exceeded"),
    500: ("server_error", "internal_error"),
    502: ("upstream_error", "bad_upstream_response"),
    503: ("service_unavailable", "no_available_channel"),
}
