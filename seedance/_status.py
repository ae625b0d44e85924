"""An error answer -> the :mod:`seedance.errors` class a user catches.

Both error shapes are read with the generated models (``TaskError`` ``{code, message,
data}`` and ``GatewayError`` ``{error: {message, type, code}}``); a bare answer (a rate
limiter's 429 with no body) maps by status alone. 404 and 400 ``task_not_exist`` are
:class:`NotFoundError`; 400 ``task_not_ready`` is :class:`TaskNotReadyError`.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from seedance_client.models.gateway_error import GatewayError
from seedance_client.models.task_error import TaskError
from seedance_client.types import Unset

from seedance._redact import redact, redact_data
from seedance._retry import retry_after_seconds
from seedance.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TaskErrorCode,
    TaskNotReadyError,
)

__all__ = ["error_class", "read_error", "status_error"]

_MESSAGE_CHARS = 200

_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}
_BY_CODE: dict[str, type[APIStatusError]] = {
    TaskErrorCode.TASK_NOT_EXIST: NotFoundError,
    TaskErrorCode.TASK_NOT_FOUND: NotFoundError,
    TaskErrorCode.TASK_NOT_READY: TaskNotReadyError,
}


def read_error(body: Any) -> tuple[str | None, str | None]:
    """``(code, message)`` from either error shape, via the generated models; ``(None,
    None)`` for anything else."""
    if not isinstance(body, dict):
        return None, None
    try:
        task = TaskError.from_dict(body)
    except (TypeError, ValueError, KeyError, AttributeError):
        pass
    else:
        return str(task.code), str(task.message)
    try:
        gateway = GatewayError.from_dict(body)
    except (TypeError, ValueError, KeyError, AttributeError):
        return None, None
    detail = gateway.error
    code = None if isinstance(detail.code, Unset) else str(detail.code)
    return code or str(detail.type_), str(detail.message)


def error_class(status: int, code: str | None) -> type[APIStatusError]:
    """The exception class for ``status`` (and, for 400/404, the task-error ``code``)."""
    if code in _BY_CODE and status in (400, 404):
        return _BY_CODE[code]
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return InternalServerError
    return APIStatusError


def _decode(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return content.decode("utf-8", "replace")


def status_error(response: httpx.Response, content: bytes, *, secret: str | None) -> APIStatusError:
    """The typed error for an error ``response`` whose body (or its start) is ``content``.

    The key is redacted from everything the error carries (:mod:`seedance._redact`) before a
    text body is cut to :data:`_MESSAGE_CHARS` characters for the message.
    """
    body = redact_data(_decode(content), secret)
    code, message = read_error(body)
    if message is None and isinstance(body, str) and body.strip():
        message = body.strip()[:_MESSAGE_CHARS]
    request = response.request
    return error_class(response.status_code, code)(
        status_code=response.status_code,
        code=redact(code, secret) if code else None,
        message=redact(message, secret) if message else None,
        body=body,
        method=request.method,
        url=redact(str(request.url), secret),
        retry_after=retry_after_seconds(response.headers),
    )
