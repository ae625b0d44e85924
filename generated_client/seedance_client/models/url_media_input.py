from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.url_media_input_type import UrlMediaInputType, check_url_media_input_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="UrlMediaInput")


@_attrs_define
class UrlMediaInput:
    """A media item addressed by URL (e.g. a first frame image). Requires `url`."""

    type_: UrlMediaInputType
    url: str
    """ Media address. Required for every type other than `text`. """
    text: str | Unset = UNSET
    """ Not required for types other than `text`. """
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
                "url": url,
            }
        )
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_url_media_input_type(d.pop("type"))

        url = d.pop("url")

        text = d.pop("text", UNSET)

        url_media_input = cls(
            type_=type_,
            url=url,
            text=text,
        )

        url_media_input.additional_properties = d
        return url_media_input

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
