from typing import Literal

ImageToVideoRequestSeconds = Literal["-1", "10", "11", "12", "15", "4", "5", "6", "7", "8", "9"]

IMAGE_TO_VIDEO_REQUEST_SECONDS_VALUES: set[ImageToVideoRequestSeconds] = {
    "-1",
    "10",
    "11",
    "12",
    "15",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
}


def check_image_to_video_request_seconds(value: str) -> ImageToVideoRequestSeconds:
    if value in IMAGE_TO_VIDEO_REQUEST_SECONDS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {IMAGE_TO_VIDEO_REQUEST_SECONDS_VALUES!r}"
    )
