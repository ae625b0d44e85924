"""The vendored models, read from the bundle at run time: ids, modes, and what each accepts.

Every vendored page is published in the bundle under :data:`PAGES_KEY` (see
:mod:`seedance.spec.family`); :func:`catalogue` reads that once per process, lazily, from the
packaged bundle JSON. For each model id it gives its modes, and per mode (one page) the
request schema, the media types its items take with ``minItems``/``maxItems``, the accepted
values and bounds of every field, its ``x-linkage`` rules, the page's request example and the
page's name. Nothing about a model is written here: vendor a page and its model appears.

A request's mode follows from its media types: the family's modes are told apart by the
media types their pages take besides the prompt (:data:`PROMPT_TYPE`), and a request is in
the mode whose pages take the fewest media types that still include all of its own (text
only -> text-to-video; ``first_frame`` -> image-to-video; ``first_frame`` + ``last_frame`` ->
first-and-last-frame; any reference -> multimodal reference).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from seedance._bundle import json_schema, packaged_bundle, resolve_ref, to_json_schema
from seedance._linkage import Linkage, linkage_rules
from seedance.errors import Problem, RequestValidationError, SeedanceError
from seedance.validation import RequestValidator

__all__ = [
    "MEDIA_FIELD",
    "MODEL_FIELD",
    "PAGES_KEY",
    "PROMPT_TYPE",
    "UNKNOWN_MODEL_KEY",
    "Catalogue",
    "FieldSpec",
    "Mode",
    "Model",
    "catalogue",
]

#: The bundle's root extension that lists every vendored page (see seedance.spec.family).
PAGES_KEY = "x-seedance-pages"
#: The media type of the prompt item (``{"type": "text", "text": …}``), in every mode.
PROMPT_TYPE = "text"
#: The body fields every page has that are not settings: the model id and the media list.
_MODEL, _MEDIA = "model", "media"
MODEL_FIELD, MEDIA_FIELD = _MODEL, _MEDIA
#: The create operation's extension saying how the gateway answers a model no page describes
#: (the overlay's; ``{status: 503, shape: gateway-error}``).
UNKNOWN_MODEL_KEY = "x-unknown-model"


@dataclass(frozen=True)
class FieldSpec:
    """What one request field accepts, as its page states it."""

    name: str
    type: str | None
    enum: tuple[Any, ...] | None
    minimum: int | float | None
    maximum: int | float | None
    max_length: int | None
    default: Any
    description: str

    def accepts(self) -> str:
        """The accepted values in words: ``one of ['480p', '720p']``, ``integer in [-1, 9]``."""
        if self.enum is not None:
            return f"one of {list(self.enum)!r}"
        words = self.type or "any value"
        if self.minimum is not None or self.maximum is not None:
            low = "-inf" if self.minimum is None else self.minimum
            high = "inf" if self.maximum is None else self.maximum
            words += f" in [{low}, {high}]"
        if self.max_length is not None:
            words += f" of at most {self.max_length} characters"
        return words

    def as_json(self) -> dict[str, Any]:
        """The field as plain JSON (what ``seedance models --json`` prints)."""
        out: dict[str, Any] = {"type": self.type}
        for key, value in (
            ("enum", None if self.enum is None else list(self.enum)),
            ("minimum", self.minimum),
            ("maximum", self.maximum),
            ("maxLength", self.max_length),
            ("default", self.default),
        ):
            if value is not None:
                out[key] = value
        return out


def _field(name: str, schema: Mapping[str, Any]) -> FieldSpec:
    enum = schema.get("enum")
    return FieldSpec(
        name=name,
        type=schema.get("type") if isinstance(schema.get("type"), str) else None,
        enum=tuple(enum) if isinstance(enum, list) else None,
        minimum=schema.get("minimum"),
        maximum=schema.get("maximum"),
        max_length=schema.get("maxLength"),
        default=schema.get("default"),
        description=" ".join(str(schema.get("description", "")).split()),
    )


@dataclass(frozen=True, eq=False)
class Mode:
    """One page: a model in one mode, and everything its request accepts."""

    model: str
    name: str
    page: str
    request_ref: str
    media_types: tuple[str, ...]
    min_items: int | None
    max_items: int | None
    fields: Mapping[str, FieldSpec]
    linkage: tuple[Linkage, ...]
    example: Any
    description: str
    request_schema: dict[str, Any] = field(repr=False)

    @property
    def roles(self) -> frozenset[str]:
        """The media types it takes besides the prompt."""
        return frozenset(self.media_types) - {PROMPT_TYPE}

    @cached_property
    def defaults(self) -> dict[str, Any]:
        """Each field's documented default (fields without one are left out)."""
        return {n: f.default for n, f in self.fields.items() if f.default is not None}

    @cached_property
    def validator(self) -> RequestValidator:
        """The page's request schema, compiled (on first use)."""
        return RequestValidator(self.request_schema)

    def problems(self, body: Any) -> list[Problem]:
        """Every rule of the page ``body`` breaks: its schema's, then its ``x-linkage``'s; each
        message names the model and the mode."""
        where = f" ({self.model} {self.name})"
        found = [Problem(p.field, p.rule, p.message + where) for p in self.validator.problems(body)]
        if isinstance(body, Mapping):
            for rule in self.linkage:
                if rule.broken_by(body, self.defaults):
                    found.append(
                        Problem(
                            rule.field,
                            "x-linkage",
                            f"{rule.field}: {body[rule.field]!r} is not allowed on {self.model} "
                            f"{self.name}: {rule.sentence()}",
                        )
                    )
        return found

    def as_json(self) -> dict[str, Any]:
        """The mode as plain JSON (what ``seedance models --json`` prints)."""
        return {
            "page": self.page,
            "media_types": list(self.media_types),
            "min_items": self.min_items,
            "max_items": self.max_items,
            "fields": {n: f.as_json() for n, f in self.fields.items()},
            "linkage": [r.sentence() for r in self.linkage],
        }


