"""The values the spec allows for a field ``seedance generate`` sends, as the command's help
shows them: the default model's, over its modes (its pages), noting that other models differ.
Read from the bundle's catalogue, so a vendored page that adds a value adds it here."""

from __future__ import annotations

from seedance.catalogue import catalogue

__all__ = ["allowed_help"]


def allowed_help(field: str, what: str) -> str:
    """``what``, then what the default model's pages accept for ``field`` and its default."""
    try:
        cat = catalogue()
        model = cat.models[cat.default_model]
    except Exception:  # no readable bundle: the help still shows
        return what
    specs = [mode.fields[field] for mode in model.modes.values() if field in mode.fields]
    if not specs:
        return what
    accepted = " or ".join(dict.fromkeys(spec.accepts() for spec in specs))
    seed = cat.pages[cat.seed_page].fields.get(field)
    default = f" (default {seed.default})" if seed is not None and seed.default is not None else ""
    return (
        f"{what}: on {model.id} (the default model) {accepted}{default}; other models differ: "
        "see `seedance models`"
    )
