from typing import Literal

ImageToVideoRequestSize = Literal["480p", "720p"]

IMAGE_TO_VIDEO_REQUEST_SIZE_VALUES: set[ImageToVideoRequestSize] = {
    "480p",
    "720p",
}


def check_image_to_video_request_size(value: str) -> ImageToVideoRequestSize:
    if value in IMAGE_TO_VIDEO_REQUEST_SIZE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {IMAGE_TO_VIDEO_REQUEST_SIZE_VALUES!r}"
    )
