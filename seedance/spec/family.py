"""Put every vendored page into the bundle, each scoped by its page name.

The pages all describe ``POST /v1/videos`` and reuse schema names (``ImageToVideoRequest`` is
six different schemas), so they cannot be merged by name. The bundle keeps the seed page's
operation, body and component names exactly as the overlay makes them (the generated client's
names never move), and adds one vendor extension at its root, :data:`PAGES_KEY`, with one entry
per vendored page (the seed's included)::

    x-seedance-pages:
      <page name>:                        # the published file's stem
        model: <the one id its request's model enum allows>
        mode: <its request schema's name, kebab-case, without "Request">
        request: {$ref: <its request schema>}
        operation: <its POST operation, or a $ref to the bundle's own for the seed>
        info: <its info block>              # every page but the seed (the bundle's info is it)
        schemas: <its components.schemas>   # every page but the seed, $refs rewritten to
                                            # '#/x-seedance-pages/<page>/schemas/<Name>',
                                            # with the rules its prose states made schema
                                            # (seedance.spec.prose_rules; the seed's are
                                            # the overlay's)

Generators ignore extensions, so one generated client covers the seed's names; the SDK, the
mock and the tools read every page's request, examples, prose and ``x-linkage`` from here
(:mod:`seedance.catalogue`). Building refuses a page whose model or mode cannot be read, two pages
for one model and mode, and an ``x-linkage`` rule it cannot honour.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from seedance._bundle import HTTP_METHODS, resolve_ref_at
from seedance.catalogue import PAGES_KEY, LinkageError, linkage_rules
from seedance.spec.errors import BundleError
from seedance.spec.prose_rules import apply_prose_rules

_COMPONENT_SCHEMAS = "#/components/schemas/"
_REQUEST_SUFFIX = "Request"
_WORD = re.compile(r"[A-Z][a-z0-9]*|[a-z0-9]+")


def mode_of(schema_name: str) -> str:
    """``FirstLastFrameToVideoRequest`` -> ``first-last-frame-to-video``."""
    stem = (
        schema_name[: -len(_REQUEST_SUFFIX)]
        if schema_name.endswith(_REQUEST_SUFFIX)
        else (schema_name)
    )
    return "-".join(word.lower() for word in _WORD.findall(stem))


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def request_operation(document: dict[str, Any], page: str) -> tuple[str, str, dict[str, Any]]:
    """``(path, method, operation)`` of the page's one operation with a JSON request body."""
    found = [
        (path, method, op)
        for path, item in (document.get("paths") or {}).items()
        if isinstance(item, dict)
        for method in HTTP_METHODS
        if isinstance(op := item.get(method), dict)
        and isinstance(op.get("requestBody"), dict)
        and "application/json" in (op["requestBody"].get("content") or {})
    ]
    if len(found) != 1:
        raise BundleError(
            f"page {page!r}: expected one operation with a JSON request body, found "
            f"{[f'{m.upper()} {p}' for p, m, _ in found]}"
        )
    return found[0]


def identity(document: dict[str, Any], page: str) -> tuple[str, str, str]:
    """``(model, mode, request schema ref)`` of a page, read from its request schema."""
    _, _, op = request_operation(document, page)
    schema = op["requestBody"]["content"]["application/json"].get("schema") or {}
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(ref, str) or not ref.startswith(_COMPONENT_SCHEMAS):
        raise BundleError(f"page {page!r}: its request body is not a named component schema")
    resolved, _ = resolve_ref_at(document, schema, "", None)
    models = ((resolved or {}).get("properties") or {}).get("model", {}).get("enum")
    if not isinstance(models, list) or len(models) != 1:
        raise BundleError(
            f"page {page!r}: its request's model enum must name exactly one model, found {models!r}"
        )
    return str(models[0]), mode_of(ref[len(_COMPONENT_SCHEMAS) :]), ref


def _rewrite(node: Any, scope: str) -> Any:
    if isinstance(node, list):
        return [_rewrite(item, scope) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            if not value.startswith(_COMPONENT_SCHEMAS):
                raise BundleError(f"{scope}: reference {value!r} is not to a component schema")
            out[key] = scope + value[len(_COMPONENT_SCHEMAS) :]
        else:
            out[key] = _rewrite(value, scope)
    return out


def _check_linkage(bundle: dict[str, Any], page: str, request: dict[str, Any]) -> None:
    resolved, _ = resolve_ref_at(bundle, request, "", None)
    properties = (resolved or {}).get("properties") or {}
    try:
        rules = linkage_rules(properties)
    except LinkageError as exc:
        raise BundleError(f"page {page!r}: {exc}") from exc
    for rule in rules:
        if rule.when_field not in properties:
            raise BundleError(
                f"page {page!r}: {rule.sentence()}: the request has no field {rule.when_field!r}"
            )
        allowed = properties[rule.field].get("enum")
        if isinstance(allowed, list) and any(o not in allowed for o in rule.options):
            raise BundleError(
                f"page {page!r}: {rule.sentence()}: options outside {rule.field}'s enum {allowed!r}"
            )


def add_pages(
    bundle: dict[str, Any],
    seed: tuple[str, dict[str, Any]],
    siblings: Sequence[tuple[str, dict[str, Any]]],
) -> None:
    """Add :data:`PAGES_KEY` to ``bundle`` (built from the seed page ``seed``: its name and
    its document as published) with one entry per page, the seed first."""
    seed_name, seed_document = seed
    entries: dict[str, Any] = {}
    owners: dict[tuple[str, str], str] = {}

    def claim(name: str, model: str, mode: str) -> None:
        if name in entries:
            raise BundleError(f"two vendored pages are named {name!r}")
        if (model, mode) in owners:
            raise BundleError(
                f"pages {owners[model, mode]!r} and {name!r} both describe {model} {mode}: "
                "vendor one page per model and mode"
            )
        owners[model, mode] = name

    model, mode, ref = identity(seed_document, seed_name)
    path, method, _ = request_operation(bundle, seed_name)
    claim(seed_name, model, mode)
    entries[seed_name] = {
        "model": model,
        "mode": mode,
        "request": {"$ref": ref},
        "operation": {"$ref": f"#/paths/{_escape(path)}/{method}"},
    }
    for name, document in siblings:
        model, mode, ref = identity(document, name)
        claim(name, model, mode)
        scope = f"#/{PAGES_KEY}/{_escape(name)}/schemas/"
        _, _, operation = request_operation(document, name)
        schemas = copy.deepcopy((document.get("components") or {}).get("schemas") or {})
        apply_prose_rules(schemas, scope)
        entries[name] = {
            "model": model,
            "mode": mode,
            "request": {"$ref": scope + ref[len(_COMPONENT_SCHEMAS) :]},
            "operation": _rewrite(copy.deepcopy(operation), scope),
            "info": copy.deepcopy(document.get("info") or {}),
            "schemas": _rewrite(schemas, scope),
        }
    bundle[PAGES_KEY] = entries
    for name, entry in entries.items():
        _check_linkage(bundle, name, entry["request"])
