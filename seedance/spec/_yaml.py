"""The one YAML reader and writer configuration (ruamel.yaml; ``tools`` extra)."""

from __future__ import annotations

from ruamel.yaml import YAML


def safe_yaml() -> YAML:
    """A safe, pure-Python loader: plain dicts, lists and scalars, no tags."""
    return YAML(typ="safe", pure=True)
