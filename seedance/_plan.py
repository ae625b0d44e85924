"""What every ``client.videos`` call decides around its I/O, once for sync and async alike.

As in openai-python and httpx, the sync and async resources (:mod:`seedance._videos`) differ
only where they wait on the network; every decision is made here, in plain code. A
:class:`Planner` turns a method's arguments into a :class:`Call` (the URL, the retry state
of :mod:`seedance._retry`, the per-call timeout), and :meth:`Call.task` reads what a
generated request function returned. The waiting loop's decisions are
:class:`seedance._wait.Waiting`, the download's :class:`seedance._download.Fetch`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Required, TypedDict
from urllib.parse import quote

import httpx
from seedance_client.models.image_to_video_request import ImageToVideoRequest
from seedance_client.models.video_task import VideoTask
from seedance_client.types import Response

from seedance._bundle import OperationInfo
from seedance._create import VideoRequest, check_body
from seedance._download import Fetch, documented_video_types
from seedance._http import TimeoutArg, call_timeout, to_timeout
from seedance._request import check_request, spec
from seedance._retry import Attempts, Operation, RetryPolicy
from seedance._wait import PollSchedule, ProgressCallback, Waiting
from seedance.errors import Problem, RequestValidationError, UnreadableResponseError

__all__ = ["Call", "CreateArgs", "Planner", "Request", "Settings", "TaskRef", "task_id_of"]

TaskRef = VideoTask | str
"""A task, or its id."""
Request = VideoRequest | ImageToVideoRequest
"""What ``submit`` sends: a checked request of any model (``validate``'s), or the seed's
generated model."""
_Image = str | Path | bytes
_READ_ERRORS = (TypeError, ValueError, KeyError, AttributeError)


class CreateArgs(TypedDict, total=False):
    """The named keyword arguments of ``create``, ``validate`` and ``create_and_wait``.

    ``prompt``: the text; ``model``: any vendored model id (default: the seed page's);
    ``first_frame``, ``last_frame`` and each of ``reference_images``: a URL (``https://``,
    ``data:image/…;base64,``, ``asset://``), a :class:`pathlib.Path` or ``bytes`` (checked,
    then sent as a data URL); ``reference_videos``, ``reference_audios``: URLs. The media
    given choose the mode (text only: text-to-video; ``first_frame``: image-to-video; with
    ``last_frame``: first-and-last-frame; any reference: multimodal reference). ``seconds``:
    ``5`` or ``"5"``. Any other field of the model's page (``camera_fixed``, ``draft``, …) is
    passed by name too. Any argument left out (or ``None``) is omitted, so the gateway's
    default applies.
    """

    prompt: Required[str]
    model: str | None
    first_frame: _Image | None
    last_frame: _Image | None
    reference_images: Sequence[_Image] | None
    reference_videos: Sequence[str] | None
    reference_audios: Sequence[str] | None
    seconds: int | str | None
    size: str | None
    ratio: str | None
    seed: int | None
    watermark: bool | None
    generate_audio: bool | None
    return_last_frame: bool | None
    safety_identifier: str | None


@dataclass(frozen=True)
class Settings:
    """What a client was configured with (shared by its ``videos``)."""

    base_url: str
    api_key: str = field(repr=False)
    timeout: httpx.Timeout
    max_retries: int
    retry_policy: RetryPolicy
    poll: PollSchedule


def task_id_of(task: TaskRef) -> str:
    """The id of ``task`` (a :class:`VideoTask` or an id string)."""
    task_id = task.id if isinstance(task, VideoTask) else task
    if not isinstance(task_id, str) or not task_id.strip():
        raise RequestValidationError(
            [Problem("task_id", "required", f"task_id: expected a task id, got {task_id!r}")]
        )
    return task_id


@dataclass(frozen=True)
class Call:
    """One call, planned before it is sent: which request, its retries and its timeout."""

    method: str
    url: str
    attempts: Attempts
    timeout: httpx.Timeout | None

    def scope(self) -> contextlib.AbstractContextManager[None]:
        """The block the call's requests run in (its timeout applied)."""
        return call_timeout(self.timeout)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Around a generated request function: an answer its models cannot parse raises
        :class:`UnreadableResponseError` (typed errors are already raised by the hook)."""
        try:
            yield
        except _READ_ERRORS as exc:
            raise UnreadableResponseError(
                method=self.method, url=self.url, reason=repr(exc)
            ) from exc

    def task(self, response: Response[Any]) -> tuple[VideoTask, httpx.Headers]:
        """The task a generated response carries, with its headers; anything else is
        :class:`UnreadableResponseError`."""
        if not isinstance(response.parsed, VideoTask):
            raise UnreadableResponseError(
                method=self.method,
                url=self.url,
                reason=f"status {int(response.status_code)} without a task",
                body=response.content.decode("utf-8", "replace"),
            )
        return response.parsed, httpx.Headers(response.headers)


class Planner:
    """The decisions of one client's ``videos``: its settings and the spec, no I/O."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._spec = spec()
        self._video_types = documented_video_types(self._spec.roles.content)

    def create(self, request: Request, timeout: TimeoutArg, retries: int | None) -> Call:
        """A create of ``request``, refused (RequestValidationError) if it breaks its page."""
        if isinstance(request, VideoRequest):
            check_body(request.mode, request.body)
        else:
            check_request(request)
        return self._call(Operation.CREATE, self._spec.roles.create, None, timeout, retries)

    def retrieve(self, task_id: str, timeout: TimeoutArg, retries: int | None) -> Call:
        """A retrieve of the task ``task_id``."""
        return self._call(Operation.READ, self._spec.roles.retrieve, task_id, timeout, retries)

    def content(self, task: TaskRef, timeout: TimeoutArg, retries: int | None) -> Call:
        """A download of ``task``'s video."""
        op = self._spec.roles.content
        return self._call(Operation.READ, op, task_id_of(task), timeout, retries)

    def fetch(self, call: Call, target: Path) -> Fetch:
        """One attempt at ``call``'s content, saved to ``target`` (a new one per attempt)."""
        return Fetch(self.settings.base_url, call.url, target, self._video_types)

    def waiting(self, timeout: float, on_progress: ProgressCallback | None) -> Waiting:
        """The decisions of one wait of ``timeout`` seconds."""
        return Waiting(self.settings.poll, timeout, on_progress)

    def _call(
        self,
        operation: Operation,
        op: OperationInfo,
        task_id: str | None,
        timeout: TimeoutArg,
        retries: int | None,
    ) -> Call:
        path = op.path
        if task_id is not None:
            path = path.replace("{" + op.path_params[0] + "}", quote(task_id, safe=""))
        url = self.settings.base_url + path
        method = op.method.upper()
        allowed = self.settings.max_retries if retries is None else retries
        attempts = Attempts(operation, self.settings.retry_policy, allowed, method, url)
        return Call(method, url, attempts, None if timeout is None else to_timeout(timeout))
