""" "What it means for us": does our overlay still apply, and would the client surface change?

The published spec is bundled with ``openapi/overlay.yaml`` exactly as ``make generate`` would
do it; the first overlay action that no longer matches is named. When the bundle builds, the
client is generated into a temporary directory (:func:`seedance.spec.generate.generate`) and
its public surface is compared with the committed ``generated_client/``. Surfaces are cached
per bundle in this process, so one generation serves every comparison of the same bundle.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import seedance_client

from seedance.drift.overrides import new_overrides
from seedance.drift.surface import Surface, diff_surfaces, read_surface
from seedance.spec import (
    BUNDLE_PATH,
    BundleError,
    OverlayError,
    SpecError,
    build_bundle,
    dump_yaml,
    load_yaml_file,
)

#: The installed generated client (the checkout's ``generated_client/`` in a development install).
COMMITTED_CLIENT = Path(seedance_client.__file__).resolve().parent
Generator = Callable[[Path, Path], None]
_SURFACES: dict[str, Surface] = {}


def default_generator() -> Generator:
    """:func:`seedance.spec.generate.generate` (needs the ``tools`` extra)."""
    from seedance.spec.generate import generate

    return generate


def surface_of_bundle(bundle_text: str, generator: Generator) -> Surface:
    """Generate the client for ``bundle_text`` in a scratch directory and read its surface."""
    key = hashlib.sha256(bundle_text.encode("utf-8")).hexdigest()
    if key not in _SURFACES:
        with tempfile.TemporaryDirectory(prefix="seedance-drift-") as scratch:
            spec_path = Path(scratch) / "seedance.yaml"
            spec_path.write_text(bundle_text, encoding="utf-8")
            output = Path(scratch) / "seedance_client"
            generator(spec_path, output)
            _SURFACES[key] = read_surface(output)
    return _SURFACES[key]


def analyse_impact(
    document: dict[str, Any],
    *,
    overlay_path: Path,
    committed_client: Path = COMMITTED_CLIENT,
    committed_bundle: Path = BUNDLE_PATH,
    generator: Generator | None = None,
    with_client: bool = True,
    vendored: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The "what it means for us" section for a published ``document``.

    With ``vendored`` (the current upstream), it also lists the published values the overlay
    now overrides that it did not override before (``overrides``).
    """
    try:
        overlay = load_yaml_file(overlay_path)
    except SpecError as exc:
        return {"overlay": {"applies": False, "actions": 0, "error": str(exc)}}
    actions = len(overlay.get("actions") or [])
    result: dict[str, Any] = {"overlay": {"applies": True, "actions": actions, "error": ""}}
    if vendored is not None:
        result["overrides"] = new_overrides(vendored, document, overlay)
    try:
        bundle = build_bundle(document, overlay)  # applies the overlay, then checks the result
    except OverlayError as exc:
        result["overlay"] = {"applies": False, "actions": actions, "error": str(exc)}
        result["bundle"] = {"builds": False, "error": "the overlay does not apply"}
        result["client"] = {"checked": False, "reason": "no bundle: the overlay does not apply"}
        return result
    except BundleError as exc:
        result["bundle"] = {"builds": False, "error": str(exc)}
        result["client"] = {"checked": False, "reason": "no bundle: it does not build"}
        return result
    result["bundle"] = {"builds": True, "error": ""}
    if not with_client:
        result["client"] = {"checked": False, "reason": "skipped (--no-client)"}
        return result
    bundle_text = dump_yaml(bundle)
    if committed_bundle.exists() and committed_bundle.read_text(encoding="utf-8") == bundle_text:
        result["client"] = {"checked": True, "changed": False, "differences": []}
        return result  # same bundle as committed: the committed client is its output
    try:
        new_surface = surface_of_bundle(bundle_text, generator or default_generator())
    except (SpecError, SystemExit, OSError) as exc:
        result["client"] = {"checked": False, "reason": f"generation failed: {exc}"}
        return result
    differences = diff_surfaces(read_surface(committed_client), new_surface)
    result["client"] = {"checked": True, "changed": bool(differences), "differences": differences}
    return result
