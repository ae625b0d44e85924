"""Hypothesis strategies for the bundle's JSON Schemas: schemathesis' own generator.

:func:`from_json_schema` hands a schema (as :func:`seedance.spec.json_schema` returns it, its
``components`` at the root) to the generator schemathesis builds request bodies with, so the
tests draw payloads the way the contract suite does and no generator of ours needs upkeep.
Minimal instances, sites and bounds are the product's (:mod:`seedance.spec`).
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
from hypothesis import strategies as st
from schemathesis.generation.jsonschema.builder import build

__all__ = ["EXTRA_PREFIX", "from_json_schema"]

#: The prefix of the unknown members tests add by hand: no declared property starts with it.
EXTRA_PREFIX = "x_extra_"


def from_json_schema(
    schema: dict[str, Any], root: dict[str, Any] | None = None
) -> st.SearchStrategy[Any]:
    """Values valid against ``schema``, whose ``$ref``s resolve against ``root`` (default: the
    schema itself)."""
    if root is not None and root is not schema:
        schema = {**schema, "components": root.get("components", {})}
    return build(schema, draft=jsonschema_rs.Draft202012, formats={})
