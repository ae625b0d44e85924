from typing import Literal

VideoTaskObject = Literal["video"]

VIDEO_TASK_OBJECT_VALUES: set[VideoTaskObject] = {
    "video",
}


def check_video_task_object(value: str) -> VideoTaskObject:
    if value in VIDEO_TASK_OBJECT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VIDEO_TASK_OBJECT_VALUES!r}")
