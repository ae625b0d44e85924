"""What every ``client.videos`` call decides around its I/O, once for sync and async alike.

As in openai-python and httpx, the sync and async resources (:mod:`seedance._videos`) differ
only where they wait on the network; every decision is made here, in plain code. A
:class:`Planner` turns a method's arguments into a :class:`Call` (the URL, the retry state
of :mod:`seedance._retry`, the per-call timeout and deadline, the key to redact), and
:meth:`Call.task` reads the answer with the generated models: a success answer is untrusted
(at most :data:`seedance._http.MAX_JSON_BYTES` of it is read, and its task ``id`` must be a
usable id, :func:`seedance._task_id.task_id_problem`). The waiting loop's decisions are
:class:`seedance._wait.Waiting`, the download's :class:`seedance._download.Fetch`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Required, TypedDict

import httpx
from seedance_client.models.image_to_video_request import ImageToVideoRequest
from seedance_client.models.video_task import VideoTask

from seedance._bundle import OperationInfo
from seedance._create import VideoRequest, check_body
from seedance._deadline import Deadline, deadline_scope, positive_seconds
from seedance._download import Fetch
from seedance._http import (
    MAX_JSON_BYTES,
    AnswerTooLargeError,
    CappedBody,
    TimeoutArg,
    call_timeout,
    to_timeout,
    total_seconds,
)
from seedance._redact import secret_scope
from seedance._request import check_request, spec
from seedance._retry import Attempts, Operation, RetryPolicy
from seedance._task_id import task_id_problem, task_path
from seedance._wait import PollSchedule, ProgressCallback, Waiting
from seedance.errors import (
    Problem,
    RequestValidationError,
    UnreadableResponseError,
)

__all__ = ["Call", "CreateArgs", "Planner", "Request", "Settings", "TaskRef", "task_id_of"]

TaskRef = VideoTask | str
"""A task, or its id."""
Request = VideoRequest | ImageToVideoRequest
"""What ``submit`` sends: a checked request of any model (``validate``'s), or the seed's
generated model."""
_Image = str | Path | bytes
_READ_ERRORS = (TypeError, ValueError, KeyError, AttributeError, RecursionError)
_OK = 200


class CreateArgs(TypedDict, total=False):
    """The named keyword arguments of ``create``, ``validate`` and ``create_and_wait``.

    ``prompt``: the text; ``model``: any vendored model id (default: the seed page's);
    ``first_frame``, ``last_frame`` and each of ``reference_images``: a URL (``https://``,
    ``data:image/…;base64,``, ``asset://``), a :class:`pathlib.Path` or ``bytes`` (checked,
    then sent as a data URL); ``reference_videos``, ``reference_audios``: URLs. The media
    given choose the mode (text only: text-to-video; ``first_frame``: image-to-video; with
    ``last_frame``: first-and-last-frame; any reference: multimodal reference). ``seconds``:
    ``5`` or ``"5"``. Every other key is a field of some vendored page, typed as its pages
    type it; a field a later page adds is passed by name too (checked against that page).
    Any argument left out (or ``None``) is omitted, so the gateway's default applies.
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
    camera_fixed: bool | None
    draft: bool | None


@dataclass(frozen=True)
class Settings:
    """What a client was configured with (shared by its ``videos``)."""

    base_url: str
    api_key: str = field(repr=False)
    timeout: httpx.Timeout
    max_retries: int
    retry_policy: RetryPolicy
    poll: PollSchedule
    deadline: float | None = None
    """Seconds a call may take in all (``timeout=`` given as a number), else ``None``."""


def task_id_of(task: TaskRef) -> str:
    """The id of ``task`` (a :class:`VideoTask` or an id string), checked to be usable."""
    task_id = task.id if isinstance(task, VideoTask) else task
    problem = task_id_problem(task_id)
    if problem is not None:
        shown = repr(task_id) if len(repr(task_id)) <= 80 else repr(task_id)[:77] + "..."
        raise RequestValidationError(
            [Problem("task_id", "format", f"task_id: expected a task id, got {shown}: {problem}")]
        )
    assert isinstance(task_id, str)
    return task_id


@dataclass(frozen=True)
class Call:
    """One call, planned before it is sent: which request, its retries, its timeout (per
    phase), its deadline (the whole call), the key to redact and the cap on its answer."""

    method: str
    url: str
    attempts: Attempts
    timeout: httpx.Timeout | None
    deadline: Deadline | None = None
    secret: str | None = field(default=None, repr=False)
    body_cap: int = MAX_JSON_BYTES

    @contextlib.contextmanager
    def scope(self) -> Iterator[None]:
        """The block the call's requests run in: its timeout, deadline, cap and key applied."""
        with (
            secret_scope(self.secret),
            deadline_scope(self.deadline),
            call_timeout(self.timeout),
        ):
            yield

    def unreadable(self, reason: str, body: str | None = None) -> UnreadableResponseError:
        """The error for an answer that cannot be read (``body``: the raw answer)."""
        return UnreadableResponseError(method=self.method, url=self.url, reason=reason, body=body)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Around sending: an answer over the cap raises :class:`UnreadableResponseError`
        (typed errors for error statuses are already raised by the response hook)."""
        try:
            yield
        except AnswerTooLargeError as exc:
            raise self.unreadable(
                f"the answer is larger than {exc.limit} bytes, the most this client reads "
                "(a task answer is a few hundred bytes); it was not read"
            ) from exc

    def body(self, response: httpx.Response) -> CappedBody:
        """Where the answer's body is read to, at most :attr:`body_cap` bytes."""
        return CappedBody(response, self.body_cap)

    def task(self, response: httpx.Response, content: bytes) -> tuple[VideoTask, httpx.Headers]:
        """The task an answer carries (``content``: its body, read with the generated model),
        with its headers; anything else, or a task whose ``id`` is not a usable id, is
        :class:`UnreadableResponseError` carrying the raw answer."""
        text = content.decode("utf-8", "replace")
        if response.status_code != _OK:
            raise self.unreadable(f"status {response.status_code} without a task", text)
        try:
            task = VideoTask.from_dict(json.loads(content))
        except _READ_ERRORS as exc:
            raise self.unreadable(f"not a task: {exc!r}", text) from exc
        problem = task_id_problem(task.id)
        if problem is not None:
            raise self.unreadable(problem, text)
        return task, response.headers


class Planner:
    """The decisions of one client's ``videos``: its settings and the spec, no I/O."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._spec = spec()

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
        return Fetch(self.settings.base_url, call.url, target)

    def waiting(self, timeout: float, on_progress: ProgressCallback | None) -> Waiting:
        """The decisions of one wait of ``timeout`` seconds."""
        seconds = positive_seconds(timeout, "wait timeout")
        cap = self.settings.retry_policy.retry_after_cap
        return Waiting(self.settings.poll, seconds, on_progress, cap)

    def overall(self, timeout: float) -> contextlib.AbstractContextManager[Deadline | None]:
        """The block of a whole ``create_and_wait``: it ends by ``timeout`` seconds."""
        return deadline_scope(Deadline.after(positive_seconds(timeout)))

    def secret_scope(self) -> contextlib.AbstractContextManager[None]:
        """Errors raised inside the block redact this client's key."""
        return secret_scope(self.settings.api_key)

    def _call(
        self,
        operation: Operation,
        op: OperationInfo,
        task_id: str | None,
        timeout: TimeoutArg,
        retries: int | None,
    ) -> Call:
        path = op.path if task_id is None else task_path(op, task_id)
        url = self.settings.base_url + path
        method = op.method.upper()
        allowed = self.settings.max_retries if retries is None else retries
        attempts = Attempts(operation, self.settings.retry_policy, allowed, method, url)
        total = self.settings.deadline if timeout is None else total_seconds(timeout)
        return Call(
            method,
            url,
            attempts,
            None if timeout is None else to_timeout(timeout),
            deadline=None if total is None else Deadline.after(total),
            secret=self.settings.api_key,
        )
