"""Contains all the data models used in inputs/outputs"""

from .gateway_error import GatewayError
from .gateway_error_detail import GatewayErrorDetail
from .image_to_video_request import ImageToVideoRequest
from .image_to_video_request_model import ImageToVideoRequestModel
from .image_to_video_request_ratio import ImageToVideoRequestRatio
from .image_to_video_request_seconds import ImageToVideoRequestSeconds
from .image_to_video_request_size import ImageToVideoRequestSize
from .task_error import TaskError
from .text_media_input import TextMediaInput
from .text_media_input_type import TextMediaInputType
from .url_media_input import UrlMediaInput
from .url_media_input_type import UrlMediaInputType
from .video_media_input import VideoMediaInput
from .video_media_input_type import VideoMediaInputType
from .video_task import VideoTask
from .video_task_error import VideoTaskError
from .video_task_metadata import VideoTaskMetadata
from .video_task_object import VideoTaskObject
from .video_task_status import VideoTaskStatus

__all__ = (
    "GatewayError",
    "GatewayErrorDetail",
    "ImageToVideoRequest",
    "ImageToVideoRequestModel",
    "ImageToVideoRequestRatio",
    "ImageToVideoRequestSeconds",
    "ImageToVideoRequestSize",
    "TaskError",
    "TextMediaInput",
    "TextMediaInputType",
    "UrlMediaInput",
    "UrlMediaInputType",
    "VideoMediaInput",
    "VideoMediaInputType",
    "VideoTask",
    "VideoTaskError",
    "VideoTaskMetadata",
    "VideoTaskObject",
    "VideoTaskStatus",
)
