"""The structural equality every comparison shares (JSON pointers themselves are
:mod:`seedance.spec.pointer`'s, re-exported here for the comparisons).

Equality here is semantic: mapping key order never counts, lists of scalars under ``enum``,
``required``, ``tags`` and ``type`` are sets, prose (``description``, ``summary``, ``title``)
is compared with its whitespace collapsed, and numbers compare by value (``5 == 5.0``).
"""

from __future__ import annotations

from typing import Any

from seedance.spec.pointer import escape, join, lookup

__all__ = [
    "MISSING",
    "PROSE_KEYS",
    "SET_KEYS",
    "covers",
    "diff",
    "escape",
    "join",
    "prose",
    "ref_pointer",
    "resolve",
    "same",
    "scalar_key",
    "short",
]

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<absent>"})()
PROSE_KEYS = frozenset({"description", "summary", "title"})
SET_KEYS = frozenset({"enum", "required", "tags", "type"})


def ref_pointer(ref: str) -> str:
    """The pointer of a local ``$ref`` (``#/components/x`` -> ``/components/x``)."""
    return ref[1:] if ref.startswith("#") else ref


def resolve(document: dict[str, Any], ref: str) -> Any:
    """Follow one local ``$ref``; MISSING when it does not resolve."""
    return lookup(document, ref, MISSING)


def covers(outer: str, inner: str) -> bool:
    """True when one pointer is a (segment-wise) prefix of the other."""
    if outer == inner:
        return True
    short, long = (outer, inner) if len(outer) < len(inner) else (inner, outer)
    return long.startswith(short + "/") or short == ""


def prose(text: Any) -> Any:
    """Whitespace-collapsed text (formatting of prose never counts)."""
    return " ".join(text.split()) if isinstance(text, str) else text


def scalar_key(value: Any) -> tuple[str, str]:
    """A hashable, sortable identity of a scalar where ``5 == 5.0`` but ``1 != True != "1"``."""
    if isinstance(value, bool | str | type(None)):
        return (type(value).__name__, repr(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return ("num", repr(value))


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _same_scalar(old: Any, new: Any, key: str) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, int | float) and isinstance(new, int | float):
        return old == new
    if key in PROSE_KEYS:
        return bool(prose(old) == prose(new))
    return type(old) is type(new) and bool(old == new)


def _identity(item: Any, index: int) -> str:
    if isinstance(item, dict):
        if "$ref" in item and isinstance(item["$ref"], str):
            return "ref:" + item["$ref"]
        if "name" in item and "in" in item:
            return f"param:{item['in']}:{item['name']}"
        if "url" in item and isinstance(item["url"], str):
            return "url:" + item["url"]
    return f"index:{index}"


def _scalar_set(items: list[Any]) -> list[tuple[str, str]]:
    return sorted(scalar_key(v) for v in items)


def diff(old: Any, new: Any, pointer: str = "", key: str = "") -> list[tuple[str, Any, Any]]:
    """Every semantic difference as ``(pointer, old, new)``; MISSING marks an absent side."""
    if isinstance(old, dict) and isinstance(new, dict):
        # keys compare as text: a reformatted copy may write `200:` where we have `'200':`
        old_map = {str(k): v for k, v in old.items()}
        new_map = {str(k): v for k, v in new.items()}
        found: list[tuple[str, Any, Any]] = []
        for name in sorted(set(old_map) | set(new_map)):
            here = join(pointer, name)
            if name not in old_map:
                found.append((here, MISSING, new_map[name]))
            elif name not in new_map:
                found.append((here, old_map[name], MISSING))
            else:
                found.extend(diff(old_map[name], new_map[name], here, name))
        return found
    if isinstance(old, list) and isinstance(new, list):
        if all(map(_is_scalar, old + new)):
            ordered = key not in SET_KEYS
            same = (
                len(old) == len(new)
                and all(_same_scalar(a, b, key) for a, b in zip(old, new, strict=True))
                if ordered
                else _scalar_set(old) == _scalar_set(new)
            )
            return [] if same else [(pointer, old, new)]
        old_ids = {_identity(v, i): (i, v) for i, v in enumerate(old)}
        new_ids = {_identity(v, i): (i, v) for i, v in enumerate(new)}
        found = []
        for ident in sorted(set(old_ids) | set(new_ids)):
            if ident not in old_ids:
                i, value = new_ids[ident]
                found.append((join(pointer, i), MISSING, value))
            elif ident not in new_ids:
                i, value = old_ids[ident]
                found.append((join(pointer, i), value, MISSING))
            else:
                found.extend(
                    diff(
                        old_ids[ident][1], new_ids[ident][1], join(pointer, new_ids[ident][0]), key
                    )
                )
        return found
    if _is_scalar(old) and _is_scalar(new) and _same_scalar(old, new, key):
        return []
    return [(pointer, old, new)]


def same(old: Any, new: Any, key: str = "") -> bool:
    """Semantic equality (see the module docstring)."""
    return not diff(old, new, "", key)


def _emit(text: str, out: list[str], budget: list[int]) -> None:
    text = text[: budget[0]]
    out.append(text)
    budget[0] -= len(text)


def _render(value: Any, out: list[str], budget: list[int]) -> None:
    """Append ``value``'s ``str()`` spelling to ``out`` until ``budget[0]`` characters are used."""
    if isinstance(value, dict):
        _emit("{", out, budget)
        for index, (key, item) in enumerate(value.items()):
            if budget[0] <= 0:
                return
            _emit((", " if index else "") + repr(key) + ": ", out, budget)
            _render(item, out, budget)
        _emit("}", out, budget)
    elif isinstance(value, list):
        _emit("[", out, budget)
        for index, item in enumerate(value):
            if budget[0] <= 0:
                return
            _emit(", " if index else "", out, budget)
            _render(item, out, budget)
        _emit("]", out, budget)
    elif isinstance(value, str):
        _emit(repr(value[: budget[0]]), out, budget)
    elif budget[0] > 0:
        _emit(str(value), out, budget)


def short(value: Any, limit: int = 80) -> str:
    """A one-line rendering of a value for messages, at most ``limit`` characters.

    Only the first ``limit`` characters are ever produced, so a huge value (or one that shares
    nodes many times over) costs no more to show than a small one.
    """
    if value is MISSING:
        return "(absent)"
    out: list[str] = []
    _render(value, out, [limit * 2 + 8])
    text = " ".join("".join(out).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
