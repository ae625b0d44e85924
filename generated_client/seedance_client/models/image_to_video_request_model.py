from typing import Literal

ImageToVideoRequestModel = Literal["dreamina-seedance-2-0-mini-260615"]

IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES: set[ImageToVideoRequestModel] = {
    "dreamina-seedance-2-0-mini-260615",
}


def check_image_to_video_request_model(value: str) -> ImageToVideoRequestModel:
    if value in IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES!r}"
    )
