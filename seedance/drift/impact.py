""" "What it means for us": does our overlay still apply, and would the client surface change?

The published spec is bundled with ``openapi/overlay.yaml`` as ``make generate`` would do it,
one action at a time so that *every* action that no longer applies is named (not only the
first). When the bundle builds, the client is generated into a temporary directory
(:func:`seedance.spec.generate.generate`) and its public surface is compared with the committed
``generated_client/``. Surfaces are cached per bundle in this process.

Whatever breaks our own build (overlay unreadable, an action not applicable, the media union no
longer covering the published enum, the bundle invalid, generation failed) is also returned by
:func:`impact_changes` as an error-level change with an :class:`ImpactCheck` id: it fails the
run at every ``--fail-on`` level and the ignore file cannot accept it.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import seedance_client

from seedance.drift.model import Change, ImpactCheck
from seedance.drift.overrides import new_overrides
from seedance.drift.surface import Surface, diff_surfaces, read_surface
from seedance.spec import (
    BUNDLE_PATH,
    BundleError,
    OverlayError,
    SpecError,
    apply_overlay,
    build_bundle,
    check_discriminator_coverage,
    dump_yaml,
    load_yaml_file,
)
from seedance.spec.levels import Level
from seedance.spec.pages import family_of_lock

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


#: Characters of a tool's error message kept (a validator may quote a whole schema).
MESSAGE_LIMIT = 600


def _error(check: ImpactCheck, location: str, message: str) -> dict[str, str]:
    if len(message) > MESSAGE_LIMIT:
        message = message[: MESSAGE_LIMIT - 3] + "..."
    return {"id": check.value, "location": location, "message": message}


def failing_actions(
    document: dict[str, Any], overlay: dict[str, Any], overlay_label: str
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Apply the overlay action by action; the result and one error per failing action.

    A failing action is skipped and the next ones are tried on what the earlier ones built.
    """
    errors: list[dict[str, str]] = []
    actions = overlay.get("actions") if isinstance(overlay, dict) else None
    if not isinstance(overlay, dict) or not isinstance(actions, list) or not actions:
        try:
            apply_overlay(document, overlay)  # raises the precise "not an overlay" message
        except OverlayError as exc:
            return document, [_error(ImpactCheck.OVERLAY_UNREADABLE, overlay_label, str(exc))]
    current = document
    header = {"overlay": str(overlay.get("overlay", "1.0.0"))}
    for index, action in enumerate(actions or []):
        try:
            current = apply_overlay(current, {**header, "actions": [action]})
        except OverlayError as exc:
            text = str(exc).replace("overlay action #1", f"overlay action #{index + 1}", 1)
            errors.append(
                _error(
                    ImpactCheck.OVERLAY_ACTION_NOT_APPLICABLE,
                    f"{overlay_label}#/actions/{index}",
                    text,
                )
            )
    return current, errors


def _committed(path: Path) -> Any:
    """The committed bundle, parsed (reading it is faster than writing ours out to compare)."""
    try:
        return load_yaml_file(path)
    except SpecError:
        return None


def _no_client(result: dict[str, Any], reason: str) -> dict[str, Any]:
    result["client"] = {"checked": False, "reason": reason}
    return result


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
    now overrides that it did not override before (``overrides``). ``errors`` lists what
    breaks our build (see :func:`impact_changes`).
    """
    label = overlay_path.name
    try:
        overlay = load_yaml_file(overlay_path)
    except SpecError as exc:
        error = _error(ImpactCheck.OVERLAY_UNREADABLE, label, f"the overlay is unreadable: {exc}")
        return {
            "overlay": {"applies": False, "actions": 0, "error": error["message"]},
            "bundle": {"builds": False, "error": "no overlay"},
            "client": {"checked": False, "reason": "no bundle: the overlay is unreadable"},
            "errors": [error],
        }
    actions = len(overlay.get("actions") or []) if isinstance(overlay, dict) else 0
    result: dict[str, Any] = {"overlay": {"applies": True, "actions": actions, "error": ""}}
    if vendored is not None and isinstance(overlay, dict):
        result["overrides"] = new_overrides(vendored, document, overlay)
    bundled, errors = failing_actions(document, overlay, label)
    result["errors"] = errors
    if errors:
        result["overlay"] = {
            "applies": False,
            "actions": actions,
            "error": "; ".join(e["message"] for e in errors),
            "failing": len(errors),
        }
        result["bundle"] = {"builds": False, "error": "the overlay does not apply"}
        return _no_client(result, "no bundle: the overlay does not apply")
    try:
        check_discriminator_coverage(bundled)
    except BundleError as exc:
        errors.append(_error(ImpactCheck.MEDIA_UNION_NOT_COVERING, label, str(exc)))
        result["bundle"] = {"builds": False, "error": str(exc)}
        return _no_client(result, "no bundle: it does not build")
    try:
        # the same bundle, validated as OpenAPI, with the other vendored pages beside it
        bundle = build_bundle(document, overlay, **family_of_lock())
    except SpecError as exc:
        errors.append(_error(ImpactCheck.BUNDLE_INVALID, "/", str(exc)))
        result["bundle"] = {"builds": False, "error": str(exc)}
        return _no_client(result, "no bundle: it does not build")
    result["bundle"] = {"builds": True, "error": ""}
    if not with_client:
        return _no_client(result, "skipped (--no-client)")
    if committed_bundle.exists() and _committed(committed_bundle) == bundle:
        result["client"] = {"checked": True, "changed": False, "differences": []}
        return result  # same bundle as committed: the committed client is its output
    bundle_text = dump_yaml(bundle)
    try:
        new_surface = surface_of_bundle(bundle_text, generator or default_generator())
    except (SpecError, SystemExit, OSError) as exc:
        errors.append(_error(ImpactCheck.CLIENT_GENERATION_FAILED, "/", f"{exc}"))
        return _no_client(result, f"generation failed: {exc}")
    differences = diff_surfaces(read_surface(committed_client), new_surface)
    result["client"] = {"checked": True, "changed": bool(differences), "differences": differences}
    return result


def impact_changes(impact: dict[str, Any]) -> list[Change]:
    """The impact's errors as error-level changes (they fail every ``--fail-on`` level)."""
    return [
        Change(
            id=item["id"],
            level=Level.ERROR,
            location=item["location"],
            message=item["message"],
        )
        for item in impact.get("errors") or []
    ]
