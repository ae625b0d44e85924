"""Hypothesis strategies for the JSON Schemas that :func:`seedance.spec.json_schema` produces.

The tests build every example payload from the bundle's own schemas instead of typing field
lists by hand. This covers the JSON Schema vocabulary the bundle uses; any other keyword raises
:class:`UnsupportedSchemaError` (naming the keyword and where it is), so a constraint is never
silently ignored. Every generated value is meant to be valid; callers still validate with
:mod:`jsonschema`, so a bug here shows up as a failing test, not as a false pass.

Unknown extra object members are generated under keys that start with :data:`EXTRA_PREFIX`,
so they can never collide with a property the spec declares somewhere else.
"""

from __future__ import annotations

import copy
import functools
import math
from typing import Any

from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from seedance.spec import resolve_ref

__all__ = [
    "EXTRA_PREFIX",
    "UnsupportedSchemaError",
    "any_json",
    "from_json_schema",
    "minimal_instance",
    "validator_for",
]

EXTRA_PREFIX = "x_extra_"
_INT64 = (-(2**63), 2**63 - 1)
_ANNOTATIONS = {
    "$schema",
    "components",
    "default",
    "deprecated",
    "description",
    "example",
    "examples",
    "format",
    "readOnly",
    "title",
    "writeOnly",
}
_HANDLED = {
    "$ref",
    "additionalProperties",
    "allOf",
    "anyOf",
    "const",
    "enum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "items",
    "maxItems",
    "maxLength",
    "maximum",
    "minItems",
    "minLength",
    "minimum",
    "oneOf",
    "pattern",
    "properties",
    "required",
    "type",
}
_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_MAX_DEPTH = 32


class UnsupportedSchemaError(Exception):
    """The schema uses a keyword this generator does not implement."""


def validator_for(
    schema: dict[str, Any], root: dict[str, Any] | None = None
) -> Draft202012Validator:
    """A 2020-12 validator for ``schema`` whose ``$ref``s resolve against ``root`` (default:
    ``schema`` itself, as for the schemas :func:`seedance.spec.json_schema` returns)."""
    if root is None or schema is root:
        return Draft202012Validator(schema)
    return Draft202012Validator({**schema, "components": root.get("components", {})})


def any_json(max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """Any JSON value (finite numbers, UTF-8 encodable text)."""
    scalars = st.none() | st.booleans() | st.integers() | _TEXT
    scalars |= st.floats(allow_nan=False, allow_infinity=False)
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(_TEXT, children, max_size=3)
        ),
        max_leaves=max_leaves,
    )


def _extra_members() -> st.SearchStrategy[dict[str, Any]]:
    keys = st.text(st.characters(codec="ascii", categories=["L", "N"]), max_size=8)
    return st.dictionaries(keys.map(lambda k: EXTRA_PREFIX + k), any_json(), max_size=2)


def _check_keywords(schema: dict[str, Any], where: str) -> None:
    unknown = sorted(k for k in schema if k not in _HANDLED | _ANNOTATIONS)
    if unknown:
        raise UnsupportedSchemaError(
            f"{where}: keyword(s) {unknown} are not implemented by "
            "contract_tests/support/schema_strategies.py; extend it rather than ignore them"
        )


