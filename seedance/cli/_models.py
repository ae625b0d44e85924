"""``seedance models``: the vendored models, their modes and what each mode accepts.

Everything printed is read from the catalogue of vendored pages (:mod:`seedance.catalogue`):
vendor a page and its model is listed. ``--json`` prints the catalogue's own JSON form.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from seedance.catalogue import Catalogue, Mode, catalogue
from seedance.cli._exit import reported

__all__: list[str] = []


def _media(mode: Mode) -> str:
    count = ""
    if mode.min_items is not None or mode.max_items is not None:
        low = mode.min_items if mode.min_items is not None else 0
        high = mode.max_items if mode.max_items is not None else "any"
        count = f" ({low}..{high} items)"
    return ", ".join(mode.media_types) + count


def _table(cat: Catalogue) -> str:
    rows: list[tuple[str, str, str, str]] = [("model", "mode", "field", "accepts")]
    for model in cat.models.values():
        label = f"{model.id} (default)" if model.id == cat.default_model else model.id
        for name, mode in model.modes.items():
            rows.append((label, name, "media", _media(mode)))
            rows += [("", "", field, spec.accepts()) for field, spec in mode.fields.items()]
            rows += [("", "", "x-linkage", rule.sentence()) for rule in mode.linkage]
            label = ""
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def models(
    json_output: Annotated[
        bool, typer.Option("--json", help="print the catalogue as one JSON object")
    ] = False,
) -> None:
    """List the vendored models: ids, modes, and per mode the accepted values and bounds."""
    with reported(json_output):
        cat = catalogue()
        print(json.dumps(cat.as_json(), indent=2) if json_output else _table(cat))
