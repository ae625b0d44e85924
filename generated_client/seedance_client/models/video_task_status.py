from typing import Literal

VideoTaskStatus = Literal["completed", "failed", "in_progress", "queued", "unknown"]

VIDEO_TASK_STATUS_VALUES: set[VideoTaskStatus] = {
    "completed",
    "failed",
    "in_progress",
    "queued",
    "unknown",
}


def check_video_task_status(value: str) -> VideoTaskStatus:
    if value in VIDEO_TASK_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VIDEO_TASK_STATUS_VALUES!r}")
