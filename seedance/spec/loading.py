"""Where the spec files live and how the runtime reads the bundle (once per process)."""

from __future__ import annotations

import copy
import functools
import json
import os
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from seedance.spec.errors import SpecSourceError

REPO_ROOT = Path(__file__).resolve().parents[2]
OPENAPI_DIR = Path(os.environ.get("SEEDANCE_OPENAPI_DIR", REPO_ROOT / "openapi"))
BUNDLE_PATH = OPENAPI_DIR / "seedance.yaml"
LOCK_PATH = OPENAPI_DIR / "upstream.lock.json"


def parse_yaml_text(text: str, *, origin: str) -> Any:
    """Parse YAML (or JSON, a YAML subset) into plain dicts and lists."""
    yaml = YAML(typ="safe", pure=True)
    try:
        return yaml.load(text)
    except Exception as exc:  # ruamel raises many unrelated types
        raise SpecSourceError(f"{origin}: not valid YAML or JSON: {exc}") from exc


def load_yaml_file(path: Path) -> Any:
    """Read a YAML or JSON file into plain Python data."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecSourceError(f"cannot read {path}: {exc.strerror}") from exc
    return parse_yaml_text(text, origin=str(path))


@functools.cache
def _load_bundle_cached(path: Path) -> dict[str, Any]:
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise SpecSourceError(f"{path}: expected an OpenAPI mapping, got {type(data).__name__}")
    return data


def load_bundle(path: Path | None = None) -> dict[str, Any]:
    """Return a fresh deep copy of the bundled spec (``openapi/seedance.yaml`` by default)."""
    return copy.deepcopy(_load_bundle_cached((path or BUNDLE_PATH).resolve()))


def read_lock(path: Path = LOCK_PATH) -> dict[str, Any]:
    """The provenance record of the vendored upstream (``openapi/upstream.lock.json``).

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
