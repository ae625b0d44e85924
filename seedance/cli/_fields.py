"""What the command line knows about a model's fields, read from the catalogue of pages.

``--field name=value`` takes any field of the chosen model's pages; the value is read by that
field's type on the page (``integer``, ``number``, ``boolean``, else the text as given), and
the SDK then checks it against the page for the request's mode. Nothing about a model is
written here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from seedance.catalogue import FieldSpec, Model, catalogue
from seedance.cli._exit import CliError

__all__ = ["parse_fields"]

_TRUE = frozenset({"true", "yes", "1", "on"})
_FALSE = frozenset({"false", "no", "0", "off"})


def _spec(model: Model, name: str) -> FieldSpec | None:
    return next((mode.fields[name] for mode in model.modes.values() if name in mode.fields), None)


def _value(spec: FieldSpec, model_id: str, text: str) -> Any:
    kind = spec.type
    wanted = f"--field {spec.name}={text}: {spec.name} on {model_id} is {spec.accepts()}"
    if kind == "boolean":
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise CliError(f"{wanted}; give true or false")
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            raise CliError(f"{wanted}; give a whole number") from None
    if kind == "number":
        try:
            return float(text) if not text.lstrip("-").isdigit() else int(text)
        except ValueError:
            raise CliError(f"{wanted}; give a number") from None
    if kind in ("array", "object"):
        try:
            return json.loads(text)
        except ValueError:
            raise CliError(f"{wanted}; give it as JSON") from None
    return text


def parse_fields(model_id: str | None, pairs: Iterable[str]) -> dict[str, Any]:
    """``{name: value}`` of ``--field name=value`` pairs for ``model_id`` (default: the
    default model); :class:`CliError` naming the model's fields for an unknown one."""
    found: dict[str, Any] = {}
    cat = catalogue()
    model_id = model_id or cat.default_model
    try:
        model = cat.model(model_id)
    except Exception as exc:  # RequestValidationError naming the vendored models
        raise CliError(f"--model {model_id}: {exc}") from None
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CliError(f"--field {pair!r}: expected name=value")
        spec = _spec(model, name)
        if spec is None:
            raise CliError(
                f"--field {name}: {model_id} has no field {name!r}; its pages define "
                f"{sorted(model.fields)}"
            )
        found[name] = _value(spec, model_id, text)
    return found
