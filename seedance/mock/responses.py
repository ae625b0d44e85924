"""The two error shapes of the gateway and the answers the mock's handlers return.

Task errors: ``{"code", "message", "data"}``. Gateway errors:
``{"error": {"message", "type", "code"}}`` (invalid token, quota, rate limit, upstream).
An :class:`Answer` is status, raw ASGI headers and body bytes, built once; the app sends
it in two ``send`` calls (the create call is the mock's hot path).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import orjson

from seedance.gateway import GATEWAY_ERRORS
from seedance.mock import vocabulary as v

JSON_TYPE = "application/json"
_slow_encode = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode


def encode_json(content: Any) -> bytes:
    """Compact JSON bytes (orjson; ASCII-escaped stdlib output for strings orjson refuses)."""
    try:
        return orjson.dumps(content)
    except TypeError:  # lone surrogates from a client's escaped string
        return _slow_encode(content).encode("ascii")


#: The task-error code a scenario answers for each status that uses the task-error shape
#: (the other statuses use the gateway shape).
TASK_ERROR_CODES: dict[int, str] = {400: v.INVALID_REQUEST, 404: v.TASK_NOT_FOUND}
TASK_ERROR_STATUSES = frozenset(TASK_ERROR_CODES)


_JSON_TYPE_HEADER = (b"content-type", JSON_TYPE.encode())


class Answer:
    """An HTTP answer: status, raw ASGI headers, body bytes."""

    __slots__ = ("body", "headers", "status_code")

    def __init__(
        self,
        status: int,
        body: bytes = b"",
        media_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status_code = status
        self.body = body
        raw = [(b"content-length", b"%d" % len(body))]
        if media_type == JSON_TYPE:
            raw.append(_JSON_TYPE_HEADER)
        elif media_type is not None:
            raw.append((b"content-type", media_type.encode()))
        if headers:
            raw.extend(
                (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
            )
        self.headers = raw

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (for tests and logs)."""
        wanted = name.lower().encode()
        return next((v.decode("latin-1") for k, v in self.headers if k == wanted), None)


def json_answer(
    content: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Answer:
    """A compact JSON answer."""
    return Answer(status, encode_json(content), JSON_TYPE, headers)


def task_error(
    status: int, code: str, message: str, data: Any = None, headers: Mapping[str, str] | None = None
) -> Answer:
    """A task-shaped error: ``{"code", "message", "data"}``."""
    return json_answer({v.CODE: code, v.MESSAGE: message, "data": data}, status, headers)


def gateway_error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Answer:
    """A gateway-shaped error: ``{"error": {"message", "type", "code"}}``."""
    kind, code = GATEWAY_ERRORS.get(status, ("server_error", f"http_{status}"))
    return json_answer({v.ERROR: {v.MESSAGE: message, "type": kind, v.CODE: code}}, status, headers)
