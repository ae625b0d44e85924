"""Seedance: make videos with the Seedance 2.0 Mini image-to-video API.

>>> from seedance import Seedance
>>> with Seedance() as client:                      # $SEEDANCE_API_KEY, $SEEDANCE_BASE_URL
...     task = client.videos.create_and_wait(prompt="a cat surfing", first_frame=Path("cat.png"))
...     client.videos.download(task, "cat.mp4")

Public API: :class:`Seedance` / :class:`AsyncSeedance` (``.videos.create``, ``retrieve``,
``wait``, ``download``, ``create_and_wait``, ``submit``, ``validate``), :class:`VideoTask` (the
generated model), :class:`RetryPolicy`, :class:`PollSchedule` and every exception of
:mod:`seedance.errors`, rooted at :class:`SeedanceError`. The tools live in subpackages
(``seedance.spec``, ``seedance.mock``, ``seedance.contract``, ``seedance.drift``).
"""

from seedance_client.models.image_to_video_request import ImageToVideoRequest
from seedance_client.models.video_task import VideoTask

from seedance._client import DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, AsyncSeedance, Seedance
from seedance._http import DEFAULT_TIMEOUT
from seedance._retry import RetryPolicy
from seedance._wait import PollSchedule
from seedance.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CreateOutcomeUnknownError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    Problem,
    RateLimitError,
    RequestValidationError,
    SeedanceError,
    TaskFailedError,
    TaskNotReadyError,
    TooManyRedirectsError,
    UnexpectedContentError,
    UnreadableResponseError,
    WaitTimeoutError,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncSeedance",
    "AuthenticationError",
    "BadRequestError",
    "CreateOutcomeUnknownError",
    "ImageToVideoRequest",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "PollSchedule",
    "Problem",
    "RateLimitError",
    "RequestValidationError",
    "RetryPolicy",
    "Seedance",
    "SeedanceError",
    "TaskFailedError",
    "TaskNotReadyError",
    "TooManyRedirectsError",
    "UnexpectedContentError",
    "UnreadableResponseError",
    "VideoTask",
    "WaitTimeoutError",
]
