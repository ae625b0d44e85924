"""Walk schemas: every place of a schema's instances, and every schema the operations reach.

A :class:`Site` is one place in the instances of a schema (``("media", 0, "type")``), the
schema there (references followed), where that schema sits in the document, the steps that
make the place exist in a minimal instance (materialise an optional member, pick a ``oneOf``
branch) and, for a union member, the union's members. :func:`sites` lists the places of one
schema (the tests build bodies around them); :func:`reachable` lists, once each, the schemas
that an OpenAPI document's operations reach (drift's lint checks their prose).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from seedance._bundle import HTTP_METHODS, resolve_ref_at
from seedance.spec.pointer import join

InstancePath = tuple[str | int, ...]
#: How a place comes to exist: (its path, its schema, whether it replaces what is there).
Step = tuple[InstancePath, dict[str, Any], bool]
_COMPONENT = re.compile(r"^#?/components/schemas/(?P<name>[^/]+)$")


@dataclass(frozen=True)
class Site:
    """A place in instances of a schema, the subschema there, and how to reach it."""

    path: InstancePath
    schema: dict[str, Any]
    pointer: str
    steps: tuple[Step, ...] = ()
    owner: str | None = None
    member: str | None = None
    union: tuple[dict[str, Any], ...] = field(default=(), repr=False)

    @property
    def label(self) -> str:
        """``media[0].type``-style text for test ids and messages."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else f".{part}"
        return text.lstrip(".") or "<root>"


def component_name(pointer: str) -> str | None:
    """``VideoTask`` for ``#/components/schemas/VideoTask`` (or its JSON pointer), else None."""
    match = _COMPONENT.match(pointer)
    return match.group("name") if match else None


def _walk(
    root: dict[str, Any],
    raw: Any,
    site: Site,
    seen: set[str] | None,
    stack: frozenset[str],
) -> Iterator[Site]:
    schema, pointer = resolve_ref_at(root, raw, site.pointer, None)
    if not isinstance(schema, dict) or pointer in stack:
        return
    if seen is not None:
        if pointer in seen:
            return
        seen.add(pointer)
    here = Site(site.path, schema, pointer, site.steps, site.owner, site.member, site.union)
    yield here
    stack |= {pointer}
    name = component_name(pointer)
    for member, sub in (schema.get("properties") or {}).items():
        where = (*site.path, member)
        child = Site(
            where,
            {},
            join(pointer, "properties", member),
            (*site.steps, (where, sub, False)),
            name,
            member,
        )
        yield from _walk(root, sub, child, seen, stack)
    for keyword in ("items", "additionalProperties"):
        sub = schema.get(keyword)
        if isinstance(sub, dict):
            where = (*site.path, 0 if keyword == "items" else "*")
            steps = (*site.steps, (where, sub, False))
            yield from _walk(root, sub, Site(where, {}, join(pointer, keyword), steps), seen, stack)
    for keyword in ("oneOf", "anyOf", "allOf"):
        members = schema.get(keyword) or []
        union = tuple(
            m
            for m in (resolve_ref_at(root, m, "", None)[0] for m in members)
            if isinstance(m, dict)
        )
        for index, member in enumerate(members):
            at = join(pointer, keyword, index)
            if keyword == "allOf":
                child = Site(site.path, {}, at, site.steps, site.owner, site.member)
            else:
                steps = (*site.steps, (site.path, member, True))
                child = Site(site.path, {}, at, steps, site.owner, site.member, union)
            yield from _walk(root, member, child, seen, stack)


def sites(schema: dict[str, Any], root: dict[str, Any] | None = None) -> list[Site]:
    """Every place of ``schema`` (depth first; references resolved against ``root``, default
    ``schema`` itself, as for the schemas :func:`seedance.spec.json_schema` returns)."""
    base = schema if root is None else root
    return list(_walk(base, schema, Site((), {}, ""), None, frozenset()))


@dataclass
class Reached:
    """The schemas an OpenAPI document's operations reach, once each, keyed by pointer, and
    their parameters (pointer, resolved parameter object)."""

    schemas: dict[str, Site] = field(default_factory=dict)
    params: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _media_schemas(doc: dict[str, Any], raw: Any, pointer: str) -> Iterator[tuple[Any, str]]:
    owner, where = resolve_ref_at(doc, raw, pointer, None)
    if isinstance(owner, dict):
        for media, content in (owner.get("content") or {}).items():
            yield (content or {}).get("schema"), join(where, "content", media, "schema")


def reachable(doc: dict[str, Any]) -> Reached:
    """Every schema reachable from ``doc``'s operations (parameters, request and response
    bodies), references followed; a component nothing refers to is not listed."""
    found = Reached()
    seen: set[str] = set()

    def visit(raw: Any, pointer: str) -> None:
        for site in _walk(doc, raw, Site((), {}, pointer), seen, frozenset()):
            found.schemas[site.pointer] = site

    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            base = join("/paths", path, method)
            raw_params = (item.get("parameters") or []) + (op.get("parameters") or [])
            for index, raw in enumerate(raw_params):
                param, where = resolve_ref_at(doc, raw, join(base, "parameters", index), None)
                if isinstance(param, dict):
                    found.params.append((where, param))
                    visit(param.get("schema"), join(where, "schema"))
            for schema, where in _media_schemas(
                doc, op.get("requestBody"), join(base, "requestBody")
            ):
                visit(schema, where)
            for status, raw in (op.get("responses") or {}).items():
                for schema, where in _media_schemas(doc, raw, join(base, "responses", str(status))):
                    visit(schema, where)
    return found