@dataclass(frozen=True)
class Model:
    """One model id and its modes (one page each)."""

    id: str
    modes: Mapping[str, Mode]

    @property
    def fields(self) -> frozenset[str]:
        """Every field any of its pages defines."""
        return frozenset(name for mode in self.modes.values() for name in mode.fields)

    def describe_modes(self) -> str:
        """``image-to-video (first_frame), text-to-video ()``."""
        return ", ".join(
            f"{name} ({', '.join(sorted(mode.roles))})" for name, mode in sorted(self.modes.items())
        )

    def as_json(self) -> dict[str, Any]:
        """The model as plain JSON: its modes by name (what ``seedance models --json`` prints)."""
        return {"modes": {name: mode.as_json() for name, mode in self.modes.items()}}


def _problem(field_name: str, rule: str, message: str) -> RequestValidationError:
    return RequestValidationError([Problem(field_name, rule, f"{field_name}: {message}")])


@dataclass(frozen=True)
class Catalogue:
    """Every vendored model, its modes and the page of each; the seed page's model first."""

    models: Mapping[str, Model]
    pages: Mapping[str, Mode]
    seed_page: str
    #: The HTTP status the gateway answers a create for a model no page describes (the
    #: bundle's ``x-unknown-model`` on the create operation; ``None`` when it says nothing).
    unknown_model_status: int | None = None

    @property
    def default_model(self) -> str:
        """The seed page's model: what a request without ``model`` is for."""
        return self.pages[self.seed_page].model

    @cached_property
    def _family_roles(self) -> dict[str, frozenset[str]]:
        roles: dict[str, frozenset[str]] = {}
        for mode in self.pages.values():
            roles[mode.name] = roles.get(mode.name, frozenset()) | mode.roles
        return roles

    def model(self, model_id: str) -> Model:
        """The model ``model_id``; :class:`RequestValidationError` naming the vendored ones."""
        found = self.models.get(model_id)
        if found is None:
            raise _problem(
                _MODEL,
                "enum",
                f"{model_id!r} is not a vendored model; the models are {list(self.models)!r}",
            )
        return found

    def mode_name_for(self, media_types: Iterable[str]) -> str:
        """The mode a request with these media types is in (see the module's docstring)."""
        wanted = frozenset(media_types) - {PROMPT_TYPE}
        fitting = [
            (len(roles), name) for name, roles in self._family_roles.items() if wanted <= roles
        ]
        if not fitting:
            described = ", ".join(
                f"{n} ({', '.join(sorted(r))})" for n, r in sorted(self._family_roles.items())
            )
            raise _problem(
                _MEDIA,
                "mode",
                f"no mode takes media {sorted(wanted)!r} together; the modes are {described}",
            )
        return min(fitting)[1]

    def mode_for(self, model_id: str, media_types: Iterable[str]) -> Mode:
        """The page that judges a request for ``model_id`` with these media types.

        :class:`RequestValidationError` when the model is not vendored, has no page for that
        mode, or its page does not take one of the media types (naming what it accepts).
        """
        types = list(media_types)
        model = self.model(model_id)
        name = self.mode_name_for(types)
        mode = model.modes.get(name)
        if mode is None:
            raise _problem(
                _MEDIA,
                "mode",
                f"{model_id} has no {name} mode; it accepts: {model.describe_modes()}",
            )
        missing = sorted(set(types) - set(mode.media_types))
        if missing:
            raise _problem(
                _MEDIA,
                "enum",
                f"{model_id} {name} takes no {missing!r} media; "
                f"it takes {list(mode.media_types)!r}",
            )
        return mode

    def extra_fields(self, mode: Mode) -> tuple[str, ...]:
        """Fields ``mode``'s page defines that the seed page does not."""
        seed = self.pages[self.seed_page].fields
        return tuple(n for n in mode.fields if n not in seed)

    def missing_fields(self, mode: Mode) -> tuple[str, ...]:
        """Fields the seed page defines that ``mode``'s page does not."""
        return tuple(n for n in self.pages[self.seed_page].fields if n not in mode.fields)

    def as_json(self) -> dict[str, Any]:
        """Every model as plain JSON, the default first (what ``seedance models --json``
        prints)."""
        return {
            "default_model": self.default_model,
            "models": {mid: model.as_json() for mid, model in self.models.items()},
        }


