"""Turn the bundle's OpenAPI 3.0 schemas into JSON Schema (2020-12) and describe operations.

The mock, the contract harness and the client tests all ask this module for "the request
schema of createVideo" or "the responses of retrieveVideo" rather than spelling any field,
enum or bound themselves.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from seedance.spec.bounds import numeric_bounds
from seedance.spec.errors import SpecError
from seedance.spec.pointer import _RAISE, _Raise, lookup

_DROP_KEYS = {"discriminator", "example", "xml", "externalDocs", "deprecated", "nullable"}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP_KEYS or key.startswith("x-"):
            continue
        if key in ("properties", "patternProperties"):
            out[key] = {name: _convert(sub) for name, sub in value.items()}
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            continue  # folded in below
        else:
            out[key] = _convert(value)
    if node.get("nullable") is True:
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    bounds = numeric_bounds(node)
    for bound in ("minimum", "maximum"):
        if bound not in bounds:
            out.pop(bound, None)  # it became an exclusive bound
    out.update(bounds)
    if node.get("format") == "binary":
        out.pop("format", None)
    return out


def to_json_schema(node: Any) -> Any:
    """A copy of an OpenAPI 3.0 schema (or a mapping of named schemas) as JSON Schema."""
    return _convert(copy.deepcopy(node))


def json_schema(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A standalone JSON Schema for ``schema``; its ``$ref``s resolve against the copy of
    ``components`` carried at the root (refs stay ``#/components/schemas/...``)."""
    converted = _convert(copy.deepcopy(schema))
    if not isinstance(converted, dict):
        raise SpecError(f"expected a schema object, got {type(converted).__name__}")
    root: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    root.update(converted)
    if "$ref" in converted:
        root = {"$schema": root["$schema"], "allOf": [{"$ref": converted["$ref"]}]}
    root["components"] = {"schemas": _convert(spec.get("components", {}).get("schemas", {}))}
    return root


def resolve_ref(spec: dict[str, Any], node: Any, default: Any = _RAISE) -> Any:
    """Follow local ``$ref``s until a non-reference node.

    Returns ``default`` when a reference is not local, does not resolve or loops; without a
    default, raises :class:`SpecError`.
    """
    return resolve_ref_at(spec, node, "", default)[0]


def resolve_ref_at(
    spec: dict[str, Any], node: Any, pointer: str, default: Any = _RAISE
) -> tuple[Any, str]:
    """:func:`resolve_ref`, and the JSON pointer of the node it returns: ``pointer`` (where
    ``node`` sits) when ``node`` is not a reference, else that of the last reference followed.
    """
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen or not str(ref).startswith("#/"):
            if isinstance(default, _Raise):
                raise SpecError(f"cannot resolve reference {ref!r}")
            return default, pointer
        seen.add(ref)
        pointer = ref[1:]
        try:
            node = lookup(spec, ref)
        except LookupError as exc:
            if isinstance(default, _Raise):
                raise SpecError(str(exc)) from exc
            return default, pointer
    return node, pointer


@dataclass(frozen=True)
class ResponseInfo:
    """One documented response: its media types and, per type, a JSON Schema (or None).

    ``body_optional`` is the overlay's ``x-body-optional`` mark: the body may be absent
    altogether (a rate limiter's bare 429) even though a content type is documented.
    """

    status: str
    description: str
    content: dict[str, dict[str, Any] | None]
    headers: tuple[str, ...]
    body_optional: bool = False
    header_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class OperationInfo:
    """One operation of the bundle, with its request and response schemas as JSON Schema."""

    operation_id: str
    method: str
    path: str
    billable: bool
    secured: bool
    path_params: tuple[str, ...]
    request_content: dict[str, dict[str, Any]] = field(default_factory=dict)
    request_required: bool = False
    responses: dict[str, ResponseInfo] = field(default_factory=dict)

    @property
    def request_schema(self) -> dict[str, Any] | None:
        """JSON Schema of the JSON request body, if the operation takes one."""
        return self.request_content.get("application/json")


def _responses(spec: dict[str, Any], op: dict[str, Any]) -> dict[str, ResponseInfo]:
    result: dict[str, ResponseInfo] = {}
    for status, raw in op.get("responses", {}).items():
        response = resolve_ref(spec, raw)
        content: dict[str, dict[str, Any] | None] = {}
        for media_type, media in (response.get("content") or {}).items():
            schema = media.get("schema")
            content[media_type] = json_schema(spec, schema) if schema else None
        result[str(status)] = ResponseInfo(
            status=str(status),
            description=str(response.get("description", "")),
            content=content,
            headers=tuple(response.get("headers", {}) or {}),
            body_optional=bool(response.get("x-body-optional", False)),
            header_schemas={
                name: resolve_ref(spec, header.get("schema", {}))
                for name, header in (response.get("headers", {}) or {}).items()
                if isinstance(header, dict)
            },
        )
    return result


def operations(spec: dict[str, Any]) -> dict[str, OperationInfo]:
    """Every operation of the spec, keyed by operationId."""
    global_security = spec.get("security") or []
    found: dict[str, OperationInfo] = {}
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            op_id = str(op.get("operationId") or f"{method} {path}")
            params = [
                resolve_ref(spec, p)
                for p in (item.get("parameters", []) + op.get("parameters", []))
            ]
            body = resolve_ref(spec, op.get("requestBody")) if op.get("requestBody") else {}
            request_content = {
                media_type: json_schema(spec, media["schema"])
                for media_type, media in (body.get("content") or {}).items()
                if media.get("schema")
            }
            security = op.get("security", global_security)
            found[op_id] = OperationInfo(
                operation_id=op_id,
                method=method.upper(),
                path=path,
                billable=bool(op.get("x-billable", False)),
                secured=any(bool(req) for req in security),
                path_params=tuple(p["name"] for p in params if p.get("in") == "path"),
                request_content=request_content,
                request_required=bool(body.get("required", False)),
                responses=_responses(spec, op),
            )
    return found
