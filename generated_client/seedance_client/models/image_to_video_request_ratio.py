from typing import Literal

ImageToVideoRequestRatio = Literal["16:9", "1:1", "21:9", "3:4", "4:3", "9:16", "adaptive"]

IMAGE_TO_VIDEO_REQUEST_RATIO_VALUES: set[ImageToVideoRequestRatio] = {
    "16:9",
    "1:1",
    "21:9",
    "3:4",
    "4:3",
    "9:16",
    "adaptive",
}


def check_image_to_video_request_ratio(value: str) -> ImageToVideoRequestRatio:
    if value in IMAGE_TO_VIDEO_REQUEST_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {IMAGE_TO_VIDEO_REQUEST_RATIO_VALUES!r}"
    )
