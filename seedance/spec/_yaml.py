"""The one YAML reader configuration (ruamel.yaml; ``tools`` extra).

:func:`load_yaml` parses with ruamel's safe loader on its C parser (``ruamel.yaml.clib``, in
the extra) — ruamel's own YAML 1.2 resolver and constructor run on top of it, about four times
faster on a large spec — and falls back to the pure-Python parser whenever the C one refuses
the text: libyaml follows YAML 1.1's syntax and refuses some YAML 1.2 (``[16:9, 4:3]`` in flow
style), which the pure parser reads. The pure parser's answer, value or error, is final.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML


def safe_yaml(*, pure: bool = True) -> YAML:
    """A safe loader: plain dicts, lists and scalars, no tags (``pure=False``: the C parser
    when installed)."""
    return YAML(typ="safe", pure=pure)


def load_yaml(text: str) -> Any:
    """The document of ``text`` (the C parser first, the pure-Python one when it refuses)."""
    try:
        return safe_yaml(pure=False).load(text)
    except Exception:  # any refusal: the pure parser decides, value or error
        return safe_yaml().load(text)
