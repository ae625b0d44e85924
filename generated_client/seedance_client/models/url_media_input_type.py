from typing import Literal

UrlMediaInputType = Literal["first_frame"]

URL_MEDIA_INPUT_TYPE_VALUES: set[UrlMediaInputType] = {
    "first_frame",
}


def check_url_media_input_type(value: str) -> UrlMediaInputType:
    if value in URL_MEDIA_INPUT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {URL_MEDIA_INPUT_TYPE_VALUES!r}")
