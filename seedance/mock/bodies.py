"""Request bodies: strict JSON decoding and readable reasons when a body is not JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

import orjson

#: Python's limit on the digits of an integer read from text (``sys.int_info``).
MAX_INTEGER_DIGITS = sys.int_info.default_max_str_digits


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


class IntegerTooLongError(ValueError):
    """The body is JSON, but one of its integers has more digits than Python reads."""

    def __init__(self, digits: int) -> None:
        super().__init__(
            f"request body has an integer of {digits} digits: the mock reads integers of at "
            f"most {MAX_INTEGER_DIGITS} digits, and no field of the API takes a number that long"
        )


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise IntegerTooLongError(digits)
    return int(text)


_strict_decode = json.JSONDecoder(parse_constant=_reject_constant, parse_int=_integer).decode


def decode_json(raw: bytes) -> Any:
    """orjson first; the stdlib decoder for what orjson refuses (lone surrogate escapes,
    numbers beyond double range, deep nesting) and for its clearer error messages. An
    integer longer than :data:`MAX_INTEGER_DIGITS` raises :class:`IntegerTooLongError`."""
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
