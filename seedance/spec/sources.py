"""Read an OpenAPI document from wherever the publisher put it.

A source is an http(s) URL or a local path; its text is OpenAPI as JSON or YAML, or a
published docs page in Markdown whose fenced ``yaml`` block is the spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from seedance.spec.errors import SpecGoneError, SpecSourceError
from seedance.spec.loading import parse_yaml_text

_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*(?:yaml|yml|json)\b[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*\r?$",
    re.MULTILINE | re.DOTALL,
)


#: The answers that say a page is not (any more) published at its URL.
_GONE = frozenset({404, 410})


@dataclass(frozen=True)
class SpecSource:
    """A spec as read: where from, its raw text, the spec text and the parsed document."""

    origin: str
    raw_text: str
    spec_text: str
    document: dict[str, Any]
    from_docs_page: bool


def extract_fenced_yaml(text: str) -> str | None:
    """The first fenced yaml/json block of a Markdown page that holds an OpenAPI document."""
    for match in _FENCE.finditer(text):
        body = match.group("body")
        if re.search(r"^\s*[\"']?(openapi|swagger)[\"']?\s*:", body, re.MULTILINE):
            return body
    return None


def read_text(origin: str, *, timeout: float = 30.0) -> str:
    """The text at an http(s) URL or a path; :class:`SpecSourceError` saying what failed
    (:class:`SpecGoneError` for HTTP 404 or 410)."""
    return _fetch(origin, timeout)


def _fetch(origin: str, timeout: float) -> str:
    if origin.startswith(("http://", "https://")):
        try:
            response = httpx.get(origin, timeout=timeout, follow_redirects=True)
        except httpx.HTTPError as exc:
            raise SpecSourceError(f"{origin}: request failed: {exc}") from exc
        if response.status_code in _GONE:
            raise SpecGoneError(
                f"{origin}: HTTP {response.status_code}: the page is no longer published there"
            )
        if response.status_code != 200:
            raise SpecSourceError(f"{origin}: expected HTTP 200, got {response.status_code}")
        return response.text
    path = Path(origin)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecSourceError(f"{origin}: cannot read: {exc}") from exc


def _looks_like_markdown(text: str) -> bool:
    stripped = text.lstrip()
    if stripped.startswith(("{", "openapi", "swagger", '"openapi"', "'openapi'")):
        return False
    return _FENCE.search(text) is not None


def read_spec_source(origin: str, *, timeout: float = 30.0) -> SpecSource:
    """Fetch and parse ``origin``; raise :class:`SpecSourceError` saying what failed."""
    raw = _fetch(origin, timeout)
    from_page = False
    spec_text = raw
    if _looks_like_markdown(raw):
        block = extract_fenced_yaml(raw)
        if block is None:
            raise SpecSourceError(f"{origin}: a Markdown page with no fenced OpenAPI yaml block")
        spec_text, from_page = block, True
    document = parse_yaml_text(spec_text, origin=origin)
    if not isinstance(document, dict):
        raise SpecSourceError(
            f"{origin}: expected an OpenAPI document (a mapping), got {type(document).__name__}"
        )
    if "openapi" not in document and "swagger" not in document:
        raise SpecSourceError(f"{origin}: no 'openapi' version key: not an OpenAPI document")
    if not isinstance(document.get("paths", {}), dict):
        raise SpecSourceError(f"{origin}: 'paths' is not a mapping")
    return SpecSource(
        origin=origin,
        raw_text=raw,
        spec_text=spec_text,
        document=document,
        from_docs_page=from_page,
    )
