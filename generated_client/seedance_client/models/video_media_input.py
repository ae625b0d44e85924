from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.video_media_input_type import VideoMediaInputType, check_video_media_input_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="VideoMediaInput")


@_attrs_define
class VideoMediaInput:
    type_: VideoMediaInputType
    """ Media type. `text` requires the `text` field; other types require the `url` field. """
    url: str | Unset = UNSET
    """ Media address. Not required when `type=text`; required for other types. """
    text: str | Unset = UNSET
    """ Text content. Required when `type=text`; not required for other types. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        url = self.url

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_video_media_input_type(d.pop("type"))

        url = d.pop("url", UNSET)

        text = d.pop("text", UNSET)

        video_media_input = cls(
            type_=type_,
            url=url,
            text=text,
        )

        video_media_input.additional_properties = d
        return video_media_input

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
