"""The values the spec allows for a top-level field of the create request, as a command's
help shows them (read from the bundle, so a vendored page that adds a value adds it here)."""

from __future__ import annotations

import functools

from seedance._request import spec
from seedance.spec.instances import enum_sites

__all__ = ["allowed_help"]


@functools.cache
def _enums() -> dict[str, tuple[list[object], object]]:
    found: dict[str, tuple[list[object], object]] = {}
    for site in enum_sites(spec().roles.create.request_schema or {}):
        if len(site.path) == 1 and isinstance(site.path[0], str):
            found.setdefault(site.path[0], (list(site.schema["enum"]), site.schema.get("default")))
    return found


def allowed_help(field: str, what: str) -> str:
    """``what``, then the values the spec allows for ``field`` and its default."""
    enum, default = _enums().get(field, ([], None))
    if not enum:
        return what
    shown = ", ".join(map(str, enum))
    return what + f": one of {shown}" + (f" (default {default})" if default is not None else "")
