from typing import Literal

TextMediaInputType = Literal["text"]

TEXT_MEDIA_INPUT_TYPE_VALUES: set[TextMediaInputType] = {
    "text",
}


def check_text_media_input_type(value: str) -> TextMediaInputType:
    if value in TEXT_MEDIA_INPUT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TEXT_MEDIA_INPUT_TYPE_VALUES!r}")
