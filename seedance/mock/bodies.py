"""Request bodies: strict JSON decoding and readable reasons when a body is not JSON."""

from __future__ import annotations

import json
from typing import Any

import orjson


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


_strict_decode = json.JSONDecoder(parse_constant=_reject_constant).decode


def decode_json(raw: bytes) -> Any:
    """orjson first; the stdlib decoder for what orjson refuses (lone surrogate escapes,
    numbers beyond double range, deep nesting) and for its clearer error messages."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _strict_decode(raw.decode("utf-8"))


def json_reason(exc: BaseException) -> str:
    """Why decoding failed, in a few words (with line and column when known)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)


def json_kind(value: Any) -> str:
    """The JSON name of a decoded value's type (``array``, ``string``, ...)."""
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )
