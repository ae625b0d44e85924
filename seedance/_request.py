"""Build the create request from keyword arguments and check it before anything is sent.

The request is the generated ``ImageToVideoRequest`` model; its body is checked by
:class:`seedance.validation.RequestValidator` (the module the mock answers 400 with)
compiled once from the bundle's create operation, so every enum, bound and media rule comes
from the spec. The model id and the media item types are read from the generated literals
(made from the same bundle), never spelled here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from seedance_client.models.image_to_video_request import ImageToVideoRequest
from seedance_client.models.image_to_video_request_model import (
    IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES,
    ImageToVideoRequestModel,
)
from seedance_client.models.text_media_input import TextMediaInput
from seedance_client.models.text_media_input_type import TEXT_MEDIA_INPUT_TYPE_VALUES
from seedance_client.models.url_media_input import UrlMediaInput
from seedance_client.models.url_media_input_type import URL_MEDIA_INPUT_TYPE_VALUES
from seedance_client.types import UNSET

from seedance._bundle import OperationRoles, operation_roles, operations, packaged_bundle
from seedance._create import check_size
from seedance._images import first_frame_url
from seedance.errors import Problem, RequestValidationError, SeedanceError
from seedance.validation import RequestValidator

__all__ = ["Spec", "build_request", "check_request", "request_body", "spec"]

_V = TypeVar("_V", bound=str)
#: Stands in for a first frame that was refused, only to check the other fields (every
#: problem is listed at once); a request holding it is never returned, so never sent.
_REFUSED_FRAME = "https://first-frame.invalid/refused.png"
_FRAME_INDEX = 1  # the first frame's place in ``media`` (after the prompt)


@dataclass(frozen=True)
class Spec:
    """What the SDK reads from the bundle once: the operations by role and the validator."""

    roles: OperationRoles
    validator: RequestValidator


@functools.cache
def spec() -> Spec:
    """The bundle's roles and the compiled create-request validator (built on first use)."""
    roles = operation_roles(operations(packaged_bundle()))
    schema = roles.create.request_schema
    if schema is None:  # pragma: no cover - operation_roles finds create by its body
        raise SeedanceError("the bundle's create operation has no JSON request schema")
    return Spec(roles, RequestValidator(schema))


def _only(values: set[_V], field: str) -> _V:
    """The one value the spec allows for ``field``; when it allows several, the caller must
    choose (a RequestValidationError says which)."""
    if len(values) != 1:
        raise RequestValidationError(
            [
                Problem(
                    field,
                    "required",
                    f"{field}: the spec allows {sorted(map(str, values))}; pass one",
                )
            ]
        )
    return next(iter(values))


def _opt(value: Any) -> Any:
    return UNSET if value is None else value


def build_request(
    *,
    prompt: str,
    first_frame: str | Path | bytes,
    model: str | None = None,
    seconds: int | str | None = None,
    size: str | None = None,
    ratio: str | None = None,
    seed: int | None = None,
    watermark: bool | None = None,
    generate_audio: bool | None = None,
    return_last_frame: bool | None = None,
    safety_identifier: str | None = None,
) -> ImageToVideoRequest:
    """The generated request model for these arguments (``None``: the gateway's default).

    Values are not checked here but by :func:`check_request`; ``seconds`` may be an int.
    A first frame that is refused (a local path, not an image, …) raises
    :class:`RequestValidationError` listing its problems together with every other field's.
    """
    chosen: ImageToVideoRequestModel | str = model or _only(
        IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES, "model"
    )
    frame_problems: list[Problem] = []
    try:
        url = first_frame_url(first_frame)
    except RequestValidationError as exc:
        frame_problems, url = exc.problems, _REFUSED_FRAME
    media: list[TextMediaInput | UrlMediaInput] = [
        TextMediaInput(type_=_only(TEXT_MEDIA_INPUT_TYPE_VALUES, "media[0].type"), text=prompt),
        UrlMediaInput(
            type_=_only(URL_MEDIA_INPUT_TYPE_VALUES, f"media[{_FRAME_INDEX}].type"), url=url
        ),
    ]
    request = ImageToVideoRequest(
        model=chosen,  # type: ignore[arg-type]  # checked against the enum by check_request
        media=media,
        seconds=UNSET if seconds is None else str(seconds),  # type: ignore[arg-type]
        size=_opt(size),
        ratio=_opt(ratio),
        seed=_opt(seed),
        watermark=_opt(watermark),
        generate_audio=_opt(generate_audio),
        return_last_frame=_opt(return_last_frame),
        safety_identifier=_opt(safety_identifier),
    )
    if frame_problems:
        frame = f"media[{_FRAME_INDEX}]"
        others = [
            problem
            for problem in spec().validator.problems(request_body(request))
            if not problem.field.startswith(frame)
        ]
        raise RequestValidationError([*frame_problems, *others])
    return request


def request_body(request: ImageToVideoRequest) -> dict[str, Any]:
    """The JSON body the generated client sends for ``request``."""
    return request.to_dict()


def check_request(request: ImageToVideoRequest) -> None:
    """Raise :class:`RequestValidationError` listing every rule ``request`` breaks (the
    spec's, and the body-size limit when an image is embedded)."""
    body = request_body(request)
    problems = spec().validator.problems(body)
    if problems:
        raise RequestValidationError(problems)
    check_size(body)
