from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.image_to_video_request_model import (
    ImageToVideoRequestModel,
    check_image_to_video_request_model,
)
from ..models.image_to_video_request_ratio import (
    ImageToVideoRequestRatio,
    check_image_to_video_request_ratio,
)
from ..models.image_to_video_request_seconds import (
    ImageToVideoRequestSeconds,
    check_image_to_video_request_seconds,
)
from ..models.image_to_video_request_size import (
    ImageToVideoRequestSize,
    check_image_to_video_request_size,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.text_media_input import TextMediaInput
    from ..models.url_media_input import UrlMediaInput


T = TypeVar("T", bound="ImageToVideoRequest")


@_attrs_define
class ImageToVideoRequest:
    model: ImageToVideoRequestModel
    media: list[TextMediaInput | UrlMediaInput]
    seconds: ImageToVideoRequestSeconds | Unset = "5"
    """ Video generation duration (seconds) in string format. Supports "-1" (smart selection) or "4" to "15". """
    size: ImageToVideoRequestSize | Unset = "720p"
    """ Video output resolution specification. Defaults to 720p. """
    ratio: ImageToVideoRequestRatio | Unset = "adaptive"
    """ Video aspect ratio. First frame image-to-video defaults to adaptive. """
    seed: int | Unset = -1
    """ Random seed, range [-1, 4294967295]. """
    watermark: bool | Unset = False
    """ Whether to add a watermark. """
    generate_audio: bool | Unset = True
    """ Whether to generate sound synchronized with the visuals. Supported by the 2.0 series. """
    return_last_frame: bool | Unset = False
    """ Whether to return the last frame image. """
    safety_identifier: str | Unset = UNSET
    """ Unique identifier for the end user, used for compliance checks. Supported only by the 2.0 series, length not
    exceeding 64 characters. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.text_media_input import TextMediaInput  # noqa: PLC0415

        model: str = self.model

        media = []
        for media_item_data in self.media:
            media_item: dict[str, Any]
            if isinstance(media_item_data, TextMediaInput):
                media_item = media_item_data.to_dict()
            else:
                media_item = media_item_data.to_dict()

            media.append(media_item)

        seconds: str | Unset = UNSET
        if not isinstance(self.seconds, Unset):
            seconds = self.seconds

        size: str | Unset = UNSET
        if not isinstance(self.size, Unset):
            size = self.size

        ratio: str | Unset = UNSET
        if not isinstance(self.ratio, Unset):
            ratio = self.ratio

        seed = self.seed

        watermark = self.watermark

        generate_audio = self.generate_audio

        return_last_frame = self.return_last_frame

        safety_identifier = self.safety_identifier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "media": media,
            }
        )
        if seconds is not UNSET:
            field_dict["seconds"] = seconds
        if size is not UNSET:
            field_dict["size"] = size
        if ratio is not UNSET:
            field_dict["ratio"] = ratio
        if seed is not UNSET:
            field_dict["seed"] = seed
        if watermark is not UNSET:
            field_dict["watermark"] = watermark
        if generate_audio is not UNSET:
            field_dict["generate_audio"] = generate_audio
        if return_last_frame is not UNSET:
            field_dict["return_last_frame"] = return_last_frame
        if safety_identifier is not UNSET:
            field_dict["safety_identifier"] = safety_identifier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.text_media_input import TextMediaInput  # noqa: PLC0415
        from ..models.url_media_input import UrlMediaInput  # noqa: PLC0415

        d = dict(src_dict)
        model = check_image_to_video_request_model(d.pop("model"))

        media = []
        _media = d.pop("media")
        for media_item_data in _media:

            def _parse_media_item(data: object) -> TextMediaInput | UrlMediaInput:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    media_item_type_0 = TextMediaInput.from_dict(data)

                    return media_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                media_item_type_1 = UrlMediaInput.from_dict(data)

                return media_item_type_1

            media_item = _parse_media_item(media_item_data)

            media.append(media_item)

        _seconds = d.pop("seconds", UNSET)
        seconds: ImageToVideoRequestSeconds | Unset
        if isinstance(_seconds, Unset):
            seconds = UNSET
        else:
            seconds = check_image_to_video_request_seconds(_seconds)

        _size = d.pop("size", UNSET)
        size: ImageToVideoRequestSize | Unset
        if isinstance(_size, Unset):
            size = UNSET
        else:
            size = check_image_to_video_request_size(_size)

        _ratio = d.pop("ratio", UNSET)
        ratio: ImageToVideoRequestRatio | Unset
        if isinstance(_ratio, Unset):
            ratio = UNSET
        else:
            ratio = check_image_to_video_request_ratio(_ratio)

        seed = d.pop("seed", UNSET)

        watermark = d.pop("watermark", UNSET)

        generate_audio = d.pop("generate_audio", UNSET)

        return_last_frame = d.pop("return_last_frame", UNSET)

        safety_identifier = d.pop("safety_identifier", UNSET)

        image_to_video_request = cls(
            model=model,
            media=media,
            seconds=seconds,
            size=size,
            ratio=ratio,
            seed=seed,
            watermark=watermark,
            generate_audio=generate_audio,
            return_last_frame=return_last_frame,
            safety_identifier=safety_identifier,
        )

        image_to_video_request.additional_properties = d
        return image_to_video_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