def _string(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    min_size = int(schema.get("minLength", 0))
    max_size = schema.get("maxLength")
    if "pattern" in schema:
        strategy: st.SearchStrategy[str] = st.from_regex(schema["pattern"], fullmatch=True)
        if min_size or max_size is not None:
            strategy = strategy.filter(
                lambda s: len(s) >= min_size and (max_size is None or len(s) <= max_size)
            )
        return strategy
    upper = min_size + 12 if max_size is None else int(max_size)
    return st.text(st.characters(codec="utf-8"), min_size=min_size, max_size=upper)


def _number(schema: dict[str, Any], *, integer: bool) -> st.SearchStrategy[Any]:
    low = schema.get("minimum")
    high = schema.get("maximum")
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + 1 if integer else schema["exclusiveMinimum"]
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - 1 if integer else schema["exclusiveMaximum"]
    if integer:
        if schema.get("format") == "int64":
            low = _INT64[0] if low is None else max(low, _INT64[0])
            high = _INT64[1] if high is None else min(high, _INT64[1])
        return st.integers(
            min_value=None if low is None else math.ceil(low),
            max_value=None if high is None else math.floor(high),
        )
    return st.floats(
        min_value=low,
        max_value=high,
        allow_nan=False,
        allow_infinity=False,
        exclude_min="exclusiveMinimum" in schema,
        exclude_max="exclusiveMaximum" in schema,
    )


def _object(
    schema: dict[str, Any], root: dict[str, Any], where: str, depth: int, extras: bool
) -> st.SearchStrategy[Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    missing = required - set(properties)
    if missing:
        raise UnsupportedSchemaError(f"{where}: required {sorted(missing)} without a schema")
    fixed = {
        name: _build(sub, root, f"{where}/properties/{name}", depth + 1, extras)
        for name, sub in properties.items()
        if name in required
    }
    optional = {
        name: _build(sub, root, f"{where}/properties/{name}", depth + 1, extras)
        for name, sub in properties.items()
        if name not in required
    }
    additional = schema.get("additionalProperties", True)
    if additional is False or not extras:
        extra: st.SearchStrategy[dict[str, Any]] = st.just({})
    elif additional is True:
        extra = _extra_members()
    else:
        values = _build(additional, root, f"{where}/additionalProperties", depth + 1, extras)
        keys = st.text(st.characters(codec="ascii", categories=["L", "N"]), max_size=8)
        extra = st.dictionaries(keys.map(lambda k: EXTRA_PREFIX + k), values, max_size=2)
    return st.builds(
        lambda a, b, c: {**c, **a, **b},
        st.fixed_dictionaries(fixed),
        st.fixed_dictionaries({}, optional=optional),
        extra,
    )


def _typed(
    schema: dict[str, Any],
    kind: str,
    root: dict[str, Any],
    where: str,
    *,
    depth: int,
    extras: bool,
) -> st.SearchStrategy[Any]:
    if kind == "object":
        return _object(schema, root, where, depth, extras)
    if kind == "array":
        items = schema.get("items", {})
        element = _build(items, root, f"{where}/items", depth + 1, extras)
        min_size = int(schema.get("minItems", 0))
        max_size = int(schema.get("maxItems", min_size + 3))
        return st.lists(element, min_size=min_size, max_size=max_size)
    if kind == "string":
        return _string(schema)
    if kind in ("integer", "number"):
        return _number(schema, integer=kind == "integer")
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    raise UnsupportedSchemaError(f"{where}: unknown type {kind!r}")


def _build(
    schema: Any, root: dict[str, Any], where: str, depth: int, extras: bool
) -> st.SearchStrategy[Any]:
    if depth > _MAX_DEPTH:
        raise UnsupportedSchemaError(f"{where}: schema nests deeper than {_MAX_DEPTH} levels")
    if schema is True or schema == {}:
        return any_json()
    if not isinstance(schema, dict):
        raise UnsupportedSchemaError(f"{where}: expected a schema object, got {schema!r}")
    _check_keywords(schema, where)
    if "$ref" in schema:
        target = resolve_ref(root, {"$ref": schema["$ref"]})
        return _build(target, root, schema["$ref"], depth + 1, extras)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for keyword in ("oneOf", "anyOf", "allOf"):
        if keyword in schema:
            whole = validator_for(schema, root)
            branches = [
                _build(sub, root, f"{where}/{keyword}/{i}", depth + 1, extras)
                for i, sub in enumerate(schema[keyword])
            ]
            return st.one_of(branches).filter(whole.is_valid)
    kinds = schema.get("type")
    if kinds is None:
        return any_json()
    if isinstance(kinds, list):
        return st.one_of(
            [_typed(schema, k, root, where, depth=depth, extras=extras) for k in kinds]
        )
    return _typed(schema, kinds, root, where, depth=depth, extras=extras)


def from_json_schema(
    schema: dict[str, Any], root: dict[str, Any] | None = None, *, extras: bool = True
) -> st.SearchStrategy[Any]:
    """Values valid against ``schema`` (refs resolved against ``root``, default ``schema``).

    ``extras=False`` leaves out unknown extra object members.
    """
    return _build(schema, schema if root is None else root, "#", 0, extras)


@functools.cache
def _shortest_match(pattern: str) -> str:
    text: str = find(
        st.from_regex(pattern, fullmatch=True),
        lambda _: True,
        settings=settings(database=None, derandomize=True, suppress_health_check=list(HealthCheck)),
    )
    return text


def _minimal(schema: Any, root: dict[str, Any], where: str, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        raise UnsupportedSchemaError(f"{where}: schema nests deeper than {_MAX_DEPTH} levels")
    if schema is True or schema == {}:
        return None
    _check_keywords(schema, where)
    if "$ref" in schema:
        return _minimal(
            resolve_ref(root, {"$ref": schema["$ref"]}), root, schema["$ref"], depth + 1
        )
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for keyword in ("oneOf", "anyOf", "allOf"):
        if keyword in schema:
            whole = validator_for(schema, root)
            for i, sub in enumerate(schema[keyword]):
                candidate = _minimal(sub, root, f"{where}/{keyword}/{i}", depth + 1)
                if whole.is_valid(candidate):
                    return candidate
            raise UnsupportedSchemaError(f"{where}: no {keyword} branch gives a valid instance")
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            name: _minimal(properties[name], root, f"{where}/properties/{name}", depth + 1)
            for name in schema.get("required", [])
        }
    if kind == "array":
        item = _minimal(schema.get("items", {}), root, f"{where}/items", depth + 1)
        return [copy.deepcopy(item) for _ in range(int(schema.get("minItems", 0)))]
    if kind == "string":
        if "pattern" in schema:
            return _shortest_match(schema["pattern"])
        return "a" * int(schema.get("minLength", 0))
    if kind in ("integer", "number"):
        return _minimal_number(schema, integer=kind == "integer")
    if kind == "boolean":
        return False
    return None


def _minimal_number(schema: dict[str, Any], *, integer: bool) -> int | float:
    """0 if allowed, else the allowed value nearest to it (one step inside an exclusive
    bound: 1 for integers, 1 or half the gap for numbers)."""
    value: int | float = 0
    if "minimum" in schema and value < schema["minimum"]:
        value = math.ceil(schema["minimum"]) if integer else schema["minimum"]
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        edge = schema["exclusiveMinimum"]
        value = math.floor(edge) + 1 if integer else edge + 1
    if "maximum" in schema and value > schema["maximum"]:
        value = math.floor(schema["maximum"]) if integer else schema["maximum"]
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        edge = schema["exclusiveMaximum"]
        value = math.ceil(edge) - 1 if integer else edge - 1
    return value


def minimal_instance(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """The simplest valid value for ``schema``: required members only, first enum value,
    first valid branch, lowest allowed size; checked against the schema before returning."""
    base = schema if root is None else root
    value = _minimal(schema, base, "#", 0)
    errors = list(validator_for(schema, base).iter_errors(value))
    if errors:
        raise UnsupportedSchemaError(
            f"the minimal instance {value!r} is not valid: {errors[0].message}; "
            "extend contract_tests/support/schema_strategies.py"
        )
    return value
