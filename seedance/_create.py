"""The create body for any vendored model, built from ``create``'s keyword arguments and
checked against that model's page for the request's mode before anything is sent.

The media keywords are the SDK's interface: ``first_frame`` and ``last_frame`` (one item
each) and ``reference_images``, ``reference_videos``, ``reference_audios`` (a list each); an
item's media type is the keyword's name, singular. Images (frames and reference images) may
be a URL, a :class:`pathlib.Path` or ``bytes`` (checked by :mod:`seedance._images`, sent as a
data URL); videos and audios are URLs. The mode follows from the media types
(:meth:`seedance._models.Catalogue.mode_for`), and every problem is reported at once: an
unknown model, a mode or media type the model lacks, a keyword no page of the model defines,
a field its page for this mode lacks, the page's schema rules and its ``x-linkage`` rules,
bad images. Nothing here names a model, a mode, an enum or a bound.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seedance._images import IMAGE_RULES, check_body_size, first_frame_url, is_local
from seedance._models import PROMPT_TYPE, Catalogue, Mode, catalogue
from seedance.errors import Problem, RequestValidationError

__all__ = [
    "IMAGE_KEYWORDS",
    "MEDIA_KEYWORDS",
    "VideoRequest",
    "build_body",
    "check_body",
    "check_size",
]

#: The media keywords taking one item, and those taking a list (item type: singular name).
_SINGLE = ("first_frame", "last_frame")
_LISTS = ("reference_images", "reference_videos", "reference_audios")
MEDIA_KEYWORDS = (*_SINGLE, *_LISTS)
#: The media keywords that take local images (a Path or bytes) besides URLs.
IMAGE_KEYWORDS = frozenset({"first_frame", "last_frame", "reference_images"})
#: Keywords that are not body fields.
_NOT_FIELDS = frozenset({"prompt", "model", *MEDIA_KEYWORDS})
_MAX_BYTES_PER_CHAR = 6  # a control character is escaped as \\u00XX in JSON
_OTHER_FIELDS_BYTES = 4096


@dataclass(frozen=True)
class VideoRequest:
    """A create request checked against its model's page for its mode: what
    ``videos.validate`` returns and ``videos.submit`` sends."""

    mode: Mode
    body: dict[str, Any]

    @property
    def model(self) -> str:
        """The model id."""
        return self.mode.model

    def to_dict(self) -> dict[str, Any]:
        """The JSON body sent (a copy)."""
        return json.loads(json.dumps(self.body))  # type: ignore[no-any-return]


def _media_type(keyword: str) -> str:
    return keyword if keyword in _SINGLE else keyword.removesuffix("s")


def _items(keyword: str, value: Any) -> list[tuple[str, Any]]:
    if keyword in _SINGLE:
        return [] if value is None else [(keyword, value)]
    if value is None:
        return []
    if isinstance(value, str | bytes | Path):
        value = [value]  # one item given bare
    return [(f"{keyword}[{i}]", item) for i, item in enumerate(value)]


def _url(keyword: str, where: str, value: Any) -> str:
    if keyword in IMAGE_KEYWORDS:
        return first_frame_url(value, field=where)
    if not isinstance(value, str) or is_local(value):
        raise RequestValidationError(
            [
                Problem(
                    where,
                    "url",
                    f"{where}: {value!r} is not a URL the gateway can read; give a public "
                    "https:// URL or an asset://ID (only images are sent from local files)",
                )
            ]
        )
    return value


def _value(mode: Mode | None, name: str, value: Any) -> Any:
    """``5`` for a string field (``seconds``) is sent as ``"5"``; anything else as given."""
    spec = mode.fields.get(name) if mode is not None else None
    if spec is not None and spec.type == "string" and isinstance(value, int):
        return value if isinstance(value, bool) else str(value)
    return value


def _missing_frames(mode: Mode, arguments: Mapping[str, Any]) -> list[Problem]:
    """The one-item media (frames) a mode's page takes are what makes the mode: a request in
    that mode without one of them is refused (a last frame needs a first frame)."""
    return [
        Problem(
            keyword,
            "required",
            f"{keyword}: {mode.model} {mode.name} needs it (its media types: "
            f"{list(mode.media_types)})",
        )
        for keyword in _SINGLE
        if _media_type(keyword) in mode.media_types and arguments.get(keyword) is None
    ]


def _field_problems(
    cat: Catalogue, model_id: str, mode: Mode | None, names: Iterable[str]
) -> list[Problem]:
    model = cat.models.get(model_id)
    if model is None:
        return []
    found: list[Problem] = []
    for name in names:
        if name not in model.fields:
            found.append(
                Problem(
                    name,
                    "unknown-field",
                    f"{name}: no page of {model_id} defines it; its fields are "
                    f"{sorted(model.fields)}",
                )
            )
        elif mode is not None and name not in mode.fields:
            found.append(
                Problem(
                    name,
                    "field-not-in-mode",
                    f"{name}: {model_id} {mode.name} does not take it; that page's fields are "
                    f"{list(mode.fields)}",
                )
            )
    return found


def build_body(*, prompt: str, model: str | None = None, **arguments: Any) -> VideoRequest:
    """The body ``create`` sends for these keyword arguments (``None``: left out, so the
    gateway's default applies), checked against the model's page for the request's mode.

    Raises :class:`RequestValidationError` listing every problem; nothing is sent.
    """
    cat = catalogue()
    model_id = model or cat.default_model
    problems: list[Problem] = []
    media: list[dict[str, Any]] = [{"type": PROMPT_TYPE, "text": prompt}]
    for keyword in MEDIA_KEYWORDS:
        for where, value in _items(keyword, arguments.get(keyword)):
            try:
                url = _url(keyword, where, value)
            except RequestValidationError as exc:
                problems.extend(exc.problems)
                url = ""
            media.append({"type": _media_type(keyword), "url": url})
    mode: Mode | None = None
    try:
        mode = cat.mode_for(model_id, [item["type"] for item in media])
    except RequestValidationError as exc:
        problems.extend(exc.problems)
    if mode is not None:
        problems.extend(_missing_frames(mode, arguments))
    given = {k: v for k, v in arguments.items() if k not in _NOT_FIELDS and v is not None}
    field_problems = _field_problems(cat, model_id, mode, given)
    problems.extend(field_problems)
    body: dict[str, Any] = {"model": model_id, "media": media}
    body.update({name: _value(mode, name, value) for name, value in given.items()})
    if mode is not None and not problems:
        problems.extend(mode.problems(body))
    elif mode is not None:  # report the page's rules too, on the fields it does define
        refused = {p.field for p in field_problems}
        checked = {k: v for k, v in body.items() if k not in refused}
        problems.extend(p for p in mode.problems(checked) if not p.field.startswith("media"))
    if problems or mode is None:
        raise RequestValidationError(problems)
    check_body(mode, body)
    return VideoRequest(mode, body)


def check_body(mode: Mode, body: Mapping[str, Any]) -> None:
    """Raise :class:`RequestValidationError` when ``body`` breaks ``mode``'s page (its schema,
    its ``x-linkage``) or, with an embedded image, the body-size limit."""
    problems = mode.problems(body)
    if problems:
        raise RequestValidationError(problems)
    check_size(body)


def check_size(body: Mapping[str, Any]) -> None:
    """Refuse a body over the publisher's size limit (serialised only when its media texts
    could reach it: the usual URL-only body is never serialised twice)."""
    media = body.get("media")
    texts = (
        sum(len(str(v)) for item in media or () if isinstance(item, Mapping) for v in item.values())
        if isinstance(media, list)
        else 0
    )
    if texts * _MAX_BYTES_PER_CHAR + _OTHER_FIELDS_BYTES <= IMAGE_RULES.max_body_bytes:
        return
    check_body_size(len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()))
