"""One typed view of a spec: operations, schemas with ``$ref`` and ``allOf`` resolved, enums,
bounds, and every schema reachable from the operations.

The mock, the contract harness, drift's lint and the tests read the bundle through
:class:`SpecView` (:func:`bundle_view` for the packaged bundle, built once per process) and
:class:`SchemaView`, rather than each following references and merging ``allOf`` by hand.
A view never copies or changes the document it reads: do not mutate what it returns.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seedance._bundle import (
    HTTP_METHODS,
    OperationInfo,
    OperationRoles,
    operation_roles,
    operations,
    resolve_ref_at,
)
from seedance.spec.bounds import BoundEdge, bound_edges
from seedance.spec.errors import SpecError
from seedance.spec.loading import load_bundle
from seedance.spec.pointer import join

if TYPE_CHECKING:
    from seedance.catalogue import Catalogue

JSON = "application/json"
#: Keys that do not constrain an instance: an ``allOf`` wrapper with only these is its member.
_ANNOTATIONS = frozenset({"$schema", "components", "description", "title"})


def _merged(root: dict[str, Any], node: Any, pointer: str) -> tuple[dict[str, Any], str]:
    """``node`` with references followed and ``allOf`` members merged into it."""
    resolved, pointer = resolve_ref_at(root, node, pointer, None)
    if not isinstance(resolved, dict):
        return {}, pointer
    parts = resolved.get("allOf")
    if not isinstance(parts, list) or not parts:
        return resolved, pointer
    if len(parts) == 1 and set(resolved) - {"allOf"} <= _ANNOTATIONS:
        return _merged(root, parts[0], f"{pointer}/allOf/0")
    merged: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    required: list[str] = []
    for index, part in enumerate(parts):
        member, _ = _merged(root, part, f"{pointer}/allOf/{index}")
        properties.update(member.get("properties") or {})
        required += [r for r in member.get("required") or [] if r not in required]
        for key, value in member.items():
            merged.setdefault(key, value)
    merged.update({k: v for k, v in resolved.items() if k != "allOf"})
    properties.update(resolved.get("properties") or {})
    required += [r for r in resolved.get("required") or [] if r not in required]
    if properties:
        merged["properties"] = properties
    if required:
        merged["required"] = required
    return merged, pointer


@dataclass(frozen=True, eq=False)
class SchemaView:
    """A schema with its references followed and its ``allOf`` merged.

    ``root`` is the document references resolve against (an OpenAPI document, or a JSON Schema
    from :func:`seedance.spec.json_schema` carrying ``components``); ``node`` is the resolved
    schema itself (the stored object when nothing had to be merged); ``pointer`` is where it
    sits in ``root`` (that of the last reference followed).
    """

    root: dict[str, Any]
    node: dict[str, Any]
    pointer: str = ""

    @classmethod
    def of(cls, root: dict[str, Any], node: Any = None, pointer: str = "") -> SchemaView:
        """The view of ``node`` (default: ``root`` itself) inside ``root``."""
        merged, where = _merged(root, root if node is None else node, pointer)
        return cls(root, merged, where)

    def get(self, key: str, default: Any = None) -> Any:
        """A keyword of the resolved schema."""
        return self.node.get(key, default)

    def child(self, node: Any, *tokens: str | int) -> SchemaView:
        """The view of ``node``, a subschema found at ``tokens`` below this one."""
        return SchemaView.of(self.root, node, join(self.pointer, *tokens))

    @property
    def type(self) -> str | None:
        """The JSON type (``object`` when untyped but with properties); None for unions."""
        value = self.node.get("type")
        if isinstance(value, str):
            return value
        return "object" if "properties" in self.node else None

    @cached_property
    def properties(self) -> dict[str, SchemaView]:
        """The declared members, each resolved."""
        raw = self.node.get("properties") or {}
        return {name: self.child(sub, "properties", name) for name, sub in raw.items()}

    @property
    def required(self) -> tuple[str, ...]:
        """The required member names."""
        return tuple(self.node.get("required") or ())

    @property
    def enum(self) -> tuple[Any, ...] | None:
        """The allowed values, if the schema lists them."""
        values = self.node.get("enum")
        return tuple(values) if isinstance(values, list) else None

    @property
    def default(self) -> Any:
        """The documented default (None when there is none)."""
        return self.node.get("default")

    @property
    def description(self) -> str:
        """The description ("" when there is none)."""
        return str(self.node.get("description", ""))

    @cached_property
    def items(self) -> SchemaView | None:
        """The array items' schema."""
        items = self.node.get("items")
        return self.child(items, "items") if isinstance(items, dict) else None

    @cached_property
    def variants(self) -> tuple[SchemaView, ...]:
        """The ``oneOf`` (else ``anyOf``) members, each resolved."""
        for keyword in ("oneOf", "anyOf"):
            members = self.node.get(keyword)
            if isinstance(members, list):
                return tuple(self.child(m, keyword, i) for i, m in enumerate(members))
        return ()

    @property
    def discriminator(self) -> str | None:
        """The ``discriminator.propertyName`` of a union."""
        value = (self.node.get("discriminator") or {}).get("propertyName")
        return str(value) if value else None

    @property
    def bounds(self) -> list[BoundEdge]:
        """Every bound of the schema, with its edges."""
        return bound_edges(self.node)


