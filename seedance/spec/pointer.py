"""Local JSON references (``#/a/b~1c``): the one place that walks a pointer into a document,
the one that writes one, and the one walk over every mapping of a document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


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
