"""Which vendored page judges a create body, and what that page says about it (the mock
answers by it; the contract suite tells by it whether a body is another page's request).

The gateway serves every vendored model on one create operation: a body's ``model`` names
the model, its media types name the mode (:meth:`seedance._models.Catalogue.mode_for`), and
that model's page for that mode judges it (its schema and ``x-linkage``:
:meth:`seedance._models.Mode.problems`). A model no page describes is not a validation
problem but a routing one: the gateway has no channel for it (:class:`UnknownModel`; the
status is the bundle's, :attr:`seedance._models.Catalogue.unknown_model_status`).

The page is looked up once per (model, media types) and kept, so the usual create costs a
dictionary lookup and one compiled-schema check.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from seedance._models import MEDIA_FIELD, MODEL_FIELD, Catalogue, Mode
from seedance.errors import Problem, RequestValidationError

__all__ = ["CreateJudge", "Judgement", "UnknownModel"]

#: At most this many (model, media types) lookups are kept (a client sending random types
#: must not grow the mock without bound).
_MAX_CACHED = 4096


@dataclass(frozen=True)
class UnknownModel:
    """The body names a model no vendored page describes."""

    model: str
    known: tuple[str, ...]

    def message(self) -> str:
        """The gateway-error message."""
        return (
            f"no available channel for model {self.model!r}: the gateway serves "
            f"{list(self.known)!r}"
        )


@dataclass(frozen=True)
class Judgement:
    """The page that judged the body (``None`` when none could) and its problems."""

    mode: Mode | None
    problems: list[Problem]


def _media_types(body: Mapping[str, Any]) -> frozenset[str]:
    media = body.get(MEDIA_FIELD)
    if not isinstance(media, list):
        return frozenset()
    return frozenset(
        kind
        for item in media
        if isinstance(item, dict) and isinstance(kind := item.get("type"), str)
    )


class CreateJudge:
    """Judges create bodies by the catalogue's pages (thread-safe: the cache only grows by
    whole entries)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._known = tuple(catalogue.models)
        self._types = frozenset(t for mode in catalogue.pages.values() for t in mode.media_types)
        self._pages: dict[tuple[str, frozenset[str]], Mode | list[Problem]] = {}
        #: the usual create's shortcut: (model, media types in order) -> its page's verdict
        #: on a valid body (built once per page)
        self._ordered: dict[tuple[Any, ...], tuple[Mode, Judgement]] = {}

    def _page(self, model: str, types: frozenset[str]) -> Mode | list[Problem]:
        key = (model, types)
        found = self._pages.get(key)
        if found is None:
            try:
                found = self.catalogue.mode_for(model, types)
            except RequestValidationError as exc:
                found = list(exc.problems)
                if not types <= self._types:
                    # a type no page knows: the page the known types select says what is wrong
                    with contextlib.suppress(RequestValidationError):
                        found = self.catalogue.mode_for(model, types & self._types)
            if len(self._pages) < _MAX_CACHED:
                self._pages[key] = found
        return found

    def page_of(self, body: Mapping[str, Any]) -> Mode | None:
        """The page that judges ``body`` (``None``: an unknown model, or no page fits)."""
        model = body.get(MODEL_FIELD)
        if isinstance(model, str) and model not in self.catalogue.models:
            return None
        named = model if isinstance(model, str) else self.catalogue.default_model
        page = self._page(named, _media_types(body))
        return None if isinstance(page, list) else page

    def judge(self, body: Mapping[str, Any]) -> Judgement | UnknownModel:
        """The judgement of ``body`` (a JSON object), or :class:`UnknownModel`."""
        model = body.get(MODEL_FIELD)
        media = body.get(MEDIA_FIELD)
        if model.__class__ is str and media.__class__ is list:  # the mock's hot path
            key = (model, *[i.get("type") if i.__class__ is dict else None for i in media])
            try:
                known = self._ordered.get(key)
            except TypeError:  # a type that is a JSON object or array: no shortcut
                return self._judgement(body)
            if known is not None:
                page, valid = known
                if page.validator.is_valid(body) and not page.linkage:
                    return valid
                return Judgement(page, page.problems(body))
            found = self._judgement(body)
            if (
                isinstance(found, Judgement)
                and found.mode is not None
                and len(self._ordered) < _MAX_CACHED
            ):
                self._ordered[key] = (found.mode, Judgement(found.mode, []))
            return found
        return self._judgement(body)

    def _judgement(self, body: Mapping[str, Any]) -> Judgement | UnknownModel:
        model = body.get(MODEL_FIELD)
        if isinstance(model, str) and model not in self.catalogue.models:
            return UnknownModel(model, self._known)
        # a body without a (string) model is judged as the default model's: its page says
        # what is wrong with the model field
        page = self._page(
            model if isinstance(model, str) else self.catalogue.default_model, _media_types(body)
        )
        if isinstance(page, list):
            return Judgement(None, page)
        if page.validator.is_valid(body) and not page.linkage:
            return Judgement(page, [])
        return Judgement(page, page.problems(body))
