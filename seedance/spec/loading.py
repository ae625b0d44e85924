"""Where the spec files live and how the runtime reads the bundle (once per process).

The runtime (the SDK) reads the packaged bundle through :mod:`seedance._bundle`, which also
says where the spec directory is; the tools read both here. The tools' spec files (upstream,
overlay, generator configuration, lock) are found in ``$SEEDANCE_OPENAPI_DIR`` when set (the
bundle too, then), else in the wheel's ``seedance/_data/openapi/``, else in the checkout's
``openapi/`` (a development install). Reading YAML needs the ``tools`` extra.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from pathlib import Path
from typing import Any

from seedance._bundle import BUNDLE_JSON, OPENAPI_DIR_ENV, openapi_dir, packaged_bundle
from seedance.spec.errors import SpecSourceError
from seedance.spec.expansion import check_expansion

__all__ = [
    "BUNDLE_JSON",
    "BUNDLE_PATH",
    "LOCK_PATH",
    "OPENAPI_DIR",
    "load_bundle",
    "load_yaml_file",
    "parse_yaml_text",
    "read_lock",
]

OPENAPI_DIR = openapi_dir()
BUNDLE_PATH = OPENAPI_DIR / "seedance.yaml"
LOCK_PATH = OPENAPI_DIR / "upstream.lock.json"


def parse_yaml_text(text: str, *, origin: str) -> Any:
    """Parse YAML (or JSON, a YAML subset) into plain dicts and lists (``tools`` extra).

    A document that expands past :data:`seedance.spec.expansion.MAX_EXPANDED_NODES` nodes
    (an alias bomb) or contains itself is refused with :class:`SpecSourceError`.
    """
    from seedance.spec._yaml import load_yaml

    if text.lstrip().startswith("{"):  # JSON (a publisher's export): the C parser, same data
        try:
            document = json.loads(text)
        except ValueError:
            pass  # flow-style YAML, or broken: the YAML parser says which
        else:
            check_expansion(document, origin=origin)
            return document
    try:
        document = load_yaml(text)
    except Exception as exc:  # ruamel raises many unrelated types
        raise SpecSourceError(f"{origin}: not valid YAML or JSON: {exc}") from exc
    check_expansion(document, origin=origin)  # aliases may share nodes: bound the expansion
    return document


def load_yaml_file(path: Path) -> Any:
    """Read a YAML or JSON file into plain Python data."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecSourceError(f"cannot read {path}: {exc.strerror}") from exc
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except ValueError as exc:
            raise SpecSourceError(f"{path}: not valid JSON: {exc}") from exc
    return parse_yaml_text(text, origin=str(path))


@functools.cache
def _load_bundle_cached(path: Path) -> dict[str, Any]:
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise SpecSourceError(f"{path}: expected an OpenAPI mapping, got {type(data).__name__}")
    return data


def load_bundle(path: Path | None = None) -> dict[str, Any]:
    """Return a fresh deep copy of the bundled spec.

    By default the packaged bundle (``seedance/_data/seedance.json``; ``seedance.yaml`` in
    ``$SEEDANCE_OPENAPI_DIR`` when that is set); ``path`` reads another bundle, YAML or JSON.
    """
    if path is None and not os.environ.get(OPENAPI_DIR_ENV):
        return packaged_bundle()
    return copy.deepcopy(_load_bundle_cached((path or BUNDLE_PATH).resolve()))


def read_lock(path: Path = LOCK_PATH) -> dict[str, Any]:
    """The provenance record of the vendored upstream (``upstream.lock.json``).

    An empty dict when there is none yet (or it is not a JSON object); raises
    :class:`SpecSourceError` when the file exists but cannot be read or parsed.
    """
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SpecSourceError(f"{path} is unreadable: {exc}") from exc
    return data if isinstance(data, dict) else {}
