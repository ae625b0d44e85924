"""The bundle as the SDK reads it: the one door from the SDK to the spec.

The runtime reads the bundle from package data, ``seedance/_data/seedance.json`` (the same
document as ``openapi/seedance.yaml``, written beside it by ``make generate`` and checked by
``make check-generated``), so an installed client needs no YAML library and never looks at a
checkout. This module turns the bundle's OpenAPI 3.0 schemas into JSON Schema (2020-12),
describes its operations and finds them by role (create, retrieve, content) from their shape.
The SDK, the mock, the contract harness and the client tests all ask it for "the request
schema of createVideo" or "the responses of retrieveVideo" rather than spelling any field,
enum or bound themselves. It needs the standard library only; :mod:`seedance.spec` (the
tools: YAML, overlay, bundling, views) builds on it.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "_data"
#: The bundle as the runtime reads it (JSON; generated, committed).
BUNDLE_JSON = DATA_DIR / "seedance.json"
#: Points the tools at another spec directory (a scratch copy of ``openapi/``).
OPENAPI_DIR_ENV = "SEEDANCE_OPENAPI_DIR"
#: A development install's spec files: the checkout's ``openapi/`` beside this package.
_CHECKOUT_OPENAPI = PACKAGE_DIR.parent / "openapi"


def openapi_dir() -> Path:
    """The spec directory (upstream, overlay, generator configuration, lock, YAML bundle):
    ``$SEEDANCE_OPENAPI_DIR`` when set, else the wheel's ``seedance/_data/openapi/``, else the
    checkout's ``openapi/`` (a development install)."""
    configured = os.environ.get(OPENAPI_DIR_ENV)
    if configured:
        return Path(configured)
    packaged = DATA_DIR / "openapi"
    return packaged if packaged.is_dir() else _CHECKOUT_OPENAPI


class SpecError(Exception):
    """Base of every error raised while reading, overlaying or bundling a spec."""


class OperationRolesError(SpecError):
    """The bundle does not have exactly one operation for each role."""


@functools.cache
def _packaged() -> dict[str, Any]:
    try:
        data = json.loads(BUNDLE_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SpecError(f"cannot read the packaged bundle {BUNDLE_JSON}: {exc}") from exc
    if not isinstance(data, dict):
        raise SpecError(f"{BUNDLE_JSON}: expected an OpenAPI mapping, got {type(data).__name__}")
    return data


def packaged_bundle() -> dict[str, Any]:
    """A fresh deep copy of the packaged bundle (``seedance/_data/seedance.json``)."""
    return copy.deepcopy(_packaged())


class _Raise:
    """Sentinel default: raise instead of returning a fallback."""


_RAISE = _Raise()


def lookup(document: Any, ref: str, default: Any = _RAISE) -> Any:
    """The node a local reference names (RFC 6901 tokens after ``#``).

    Returns ``default`` when the reference is not local or does not resolve; without a
    default, raises :class:`LookupError` saying which token was missing.
    """
    if not ref.startswith("#/"):
        if isinstance(default, _Raise):
            raise LookupError(f"only local references are supported, got {ref!r}")
        return default
    node: Any = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(default, _Raise):
            raise LookupError(f"reference {ref!r} does not resolve (no {part!r})")
        else:
            return default
    return node


def numeric_bounds(node: dict[str, Any]) -> dict[str, Any]:
    """A schema node's numeric bounds in JSON Schema 2020-12 form: ``minimum``, ``maximum``,
    ``exclusiveMinimum`` and ``exclusiveMaximum`` as numbers (OpenAPI 3.0 writes an exclusive
    bound as ``minimum`` plus ``exclusiveMinimum: true``)."""
    out: dict[str, Any] = {}
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        flag = node.get(exclusive)
        if flag is True and bound in node:
            out[exclusive] = node[bound]
        elif bound in node:
            out[bound] = node[bound]
        if flag is not None and not isinstance(flag, bool):
            out[exclusive] = flag
    return out


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


_JSON = "application/json"


@dataclass(frozen=True)
class OperationRoles:
    """The create, retrieve and content-download operations of the bundle."""

    create: OperationInfo
    retrieve: OperationInfo
    content: OperationInfo

    @property
    def all(self) -> tuple[OperationInfo, ...]:
        """The three operations, in the order of the video flow."""
        return (self.create, self.retrieve, self.content)


def _success_types(op: OperationInfo) -> set[str]:
    return {t for s, r in op.responses.items() if s.startswith("2") for t in r.content}


def operation_roles(ops: dict[str, OperationInfo]) -> OperationRoles:
    """Find each role's single operation, from its shape rather than its name: the one with a
    JSON request body creates tasks; the GET with one path parameter whose 2xx answer is JSON
    retrieves a task; the GET whose 2xx answer is binary downloads its content (renamed
    operationIds change nothing). :class:`OperationRolesError` if one is missing or doubled."""
    creates = [op for op in ops.values() if op.request_schema is not None]
    gets = [op for op in ops.values() if op.method == "GET" and len(op.path_params) == 1]
    retrieves = [op for op in gets if _JSON in _success_types(op)]
    contents = [op for op in gets if _success_types(op) and _JSON not in _success_types(op)]
    if len(creates) != 1 or len(retrieves) != 1 or len(contents) != 1:
        raise OperationRolesError(
            "expected exactly one create operation (JSON body), one retrieve (GET, JSON 2xx) "
            "and one content download (GET, binary 2xx); found "
            f"{[o.operation_id for o in creates]}, {[o.operation_id for o in retrieves]}, "
            f"{[o.operation_id for o in contents]}"
        )
    return OperationRoles(creates[0], retrieves[0], contents[0])
