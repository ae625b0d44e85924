"""Large generated specs for the scale tests and ``scripts/bench_drift.py``.

:func:`large_spec` builds an OpenAPI 3 document of ``schemas`` object schemas (ten properties
each, prose included) used by ``paths`` operations, every schema reachable; at 3,000 schemas
and 300 paths its YAML is about 6 MB. :func:`change_properties` changes the type of ``count``
request properties, one classified change each.
"""

from __future__ import annotations

import copy
from typing import Any

PROPERTIES_PER_SCHEMA = 10


def _schema(index: int) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for p in range(PROPERTIES_PER_SCHEMA):
        props[f"field_{p}"] = {
            "type": "string",
            "description": (
                f"Field {p} of schema {index}: a free-text value the caller chooses, kept as "
                "given and echoed back."
            ),
            "maxLength": 64 + p,
        }
    head = index - index % 10  # a shallow reference: every tenth schema is a group's head
    props["group"] = {"$ref": f"#/components/schemas/Thing{head}"} if head != index else {}
    return {
        "type": "object",
        "description": f"Thing number {index}, one of many generated for the scale tests.",
        "required": ["field_0"],
        "properties": props,
    }


def large_spec(schemas: int, paths: int) -> dict[str, Any]:
    """A valid OpenAPI 3.0 document with ``schemas`` schemas used by ``paths`` operations."""
    per_path = max(1, schemas // max(1, paths))
    doc: dict[str, Any] = {
        "openapi": "3.0.1",
        "info": {"title": "large", "version": "1"},
        "paths": {},
        "components": {"schemas": {f"Thing{i}": _schema(i) for i in range(schemas)}},
    }
    for p in range(paths):
        members = [
            {"$ref": f"#/components/schemas/Thing{i}"}
            for i in range(p * per_path, min(schemas, (p + 1) * per_path))
        ]
        body = {"oneOf": members} if len(members) > 1 else members[0]
        doc["paths"][f"/things/{p}"] = {
            "post": {
                "operationId": f"createThing{p}",
                "requestBody": {"content": {"application/json": {"schema": body}}},
                "responses": {"200": {"description": "ok"}},
            }
        }
    return doc


def change_properties(doc: dict[str, Any], count: int) -> dict[str, Any]:
    """A copy of ``doc`` where ``count`` request properties changed type (string -> integer)."""
    changed = copy.deepcopy(doc)
    done = 0
    for schema in changed["components"]["schemas"].values():
        for prop in schema["properties"].values():
            if done == count:
                return changed
            if prop.get("type") == "string":
                prop["type"] = "integer"
                del prop["maxLength"]
                done += 1
    if done < count:
        raise ValueError(f"only {done} properties to change, {count} asked")
    return changed
