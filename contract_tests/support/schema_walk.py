"""Find the places of a schema that hold an enum or a bound, and build instances around them.

A :class:`Site` is one place in the instances of a schema (``("media", 0, "type")``) with the
steps that make it exist in a minimal instance (materialise an optional member, pick a
``oneOf`` branch). Tests walk the bundle's schemas with :func:`sites` and build bodies with
:func:`instance_with`, so no field name, enum value or bound is written by hand.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seedance.spec import resolve_ref

from .schema_strategies import minimal_instance

__all__ = [
    "BOUND_KEYWORDS",
    "Bound",
    "Site",
    "bounds",
    "component_name",
    "enum_sites",
    "instance_with",
    "sites",
]

Path = tuple[str | int, ...]
BOUND_KEYWORDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
)
_NUMERIC = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_COMPONENT = re.compile(r"^#/components/schemas/(?P<name>[^/]+)$")


@dataclass(frozen=True)
class Site:
    """A place in instances of a schema, the subschema there, and how to reach it."""

    path: Path
    schema: dict[str, Any]
    pointer: str
    steps: tuple[tuple[Path, dict[str, Any], bool], ...]
    owner: str | None = None
    member: str | None = None

    @property
    def label(self) -> str:
        """``media[0].type``-style text for test ids and messages."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else f".{part}"
        return text.lstrip(".") or "<root>"


@dataclass(frozen=True)
class Bound:
    """One bound keyword at a site, a value just outside it and one at (or just inside) it."""

    site: Site
    keyword: str
    limit: Any
    outside: Any
    inside: Any

    @property
    def label(self) -> str:
        """``seed maximum=4294967295``-style text for test ids and messages."""
        return f"{self.site.label} {self.keyword}={self.limit}"


def component_name(pointer: str) -> str | None:
    """``VideoTask`` for ``#/components/schemas/VideoTask``, else None."""
    match = _COMPONENT.match(pointer)
    return match.group("name") if match else None


def _walk(
    schema: Any,
    root: dict[str, Any],
    path: Path,
    pointer: str,
    *,
    steps: tuple[tuple[Path, dict[str, Any], bool], ...],
    owner: tuple[str | None, str | None],
) -> Iterator[Site]:
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        pointer = schema["$ref"]
        schema = resolve_ref(root, schema)
    yield Site(path, schema, pointer, steps, owner[0], owner[1])
    for keyword in ("oneOf", "anyOf"):
        for i, branch in enumerate(schema.get(keyword, [])):
            step = (path, branch, True)
            where = f"{pointer}/{keyword}/{i}"
            yield from _walk(branch, root, path, where, steps=(*steps, step), owner=owner)
    for i, part in enumerate(schema.get("allOf", [])):
        yield from _walk(part, root, path, f"{pointer}/allOf/{i}", steps=steps, owner=owner)
    name = component_name(pointer)
    for member, sub in schema.get("properties", {}).items():
        where = (*path, member)
        yield from _walk(
            sub,
            root,
            where,
            f"{pointer}/properties/{member}",
            steps=(*steps, (where, sub, False)),
            owner=(name, member),
        )
    if isinstance(schema.get("items"), dict):
        where = (*path, 0)
        items = schema["items"]
        yield from _walk(
            items,
            root,
            where,
            f"{pointer}/items",
            steps=(*steps, (where, items, False)),
            owner=(None, None),
        )


def sites(schema: dict[str, Any], root: dict[str, Any] | None = None) -> list[Site]:
    """Every place of ``schema`` (depth first; refs resolved against ``root``)."""
    base = schema if root is None else root
    return list(_walk(schema, base, (), "#", steps=(), owner=(None, None)))


def enum_sites(schema: dict[str, Any], root: dict[str, Any] | None = None) -> list[Site]:
    """The places that carry an ``enum``, one per schema location."""
    found: dict[str, Site] = {}
    for site in sites(schema, root):
        if "enum" in site.schema:
            found.setdefault(site.pointer, site)
    return list(found.values())


def _outside(site: Site, keyword: str, limit: Any, root: dict[str, Any]) -> Any:
    if site.schema.get("type") == "integer" and keyword in _NUMERIC:  # stay an integer
        return {
            "minimum": math.ceil(limit) - 1,
            "maximum": math.floor(limit) + 1,
            "exclusiveMinimum": math.floor(limit),
            "exclusiveMaximum": math.ceil(limit),
        }[keyword]
    if keyword in ("maximum", "exclusiveMinimum"):
        return limit + 1 if keyword == "maximum" else limit
    if keyword in ("minimum", "exclusiveMaximum"):
        return limit - 1 if keyword == "minimum" else limit
    if keyword in ("maxLength", "minLength"):
        return "a" * (limit + 1 if keyword == "maxLength" else limit - 1)
    item = minimal_instance(site.schema.get("items", {}), root)
    count = limit + 1 if keyword == "maxItems" else limit - 1
    return [copy.deepcopy(item) for _ in range(count)]


def _inside(site: Site, keyword: str, limit: Any, root: dict[str, Any]) -> Any:
    """The value nearest ``limit`` that the bound accepts (the limit itself when inclusive)."""
    if keyword in _NUMERIC:
        upward = keyword in ("minimum", "exclusiveMinimum")
        if site.schema.get("type") == "integer":
            if keyword.startswith("exclusive"):
                return math.floor(limit) + 1 if upward else math.ceil(limit) - 1
            return math.ceil(limit) if upward else math.floor(limit)
        if keyword.startswith("exclusive"):
            return math.nextafter(limit, math.inf if upward else -math.inf)
        return limit
    if keyword in ("maxLength", "minLength"):
        return "a" * limit
    item = minimal_instance(site.schema.get("items", {}), root)
    return [copy.deepcopy(item) for _ in range(limit)]


def bounds(schema: dict[str, Any], root: dict[str, Any] | None = None) -> list[Bound]:
    """Every bound keyword of ``schema`` that a value can fall outside of."""
    base = schema if root is None else root
    found: dict[tuple[str, str], Bound] = {}
    for site in sites(schema, base):
        for keyword in BOUND_KEYWORDS:
            limit = site.schema.get(keyword)
            if limit is None or (keyword in ("minLength", "minItems") and limit == 0):
                continue
            bound = Bound(
                site,
                keyword,
                limit,
                outside=_outside(site, keyword, limit, base),
                inside=_inside(site, keyword, limit, base),
            )
            found.setdefault((site.pointer, keyword), bound)
    return list(found.values())


def _exists(instance: Any, path: Path) -> bool:
    node = instance
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False
        elif not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _set(instance: Any, path: Path, value: Any) -> Any:
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
