"""Compare two JSON schemas of one request or response, with oasdiff's check ids and levels.

References are followed on both sides, so a change inside a component is reported where it
bites (the request or response property, ``location``) and where it was made (the component,
``component``). Levels depend on the direction: a request change breaks clients when it
rejects what they used to send (a bound tightened, an enum value removed), a response change
when it sends what they could not parse (an enum value added, a bound loosened).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from seedance.drift.linkage import LINKAGE_KEY, LINKAGE_LEVELS, linkage_diffs
from seedance.drift.model import Change
from seedance.drift.pointer import (
    MISSING,
    join,
    prose,
    ref_pointer,
    resolve,
    same,
    scalar_key,
    short,
)
from seedance.drift.prose import word_diff
from seedance.spec.levels import Level

# kind -> (level for requests and parameters, level for responses and response headers)
_LEVELS: dict[str, tuple[str, str]] = {
    "enum-value-removed": ("error", "info"),
    "enum-value-added": ("info", "error"),
    "became-enum": ("error", "info"),
    "became-not-enum": ("info", "warning"),
    "type-changed": ("error", "error"),
    "type-generalized": ("info", "error"),
    "pattern-added": ("error", "info"),
    "pattern-changed": ("warning", "warning"),
    "pattern-removed": ("info", "error"),
    "default-value-changed": ("info", "info"),
    "default-value-added": ("info", "info"),
    "default-value-removed": ("info", "info"),
    "became-nullable": ("info", "error"),
    "became-not-nullable": ("error", "info"),
    "one-of-added": ("info", "error"),
    "one-of-removed": ("error", "info"),
    "any-of-added": ("info", "error"),
    "any-of-removed": ("error", "info"),
    "all-of-added": ("error", "info"),
    "all-of-removed": ("info", "error"),
    "discriminator-changed": ("info", "info"),
    "additional-properties-changed": ("warning", "warning"),
    "became-required": ("error", "info"),
    "became-optional": ("info", "error"),
    "deprecated": ("info", "info"),
    "reactivated": ("info", "info"),
    "description-changed": ("info", "info"),
    "title-changed": ("info", "info"),
    "example-changed": ("info", "info"),
    "extension-changed": ("info", "info"),
    "reference-changed": ("info", "info"),
    "schema-reference-broken": ("error", "error"),
    "schema-changed": ("info", "info"),
    **LINKAGE_LEVELS,
}
# (keyword, is an upper bound, check-id stem)
_BOUNDS = (
    ("maximum", True, "max"),
    ("minimum", False, "min"),
    ("exclusiveMaximum", True, "exclusive-max"),
    ("exclusiveMinimum", False, "exclusive-min"),
    ("maxLength", True, "max-length"),
    ("minLength", False, "min-length"),
    ("maxItems", True, "max-items"),
    ("minItems", False, "min-items"),
)
for _keyword, _upper, _stem in _BOUNDS:
    # Tightening a request bound rejects old requests (error); newly setting one may (warning);
    # loosening is harmless (info). For responses it is the mirror image.
    _LEVELS[f"{_stem}-{'decreased' if _upper else 'increased'}"] = ("error", "info")
    _LEVELS[f"{_stem}-{'increased' if _upper else 'decreased'}"] = ("info", "error")
    _LEVELS[f"{_stem}-set"] = ("warning", "info")
    _LEVELS[f"{_stem}-unset"] = ("info", "error")

_HANDLED = frozenset(
    {
        "$ref",
        "type",
        "format",
        "enum",
        "pattern",
        "default",
        "nullable",
        "properties",
        "required",
        "items",
        "oneOf",
        "anyOf",
        "allOf",
        "discriminator",
        "additionalProperties",
        "description",
        "title",
        "example",
        "examples",
        "deprecated",
        LINKAGE_KEY,
    }
    | {keyword for keyword, _, _ in _BOUNDS}
)
_INFO_KEYWORDS = {"description": "description-changed", "title": "title-changed"}
_PREFIX = {
    ("request", True): "request-body-",
    ("request", False): "request-property-",
    ("response", True): "response-body-",
    ("response", False): "response-property-",
    ("parameter", True): "request-parameter-",
    ("parameter", False): "request-parameter-property-",
    ("header", True): "response-header-",
    ("header", False): "response-header-property-",
}


@dataclass(frozen=True)
class SchemaSite:
    """Where a schema is used: direction, operation (``POST /v1/videos``) and a human label."""

    direction: str  # request | response | parameter | header
    operation: str
    where: str


def _types(schema: dict[str, Any]) -> frozenset[str]:
    value = schema.get("type")
    types = set(value) if isinstance(value, list) else ({value} if value else set())
    if schema.get("nullable") is True:
        types.add("null")
    return frozenset(str(t) for t in types)


@dataclass(frozen=True)
class _At:
    """Where the walk is: property path, pointer where it bites, pointer in its component."""

    path: tuple[str, ...]
    location: str
    component: str = ""

    def child(self, *tokens: str | int, name: str | None = None) -> _At:
        return _At(
            (*self.path, name) if name is not None else self.path,
            join(self.location, *tokens),
            join(self.component, *tokens) if self.component else "",
        )


@dataclass(frozen=True)
class _Diff:
    """One difference to report: what kind, under which keyword, old and new values."""

    kind: str
    keyword: str
    text: str
    old: Any
    new: Any
    check_id: str | None = None
    level: str | None = None
    detail: str = ""  # replaces the ``(old -> new)`` rendering (word-level prose diffs)


class SchemaComparer:
    """Walks two schemas side by side and reports every classified difference."""

    def __init__(
        self,
        old_doc: dict[str, Any],
        new_doc: dict[str, Any],
        site: SchemaSite,
        emit: Callable[[Change], None],
    ) -> None:
        self._old_doc = old_doc
        self._new_doc = new_doc
        self._site = site
        self._emit = emit
        self._response_side = site.direction in ("response", "header")

    def _report(self, at: _At, d: _Diff) -> None:
        level = d.level
        if level is None:
            levels = _LEVELS[d.kind]
            level = levels[1] if self._response_side else levels[0]
        prefix = _PREFIX[(self._site.direction, not at.path)]
        subject = self._site.where + (f" property '{'/'.join(at.path)}'" if at.path else "")
        op = f"{self._site.operation}: " if self._site.operation else ""
        here = at.child(d.keyword) if d.keyword else at
        self._emit(
            Change(
                id=d.check_id or prefix + d.kind,
                level=Level(level),
                location=here.location,
                component=here.component,
                message=f"{op}{subject}: {d.text}"
                + (f": {d.detail}" if d.detail else f" ({short(d.old)} -> {short(d.new)})"),
                operation=self._site.operation,
                old=None if d.old is MISSING else d.old,
                new=None if d.new is MISSING else d.new,
            )
        )

    def compare(self, old: Any, new: Any, location: str) -> None:
        """Compare ``old`` (in the vendored doc) with ``new`` (in the published one)."""
        self._compare(old, new, _At((), location), frozenset())

    def _compare(self, old: Any, new: Any, at: _At, visiting: frozenset[tuple[str, str]]) -> None:
        old_ref = old.get("$ref") if isinstance(old, dict) else None
        new_ref = new.get("$ref") if isinstance(new, dict) else None
        if old_ref or new_ref:
            self._follow(old, new, at, visiting)
            return
        if not isinstance(old, dict) or not isinstance(new, dict):
            if not same(old, new):
                self._report(at, _Diff("schema-changed", "", "schema replaced", old, new))
            return
        self._compare_type(old, new, at)
        self._compare_enum(old, new, at)
        self._compare_bounds(old, new, at)
        self._compare_scalars(old, new, at)
        self._compare_properties(old, new, at, visiting)
        self._compare_composition(old, new, at, visiting)
        old_items, new_items = old.get("items", MISSING), new.get("items", MISSING)
        if old_items is not MISSING and new_items is not MISSING:
            self._compare(old_items, new_items, at.child("items", name="items"), visiting)
        elif old_items is not new_items:
            verb = "added" if old_items is MISSING else "removed"
            self._report(
                at, _Diff("schema-changed", "items", f"items {verb}", old_items, new_items)
            )
        self._compare_linkage(old, new, at)
        self._compare_rest(old, new, at)

    def _follow(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        at: _At,
        visiting: frozenset[tuple[str, str]],
    ) -> None:
        old_ref = old.get("$ref") if isinstance(old, dict) else None
        new_ref = new.get("$ref") if isinstance(new, dict) else None
        key = (str(old_ref), str(new_ref))
        if key in visiting:
            return
        if old_ref and new_ref and old_ref != new_ref:
            self._report(
                at,
                _Diff(
                    "reference-changed", "$ref", "now refers to another schema", old_ref, new_ref
                ),
            )
        old_t = resolve(self._old_doc, old_ref) if isinstance(old_ref, str) else old
        new_t = resolve(self._new_doc, new_ref) if isinstance(new_ref, str) else new
        if new_t is MISSING:
            text = "the reference does not resolve in the published spec"
            self._report(
                at,
                _Diff(
                    "schema-reference-broken",
                    "$ref",
                    text,
                    old_ref,
                    new_ref,
                    "schema-reference-broken",
                ),
            )
            return
        if old_t is MISSING:
            return  # the vendored spec was already broken here; nothing to compare against
        target = new_ref if isinstance(new_ref, str) else str(old_ref)
        self._compare(
            old_t, new_t, _At(at.path, at.location, ref_pointer(target)), visiting | {key}
        )

    def _compare_type(self, old: dict[str, Any], new: dict[str, Any], at: _At) -> None:
        old_types, new_types = _types(old) - {"null"}, _types(new) - {"null"}
        before, after = old.get("type", MISSING), new.get("type", MISSING)
        if old_types != new_types and old_types and new_types:
            generalized = old_types == {"integer"} and new_types == {"number"}
            kind = "type-generalized" if generalized else "type-changed"
            self._report(at, _Diff(kind, "type", "type changed", before, after))
        elif old_types != new_types:
            text = "type " + ("set" if new_types else "removed")
            self._report(at, _Diff("type-changed", "type", text, before, after))
        old_f, new_f = old.get("format", MISSING), new.get("format", MISSING)
        if not same(old_f, new_f):
            self._report(at, _Diff("type-changed", "format", "format changed", old_f, new_f))
        old_null = "null" in _types(old)
        new_null = "null" in _types(new)
        if old_null != new_null:
            kind = "became-nullable" if new_null else "became-not-nullable"
            self._report(at, _Diff(kind, "nullable", kind.replace("-", " "), old_null, new_null))

    def _compare_enum(self, old: dict[str, Any], new: dict[str, Any], at: _At) -> None:
        old_enum, new_enum = old.get("enum"), new.get("enum")
        if old_enum is None and new_enum is None:
            return
        if old_enum is None:
            self._report(at, _Diff("became-enum", "enum", "became an enum", MISSING, new_enum))
            return
        if new_enum is None:
            self._report(
                at, _Diff("became-not-enum", "enum", "is no longer an enum", old_enum, MISSING)
            )
            return
        old_keys = {scalar_key(v): v for v in old_enum}
        new_keys = {scalar_key(v): v for v in new_enum}
        for key in sorted(set(old_keys) - set(new_keys)):
            text = f"enum value {old_keys[key]!r} removed"
            self._report(at, _Diff("enum-value-removed", "enum", text, old_enum, new_enum))
        why = (
            "; the generated client checks response literals and raises on unknown values"
            if self._response_side
            else ""
        )
        for key in sorted(set(new_keys) - set(old_keys)):
            text = f"enum value {new_keys[key]!r} added{why}"
            self._report(at, _Diff("enum-value-added", "enum", text, old_enum, new_enum))

    def _compare_bounds(self, old: dict[str, Any], new: dict[str, Any], at: _At) -> None:
        for keyword, _upper, stem in _BOUNDS:
            old_v, new_v = old.get(keyword, MISSING), new.get(keyword, MISSING)
            if isinstance(old_v, bool) or isinstance(new_v, bool):  # OpenAPI 3.0 exclusive flags
                old_v = MISSING if old_v in (MISSING, False) else old_v
                new_v = MISSING if new_v in (MISSING, False) else new_v
            if same(old_v, new_v):
                continue
            if old_v is MISSING:
                kind, text = f"{stem}-set", f"{keyword} set"
            elif new_v is MISSING:
                kind, text = f"{stem}-unset", f"{keyword} removed"
            elif isinstance(old_v, int | float) and isinstance(new_v, int | float):
                verb = "increased" if new_v > old_v else "decreased"
                kind, text = f"{stem}-{verb}", f"{keyword} {verb}"
            else:
                kind, text = "schema-changed", f"{keyword} changed"
            self._report(at, _Diff(kind, keyword, text, old_v, new_v))

    def _compare_scalars(self, old: dict[str, Any], new: dict[str, Any], at: _At) -> None:
        for keyword in ("pattern", "default"):
            before, after = old.get(keyword, MISSING), new.get(keyword, MISSING)
            if same(before, after):
                continue
            stem = "pattern" if keyword == "pattern" else "default-value"
            verb = "added" if before is MISSING else "removed" if after is MISSING else "changed"
            kind = f"{stem}-{verb}"
            self._report(at, _Diff(kind, keyword, kind.replace("-", " "), before, after))
        for keyword, kind in _INFO_KEYWORDS.items():
            before, after = old.get(keyword, MISSING), new.get(keyword, MISSING)
            if not same(before, after, keyword):
                text = f"{keyword} changed"
                shown = word_diff(before, after)
                diff = _Diff(kind, keyword, text, prose(before), prose(after), detail=shown)
                self._report(at, diff)
        for keyword in ("example", "examples"):
            before, after = old.get(keyword, MISSING), new.get(keyword, MISSING)
            if not same(before, after):
                self._report(
                    at, _Diff("example-changed", keyword, f"{keyword} changed", before, after)
                )
        old_dep, new_dep = bool(old.get("deprecated")), bool(new.get("deprecated"))
        if old_dep != new_dep:
            kind = "deprecated" if new_dep else "reactivated"
            self._report(at, _Diff(kind, "deprecated", kind, old_dep, new_dep))

    def _property_added(self, at: _At, name: str, schema: Any, required: bool) -> None:
        state = "required" if required else "optional"
        if self._response_side:
            check, level = f"response-{state}-property-added", "info"
        else:
            check, level = f"new-{state}-request-property", "error" if required else "info"
        text = f"{state} property added"
        self._report(at, _Diff("schema-changed", "", text, MISSING, schema, check, level))

    def _property_removed(self, at: _At, name: str, schema: Any, was_required: bool) -> None:
        # A request property removed may now be rejected or ignored (oasdiff: warning); a
        # required response property removed breaks parsing (error).
        if not self._response_side:
            check, level = "request-property-removed", "warning"
        elif was_required:
            check, level = "response-required-property-removed", "error"
        else:
            check, level = "response-optional-property-removed", "info"
        self._report(
            at, _Diff("schema-changed", "", "property removed", schema, MISSING, check, level)
        )

    def _compare_properties(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        at: _At,
        visiting: frozenset[tuple[str, str]],
    ) -> None:
        old_props = old.get("properties") or {}
        new_props = new.get("properties") or {}
        old_req = set(old.get("required") or [])
        new_req = set(new.get("required") or [])
        side = "response" if self._response_side else "request"
        for name in sorted(set(old_props) | set(new_props) | old_req | new_req):
            here = at.child("properties", name, name=name)
            in_old, in_new = name in old_props, name in new_props
            if in_new and not in_old and name not in old_req:
                self._property_added(here, name, new_props[name], name in new_req)
                continue
            if in_old and not in_new and name not in new_req:
                self._property_removed(here, name, old_props[name], name in old_req)
                continue
            if (name in old_req) != (name in new_req):
                state = "required" if name in new_req else "optional"
                where = _At(
                    here.path, at.child("required").location, at.child("required").component
                )
                self._report(
                    where,
                    _Diff(
                        "became-" + state,
                        "",
                        f"became {state}",
                        sorted(old_req),
                        sorted(new_req),
                        f"{side}-property-became-{state}",
                    ),
                )
            if in_old and in_new:
                self._compare(old_props[name], new_props[name], here, visiting)
        old_ap = old.get("additionalProperties", MISSING)
        new_ap = new.get("additionalProperties", MISSING)
        if isinstance(old_ap, dict) and isinstance(new_ap, dict):
            here = at.child("additionalProperties", name="additionalProperties")
            self._compare(old_ap, new_ap, here, visiting)
        elif not same(old_ap, new_ap):
            text = "additionalProperties changed"
            self._report(
                at,
                _Diff(
                    "additional-properties-changed", "additionalProperties", text, old_ap, new_ap
                ),
            )

    def _compare_composition(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        at: _At,
        visiting: frozenset[tuple[str, str]],
    ) -> None:
        for keyword, stem in (("oneOf", "one-of"), ("anyOf", "any-of"), ("allOf", "all-of")):
            old_ids = {_member_id(s, i): (i, s) for i, s in enumerate(old.get(keyword) or [])}
            new_ids = {_member_id(s, i): (i, s) for i, s in enumerate(new.get(keyword) or [])}
            for ident in sorted(set(old_ids) | set(new_ids)):
                if ident in old_ids and ident in new_ids:
                    here = at.child(keyword, new_ids[ident][0], name=f"{keyword}[{ident}]")
                    self._compare(old_ids[ident][1], new_ids[ident][1], here, visiting)
                    continue
                added = ident not in old_ids
                verb = "added" if added else "removed"
                before = MISSING if added else old_ids[ident][1]
                after = new_ids[ident][1] if added else MISSING
                text = f"{keyword} member {ident} {verb}"
                self._report(at, _Diff(f"{stem}-{verb}", keyword, text, before, after))
        before, after = old.get("discriminator", MISSING), new.get("discriminator", MISSING)
        if not same(before, after):
            text = "discriminator changed"
            self._report(at, _Diff("discriminator-changed", "discriminator", text, before, after))

    def _compare_linkage(self, old: dict[str, Any], new: dict[str, Any], at: _At) -> None:
        before, after = old.get(LINKAGE_KEY, MISSING), new.get(LINKAGE_KEY, MISSING)
        if same(before, after, LINKAGE_KEY):
            return
        name = at.path[-1] if at.path else "the schema"
        prefix = _PREFIX[(self._site.direction, not at.path)]
        for found in linkage_diffs(name, before, after):
            check = None if found.level is None else prefix + found.kind
            diff = _Diff(
                found.kind, LINKAGE_KEY, LINKAGE_KEY, before, after, check, found.level, found.text
            )
            self._report(at, diff)

    def _compare_rest(self, old: dict[str, Any], new: dict[str, Any], at: _At) -> None:
        for keyword in sorted((set(old) | set(new)) - _HANDLED, key=str):
            before, after = old.get(keyword, MISSING), new.get(keyword, MISSING)
            if same(before, after, str(keyword)):
                continue
            kind = "extension-changed" if str(keyword).startswith("x-") else "schema-changed"
            self._report(at, _Diff(kind, str(keyword), f"{keyword} changed", before, after))


def _member_id(schema: Any, index: int) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return f"#{index}"
