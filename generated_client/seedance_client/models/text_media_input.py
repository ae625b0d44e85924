from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.text_media_input_type import TextMediaInputType, check_text_media_input_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="TextMediaInput")


@_attrs_define
class TextMediaInput:
    """A text prompt item. Requires `text`."""

    type_: TextMediaInputType
    text: str
    """ Text content. Required when `type=text`. """
    url: str | Unset = UNSET
    """ Not required when `type=text`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        text = self.text

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "text": text,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_text_media_input_type(d.pop("type"))

        text = d.pop("text")

        url = d.pop("url", UNSET)

        text_media_input = cls(
            type_=type_,
            text=text,
            url=url,
        )

        text_media_input.additional_properties = d
        return text_media_input

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
