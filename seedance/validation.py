"""Request-body validation compiled once from the bundle's JSON Schema.

One module for the mock (which answers 400 with these problems) and the SDK (which raises
them before sending anything, so an invalid request is never paid for).

The fast path is ``jsonschema_rs`` (a compiled validator, well under a microsecond for a
valid body); only when a body is invalid does the pure-Python ``jsonschema`` validator walk
it again to explain, per problem, the field, the rule and the value. Every rule comes from
the schema: this module names no field, enum value or bound.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError

_MAX_VALUE_CHARS = 60
_MAX_MESSAGE_CHARS = 400
_SIZE_RULES = {
    "maxLength": "is too long",
    "minLength": "is too short",
    "maxItems": "has too many items",
    "minItems": "has too few items",
    "maxProperties": "has too many properties",
    "minProperties": "has too few properties",
}
_CHOICE_RULES = ("oneOf", "anyOf")
_DISCRIMINATING_RULES = ("enum", "const")


@dataclass(frozen=True)
class Problem:
    """One reason a body is invalid: where, which rule, and a readable sentence."""

    field: str
    rule: str
    message: str

    def as_json(self) -> dict[str, str]:
        """The problem as it appears in the error body's ``data``."""
        return {"field": self.field, "rule": self.rule, "message": self.message}


def _short(value: Any) -> str:
    text = repr(value)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 1] + "…"
    return text


def format_path(parts: Iterable[str | int]) -> str:
    """``["media", 1, "url"]`` -> ``media[1].url``; the root is ``body``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def _sentence(error: ValidationError) -> str:
    rule = str(error.validator)
    if rule in _SIZE_RULES:
        return f"{_short(error.instance)} {_SIZE_RULES[rule]} ({rule} {error.validator_value})"
    message = str(error.message)
    if len(message) > _MAX_MESSAGE_CHARS:
        message = message[: _MAX_MESSAGE_CHARS - 1] + "…"
    return message


def _problem(
    error: ValidationError, prefix: tuple[str | int, ...] = (), suffix: str = ""
) -> Problem:
    where = format_path((*prefix, *error.relative_path))
    return Problem(where, str(error.validator), f"{where}: {_sentence(error)}{suffix}")


def _discriminator_miss(error: ValidationError) -> str | int | None:
    """The property an alternative rejected by enum/const (the discriminator), if so."""
    if error.validator in _DISCRIMINATING_RULES and len(error.relative_path) == 1:
        key: str | int = error.relative_path[0]
        return key
    return None


def _explain_choice(error: ValidationError) -> list[Problem]:
    """Explain a failed oneOf/anyOf through the alternative the item's own tag selects."""
    where = tuple(error.absolute_path)
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context or []:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    selected = [
        errors
        for errors in branches.values()
        if not any(_discriminator_miss(e) is not None for e in errors)
    ]
    misses = [(_discriminator_miss(e), e) for errors in branches.values() for e in errors]
    tags = {key for key, _ in misses if key is not None}
    instance = error.instance
    if len(selected) == 1 and len(tags) == 1 and isinstance(instance, dict):
        tag = next(iter(tags))
        suffix = f" for {tag} {instance.get(tag)!r}" if tag in instance else ""
        return [_problem(sub, where, suffix) for sub in selected[0]]
    if not selected and len(tags) == 1 and isinstance(instance, dict):
        tag = next(iter(tags))
        allowed: list[Any] = []
        for key, sub in misses:
            if key == tag:
                rule_value: Any = sub.validator_value
                values = list(rule_value) if sub.validator == "enum" else [rule_value]
                allowed.extend(v for v in values if v not in allowed)
        field = format_path((*where, tag))
        return [
            Problem(
                field,
                "enum",
                f"{field}: {_short(instance.get(tag))} is not one of {allowed!r}",
            )
        ]
    first = min(error.context or [error], key=lambda e: len(e.relative_path))
    if first is error:
        return [_problem(error)]
    return [_problem(first, where)]


def _explain(error: ValidationError) -> list[Problem]:
    if error.validator in _CHOICE_RULES and error.context:
        return _explain_choice(error)
    return [_problem(error)]


class RequestValidator:
    """A JSON Schema compiled once; ``problems(body)`` is empty for a valid body."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self._fast = jsonschema_rs.validator_for(schema)
        jsonschema.Draft202012Validator.check_schema(schema)
        self._slow = jsonschema.Draft202012Validator(schema)

    def is_valid(self, body: Any) -> bool:
        """The compiled validator's verdict (``False`` also when it cannot take a value)."""
        try:
            return bool(self._fast.is_valid(body))
        except (ValueError, TypeError, OverflowError):
            return False

    def problems(self, body: Any) -> list[Problem]:
        """Nothing when ``body`` is valid, else one :class:`Problem` per failed rule."""
        try:
            if self._fast.is_valid(body):
                return []
        except (ValueError, TypeError, OverflowError):
            pass  # values the compiled validator cannot take: the reference decides
        return self.explain(body)

    def explain(self, body: Any) -> list[Problem]:
        """One :class:`Problem` per rule ``body`` breaks, by the reference validator (for a
        body :meth:`is_valid` already refused)."""
        errors = sorted(
            self._slow.iter_errors(body),
            key=lambda e: (list(map(str, e.absolute_path)), e.validator),
        )
        found: list[Problem] = []
        for error in errors:
            found.extend(_explain(error))
        return found
