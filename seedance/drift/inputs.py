"""The documents drift and lint accept: OpenAPI 3.x mappings, read with bounded expansion.

Anything else (a Swagger 2.0 document, an OpenAPI version we do not know, a list) is refused
with a :class:`seedance.spec.SpecError` that says what it is, so that it is never compared as
if it were OpenAPI 3 (the commands exit 2 on it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from seedance.spec import SpecError, load_yaml_file, read_spec_source


def check_openapi3(document: Any, *, origin: str) -> dict[str, Any]:
    """``document`` when it is an OpenAPI 3.x mapping; :class:`SpecError` saying what it is."""
    if not isinstance(document, dict):
        raise SpecError(f"{origin}: not an OpenAPI mapping (a {type(document).__name__})")
    if "swagger" in document and "openapi" not in document:
        raise SpecError(
            f"{origin}: a Swagger {document['swagger']} document, not OpenAPI 3.x; convert it "
            "to OpenAPI 3 first (drift compares OpenAPI 3 documents only)"
        )
    version = document.get("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        raise SpecError(
            f"{origin}: 'openapi: {version}' is not an OpenAPI 3.x version; drift compares "
            "OpenAPI 3 documents only"
        )
    return document


def read_published(origin: str) -> dict[str, Any]:
    """The OpenAPI 3 document at a URL or path (JSON, YAML or a docs page)."""
    return check_openapi3(read_spec_source(origin).document, origin=origin)


def read_vendored(path: Path) -> dict[str, Any]:
    """The OpenAPI 3 document in a local file (``openapi/upstream.yaml``)."""
    return check_openapi3(load_yaml_file(path), origin=str(path))
