"""Instances of a schema: the minimal valid one, one with a value placed at a site, and the
values at and past each bound.

These are the bodies the contract harness starts from and the tests send; they are built
here, once, from the schema alone (no field name, enum value or bound is written by hand).
Schemas are JSON Schema as :func:`seedance.spec.json_schema` returns them; references resolve
against ``root`` (default: the schema itself).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from seedance.spec import resolve_ref
from seedance.spec.bounds import BoundEdge, BoundKeyword, bound_edges
from seedance.spec.errors import SpecError
from seedance.spec.patterns import shortest_match
from seedance.spec.reach import InstancePath, Site, sites

_MAX_DEPTH = 32


@dataclass(frozen=True)
class Bound:
    """One bound at a site, and the instance values at (or just inside) it and one past it."""

    site: Site
    edge: BoundEdge
    inside: Any
    outside: Any

    @property
    def keyword(self) -> str:
        """The bound's JSON Schema keyword."""
        return self.edge.keyword.value

    @property
    def limit(self) -> Any:
        """The bound's limit."""
        return self.edge.limit

    @property
    def label(self) -> str:
        """``seed maximum=4294967295``-style text for test ids and messages."""
        return f"{self.site.label} {self.keyword}={self.limit}"


def validator_for(
    schema: dict[str, Any], root: dict[str, Any] | None = None
) -> Draft202012Validator:
    """A 2020-12 validator for ``schema`` whose ``$ref``s resolve against ``root``."""
    if root is None or schema is root:
        return Draft202012Validator(schema)
    return Draft202012Validator({**schema, "components": root.get("components", {})})


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


def _minimal(schema: Any, root: dict[str, Any], depth: int) -> Any:
    if depth > _MAX_DEPTH:
        raise SpecError(f"the schema nests deeper than {_MAX_DEPTH} levels")
    if not isinstance(schema, dict) or not schema:
        return None
    if "$ref" in schema:
        return _minimal(resolve_ref(root, {"$ref": schema["$ref"]}), root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for keyword in ("oneOf", "anyOf", "allOf"):
        if keyword in schema:
            whole = validator_for(schema, root)
            for sub in schema[keyword]:
                candidate = _minimal(sub, root, depth + 1)
                if whole.is_valid(candidate):
                    return candidate
            raise SpecError(f"no {keyword} branch of {schema!r} gives a valid instance")
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            name: _minimal(properties.get(name), root, depth + 1)
            for name in schema.get("required", [])
        }
    if kind == "array":
        item = _minimal(schema.get("items", {}), root, depth + 1)
        return [copy.deepcopy(item) for _ in range(int(schema.get("minItems", 0)))]
    if kind == "string":
        if "pattern" in schema:
            return shortest_match(schema["pattern"])
        return "a" * int(schema.get("minLength", 0))
    if kind in ("integer", "number"):
        return _minimal_number(schema, integer=kind == "integer")
    if kind == "boolean":
        return False
    return None


def minimal_instance(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """The simplest valid value for ``schema``: required members only, first enum value,
    first valid branch, lowest allowed size; :class:`SpecError` if it is not valid (a keyword
    this builder does not know)."""
    base = schema if root is None else root
    value = _minimal(schema, base, 0)
    errors = list(validator_for(schema, base).iter_errors(value))
    if errors:
        raise SpecError(
            f"the minimal instance {value!r} is not valid: {errors[0].message}; "
            "contract_tests/fakes/instances.py does not know that keyword yet"
        )
    return value


def enum_sites(schema: dict[str, Any], root: dict[str, Any] | None = None) -> list[Site]:
    """The places that carry an ``enum``, one per schema location."""
    found: dict[str, Site] = {}
    for site in sites(schema, root):
        if "enum" in site.schema:
            found.setdefault(site.pointer, site)
    return list(found.values())


def _built(site: Site, edge: BoundEdge, size: Any, root: dict[str, Any]) -> Any:
    if edge.keyword.numeric:
        return size
    if edge.keyword in (BoundKeyword.MIN_LENGTH, BoundKeyword.MAX_LENGTH):
        return "a" * size
    item = minimal_instance(site.schema.get("items", {}), root)
    return [copy.deepcopy(item) for _ in range(size)]


def bounds(schema: dict[str, Any], root: dict[str, Any] | None = None) -> list[Bound]:
    """Every bound of ``schema``'s places, with instance values at and past each edge."""
    base = schema if root is None else root
    found: dict[tuple[str, BoundKeyword], Bound] = {}
    for site in sites(schema, base):
        for edge in bound_edges(site.schema):
            inside = _built(site, edge, edge.inside, base)
            outside = _built(site, edge, edge.outside, base)
            found.setdefault((site.pointer, edge.keyword), Bound(site, edge, inside, outside))
    return list(found.values())


def _exists(instance: Any, path: InstancePath) -> bool:
    node = instance
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False
        elif not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _set(instance: Any, path: InstancePath, value: Any) -> Any:
    if not path:
        return value
    node = instance
    for part in path[:-1]:
        node = node[part]
    last = path[-1]
    if isinstance(last, int) and last == len(node):
        node.append(value)
    else:
        node[last] = value
    return instance


def instance_with(
    schema: dict[str, Any], site: Site, value: Any, root: dict[str, Any] | None = None
) -> Any:
    """A minimal instance of ``schema`` in which ``site`` holds ``value``."""
    base = schema if root is None else root
    instance = minimal_instance(schema, base)
    for path, sub, replace in site.steps:
        if replace or not _exists(instance, path):
            instance = _set(instance, path, minimal_instance(sub, base))
    return _set(instance, site.path, copy.deepcopy(value))