class SpecView:
    """An OpenAPI document read as operations and resolved schemas."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    @cached_property
    def operations(self) -> dict[str, OperationInfo]:
        """Every operation, keyed by operationId, its schemas as JSON Schema."""
        return operations(self.document)

    @cached_property
    def catalogue(self) -> Catalogue:
        """Every vendored page as a model and mode (:mod:`seedance.catalogue`), when the
        document is a bundle that lists them."""
        from seedance.catalogue import catalogue_of

        return catalogue_of(self.document)

    @cached_property
    def roles(self) -> OperationRoles:
        """The create, retrieve and content operations, found by shape."""
        return operation_roles(self.operations)

    def operation(self, operation_id: str) -> OperationInfo:
        """The operation ``operation_id``; :class:`SpecError` when there is none."""
        try:
            return self.operations[operation_id]
        except KeyError:
            raise SpecError(f"the bundle has no operation {operation_id!r}") from None

    def raw_operation(self, operation_id: str) -> dict[str, Any]:
        """The operation object of the document, as written; :class:`SpecError` when there is
        none (an operation without an ``operationId`` is named ``"<method> <path>"``)."""
        for path, item in (self.document.get("paths") or {}).items():
            for method in HTTP_METHODS:
                op = item.get(method) if isinstance(item, dict) else None
                if isinstance(op, dict) and str(op.get("operationId") or f"{method} {path}") == (
                    operation_id
                ):
                    return op
        raise SpecError(f"the bundle has no operation {operation_id!r}")

    def schema(self, node: Any, pointer: str = "") -> SchemaView:
        """A schema of the document, resolved."""
        return SchemaView.of(self.document, node, pointer)

    def component(self, name: str) -> SchemaView:
        """``#/components/schemas/<name>``."""
        return self.schema({"$ref": f"#/components/schemas/{name}"})

    def _request_media(self, operation_id: str, media_type: str) -> dict[str, Any] | None:
        body = self.raw_operation(operation_id).get("requestBody")
        content = (self.schema(body).get("content") or {}) if body else {}
        media = content.get(media_type)
        return media if isinstance(media, dict) else None

    def request_body(self, operation_id: str, media_type: str = JSON) -> SchemaView | None:
        """The request body schema of ``operation_id`` (as written in the document, resolved),
        or None when it takes no body of that media type."""
        media = self._request_media(operation_id, media_type)
        return None if media is None else self.schema(media.get("schema", {}))

    def request_example(self, operation_id: str, media_type: str = JSON) -> Any:
        """The request body's ``example`` (else the first of its ``examples``), or None."""
        media = self._request_media(operation_id, media_type) or {}
        if "example" in media:
            return media["example"]
        for example in (media.get("examples") or {}).values():
            resolved = self.schema(example).node
            if "value" in resolved:
                return resolved["value"]
        return None

    def response_body(
        self, operation_id: str, status: str, media_type: str = JSON
    ) -> SchemaView | None:
        """A documented response's schema as JSON Schema (see :func:`json_schema`), resolved
        against its own ``components``."""
        response = self.operation(operation_id).responses.get(status)
        schema = None if response is None else response.content.get(media_type)
        return None if schema is None else SchemaView.of(schema)


@functools.cache
def _cached_view(path: Path | None) -> SpecView:
    return SpecView(load_bundle(path))


def bundle_view(path: Path | None = None) -> SpecView:
    """The view of the packaged bundle (or of the bundle at ``path``), built once per bundle."""
    return _cached_view(path.resolve() if path is not None else None)
