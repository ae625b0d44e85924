"""JSON pointers and local references (``#/a/b~1c``), for every tool: the one place that
escapes and writes one, and the one walk over every mapping of a document (walking one,
:func:`lookup`, is the SDK's, in :mod:`seedance._bundle`, re-exported here)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seedance._bundle import lookup

__all__ = ["escape", "join", "lookup", "mappings"]


def escape(token: str) -> str:
    """One reference token escaped as RFC 6901 says (``~`` -> ``~0``, ``/`` -> ``~1``)."""
    return token.replace("~", "~0").replace("/", "~1")


def join(pointer: str, *tokens: str | int) -> str:
    """``pointer`` extended by ``tokens`` (each escaped)."""
    return pointer + "".join("/" + escape(str(t)) for t in tokens)


def mappings(document: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in ``document`` (itself included), depth first; references are not followed."""
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(item.values()))
        elif isinstance(item, list):
            stack.extend(reversed(item))
