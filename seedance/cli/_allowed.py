"""The values the spec allows for a field of the request ``seedance generate`` sends (the
default model's page for its mode), as the command's help shows them: read from the
bundle's catalogue, so a vendored page that adds a value adds it here."""

from __future__ import annotations

import functools

from seedance._models import PROMPT_TYPE, Mode, catalogue

__all__ = ["allowed_help"]

#: The media ``generate`` sends: the prompt and a first frame (``--image``).
_GENERATE_MEDIA = (PROMPT_TYPE, "first_frame")


@functools.cache
def _mode() -> Mode | None:
    cat = catalogue()
    try:
        return cat.mode_for(cat.default_model, _GENERATE_MEDIA)
    except ValueError:  # no page takes these media: the help shows no values
        return None


def allowed_help(field: str, what: str) -> str:
    """``what``, then the values the spec allows for ``field`` and its default."""
    mode = _mode()
    spec = mode.fields.get(field) if mode is not None else None
    if spec is None or not spec.enum:
        return what
    shown = ", ".join(map(str, spec.enum))
    default = f" (default {spec.default})" if spec.default is not None else ""
    return f"{what}: one of {shown}{default}"
