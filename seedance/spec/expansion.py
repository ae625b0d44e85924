"""Bound what a parsed YAML document expands to (alias bombs, recursive anchors).

YAML aliases share one node among many places: a few hundred bytes of ``&a [*a, *a, …]``
levels load in an instant as a small graph, but every walk of it (comparing, copying,
serialising, printing) visits each reference again: 9 levels of 9 aliases are 9^9 nodes.
:func:`check_expansion` counts the nodes the document has *when expanded*, in time linear in
its distinct nodes (shared ones are counted once and remembered), and refuses a document over
:data:`MAX_EXPANDED_NODES` or one that contains itself.
"""

from __future__ import annotations

from typing import Any

from seedance.spec.errors import SpecSourceError

#: Expanded nodes (mappings, lists and scalars) a spec may have: 5,000,000, about forty times
#: a 6 MB spec of 3,000 schemas, and far below what an alias bomb expands to.
MAX_EXPANDED_NODES = 5_000_000


def expanded_size(document: Any, *, limit: int = MAX_EXPANDED_NODES) -> int:
    """Nodes of ``document`` with every shared node counted at each place it appears.

    Stops counting past ``limit`` (returns a number above it); raises :class:`ValueError`
    when the document contains itself (a recursive anchor).
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    # iterative post-order walk: (node, children visited?)
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, dict | list):
            continue
        key = id(node)
        children = list(node.values()) if isinstance(node, dict) else node
        if done:
            on_path.discard(key)
            total = 1
            for child in children:
                total += sizes.get(id(child), 0) if isinstance(child, dict | list) else 1
                if total > limit:
                    break
            sizes[key] = min(total, limit + 1)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise ValueError("the document contains itself (a recursive YAML anchor)")
        on_path.add(key)
        stack.append((node, True))
        for child in children:
            if isinstance(child, dict | list):
                if id(child) in on_path:
                    raise ValueError("the document contains itself (a recursive YAML anchor)")
                if id(child) not in sizes:
                    stack.append((child, False))
    if not isinstance(document, dict | list):
        return 1
    return sizes[id(document)]


def check_expansion(document: Any, *, origin: str, limit: int = MAX_EXPANDED_NODES) -> None:
    """Raise :class:`SpecSourceError` when ``document`` expands past ``limit`` nodes."""
    try:
        size = expanded_size(document, limit=limit)
    except ValueError as exc:
        raise SpecSourceError(f"{origin}: refused: {exc}") from None
    if size > limit:
        raise SpecSourceError(
            f"{origin}: refused: it expands to more than {limit:,} nodes (YAML aliases that "
            "repeat shared nodes, an alias bomb); a spec needs far fewer"
        )
