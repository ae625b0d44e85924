"""The two error shapes of the gateway and a lean JSON response.

Task errors: ``{"code", "message", "data"}``. Gateway errors:
``{"error": {"message", "type", "code"}}`` (invalid token, quota, rate limit, upstream).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

JSON_TYPE = "application/json"
_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode

#: (type, code) of the gateway error the mock answers for each status.
GATEWAY_ERRORS: dict[int, tuple[str, str]] = {
    400: ("invalid_request_error", "invalid_request"),
    401: ("authentication_error", "invalid_api_key"),
    403: ("permission_error", "insufficient_quota"),
    404: ("invalid_request_error", "not_found"),
    405: ("invalid_request_error", "method_not_allowed"),
    429: ("rate_limit_error", "rate_limit_exceeded"),
    500: ("server_error", "internal_error"),
    502: ("upstream_error", "bad_upstream_response"),
    503: ("service_unavailable", "no_available_channel"),
}
#: Statuses whose scenario answer uses the task-error shape (the rest use the gateway shape).
TASK_ERROR_STATUSES = frozenset({400, 404})


class JSONBody(Response):
    """A JSON response rendered with ASCII escapes (safe for any string) and no spaces."""

    media_type = JSON_TYPE

    def render(self, content: Any) -> bytes:
        return _dumps(content).encode("ascii")


def task_error(
    status: int, code: str, message: str, data: Any = None, headers: Mapping[str, str] | None = None
) -> Response:
    """A task-shaped error: ``{"code", "message", "data"}``."""
    return JSONBody({"code": code, "message": message, "data": data}, status, headers)


def gateway_error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """A gateway-shaped error: ``{"error": {"message", "type", "code"}}``."""
    kind, code = GATEWAY_ERRORS.get(status, ("server_error", f"http_{status}"))
    return JSONBody({"error": {"message": message, "type": kind, "code": code}}, status, headers)
