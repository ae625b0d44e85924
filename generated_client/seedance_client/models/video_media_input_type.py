from typing import Literal

VideoMediaInputType = Literal["first_frame", "text"]

VIDEO_MEDIA_INPUT_TYPE_VALUES: set[VideoMediaInputType] = {
    "first_frame",
    "text",
}


def check_video_media_input_type(value: str) -> VideoMediaInputType:
    if value in VIDEO_MEDIA_INPUT_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VIDEO_MEDIA_INPUT_TYPE_VALUES!r}"
    )