def _mode(bundle: dict[str, Any], page: str, entry: Mapping[str, Any]) -> Mode:
    ref = str(entry["request"]["$ref"])
    request = resolve_ref(bundle, entry["request"])
    properties = {
        name: resolve_ref(bundle, schema)
        for name, schema in (request.get("properties") or {}).items()
    }
    media = properties.get(_MEDIA) or {}
    items = resolve_ref(bundle, media.get("items") or {})
    type_enums: list[Any] = []
    for item in [items, *(resolve_ref(bundle, m) for m in items.get("oneOf") or [])]:
        for value in ((item.get("properties") or {}).get("type") or {}).get("enum") or []:
            if value not in type_enums:
                type_enums.append(value)
    operation = resolve_ref(bundle, entry["operation"])
    examples = ((operation.get("requestBody") or {}).get("content") or {}).get(
        "application/json"
    ) or {}
    example = examples.get("example")
    if example is None:
        for value in (examples.get("examples") or {}).values():
            example = resolve_ref(bundle, value).get("value")
            break
    schema = json_schema(bundle, {"$ref": ref})
    if "/schemas/" in ref and ref.startswith(f"#/{PAGES_KEY}/"):
        own = bundle[PAGES_KEY][page]["schemas"]
        schema[PAGES_KEY] = {page: {"schemas": to_json_schema(own)}}
    return Mode(
        model=str(entry["model"]),
        name=str(entry["mode"]),
        page=page,
        request_ref=ref,
        media_types=tuple(map(str, type_enums)),
        min_items=media.get("minItems"),
        max_items=media.get("maxItems"),
        fields={n: _field(n, s) for n, s in properties.items() if n not in (_MODEL, _MEDIA)},
        linkage=linkage_rules(properties),
        example=example,
        description=" ".join(str(operation.get("description", "")).split()),
        request_schema=schema,
    )


def catalogue_of(bundle: dict[str, Any]) -> Catalogue:
    """The catalogue of ``bundle`` (an OpenAPI document with :data:`PAGES_KEY`)."""
    entries = bundle.get(PAGES_KEY)
    if not isinstance(entries, dict) or not entries:
        raise SeedanceError(f"the bundle lists no pages under {PAGES_KEY}: run `make generate`")
    pages = {name: _mode(bundle, name, entry) for name, entry in entries.items()}
    grouped: dict[str, dict[str, Mode]] = {}
    for mode in pages.values():
        grouped.setdefault(mode.model, {})[mode.name] = mode
    seed = next(iter(pages))
    ordered = {pages[seed].model: grouped.pop(pages[seed].model), **grouped}
    models = {mid: Model(mid, modes) for mid, modes in ordered.items()}
    unknown = resolve_ref(bundle, entries[seed]["operation"]).get(UNKNOWN_MODEL_KEY) or {}
    status = unknown.get("status") if isinstance(unknown, Mapping) else None
    return Catalogue(
        models=models,
        pages=pages,
        seed_page=seed,
        unknown_model_status=status if isinstance(status, int) else None,
    )


@functools.cache
def _cached(path: Path | None) -> Catalogue:
    if path is None:
        return catalogue_of(packaged_bundle())
    return catalogue_of(json.loads(path.read_text(encoding="utf-8")))


def catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue of the packaged bundle (or of the JSON bundle at ``path``), read once."""
    return _cached(path.resolve() if path is not None else None)
