"""Local JSON references (``#/a/b~1c``): the one place that writes one and the one walk over
every mapping of a document (walking one, :func:`lookup`, is the SDK's, in
:mod:`seedance._bundle`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seedance._bundle import lookup

__all__ = ["join", "lookup", "mappings"]


def join(pointer: str, *tokens: str | int) -> str:
    """``pointer`` extended by ``tokens`` (each escaped as RFC 6901 says)."""
    return pointer + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


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
