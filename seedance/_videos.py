"""``client.videos``: create, retrieve, wait, download and create_and_wait, sync and async.

Each method sends through the generated client's request functions (its models in, its
models out); the SDK adds the checks before sending, the retry decisions
(:mod:`seedance._retry`), the typed errors (:mod:`seedance._http`) and, for downloads,
streaming with the origin rule (:mod:`seedance._download`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Required, TypedDict, Unpack
from urllib.parse import quote

import httpx
from seedance_client import AuthenticatedClient
from seedance_client.api.seedance_video import create_video, retrieve_video
from seedance_client.models.image_to_video_request import ImageToVideoRequest
from seedance_client.models.image_to_video_request_ratio import ImageToVideoRequestRatio
from seedance_client.models.image_to_video_request_seconds import ImageToVideoRequestSeconds
from seedance_client.models.image_to_video_request_size import ImageToVideoRequestSize
from seedance_client.models.video_task import VideoTask
from seedance_client.types import Response

from seedance._download import Sink, documented_video_types, hop_request, redirect_target
from seedance._http import TimeoutArg, call_timeout, to_timeout
from seedance._request import build_request, check_request, spec
from seedance._retry import Attempts, Operation, RetryPolicy, retry_after_seconds, run, run_async
from seedance._wait import COMPLETED, FAILED, PollSchedule, moved
from seedance.errors import (
    Problem,
    RequestValidationError,
    TaskFailedError,
    UnreadableResponseError,
    WaitTimeoutError,
)
from seedance.spec import OperationInfo

__all__ = [
    "AsyncVideos",
    "CreateArgs",
    "ProgressCallback",
    "Settings",
    "TaskRef",
    "Videos",
    "task_id_of",
]

TaskRef = VideoTask | str
"""A task, or its id."""
ProgressCallback = Callable[[VideoTask], object]
"""Called with the task each time its status or progress changes."""
DEFAULT_WAIT_TIMEOUT = 900.0
_READ_ERRORS = (TypeError, ValueError, KeyError, AttributeError)


class CreateArgs(TypedDict, total=False):
    """The keyword arguments of :meth:`Videos.create`, for :meth:`Videos.create_and_wait`."""

    prompt: Required[str]
    first_frame: Required[str | Path | bytes]
    seconds: int | ImageToVideoRequestSeconds | None
    size: ImageToVideoRequestSize | None
    ratio: ImageToVideoRequestRatio | None
    seed: int | None
    watermark: bool | None
    generate_audio: bool | None
    return_last_frame: bool | None
    safety_identifier: str | None
    model: str | None


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


def _path(op: OperationInfo, task_id: str) -> str:
    return op.path.replace("{" + op.path_params[0] + "}", quote(task_id, safe=""))


def _task_of(
    call: Callable[[], Response[Any]], method: str, url: str
) -> tuple[VideoTask, httpx.Headers]:
    """Run a generated request function and return its task (typed errors already raised by
    the response hook); an answer the models cannot read is UnreadableResponseError."""
    try:
        response = call()
    except _READ_ERRORS as exc:
        raise UnreadableResponseError(method=method, url=url, reason=repr(exc)) from exc
    return _checked(response, method, url)


def _checked(response: Response[Any], method: str, url: str) -> tuple[VideoTask, httpx.Headers]:
    if not isinstance(response.parsed, VideoTask):
        raise UnreadableResponseError(
            method=method,
            url=url,
            reason=f"status {int(response.status_code)} without a task",
            body=response.content.decode("utf-8", "replace"),
        )
    return response.parsed, httpx.Headers(response.headers)


async def _atask_of(
    call: Callable[[], Awaitable[Response[Any]]], method: str, url: str
) -> tuple[VideoTask, httpx.Headers]:
    try:
        response = await call()
    except _READ_ERRORS as exc:
        raise UnreadableResponseError(method=method, url=url, reason=repr(exc)) from exc
    return _checked(response, method, url)


class _Base:
    """What the sync and async resources share: settings, URLs and request building."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._spec = spec()
        self._video_types = documented_video_types(self._spec.roles.content)

    def _url(self, op: OperationInfo, task_id: str | None = None) -> str:
        path = op.path if task_id is None else _path(op, task_id)
        return self._settings.base_url + path

    def _attempts(
        self, operation: Operation, method: str, url: str, max_retries: int | None
    ) -> Attempts:
        retries = self._settings.max_retries if max_retries is None else max_retries
        return Attempts(operation, self._settings.retry_policy, retries, method, url)

    def _timeout(self, timeout: TimeoutArg) -> httpx.Timeout | None:
        return None if timeout is None else to_timeout(timeout)

    def validate(self, **request: Unpack[CreateArgs]) -> ImageToVideoRequest:
        """The request :meth:`Videos.create` would send for these keyword arguments, checked
        against the spec but not sent (not awaitable, also on :class:`AsyncVideos`).

        Raises :class:`RequestValidationError` listing every problem, as ``create`` does.
        """
        built = build_request(**request)
        check_request(built)
        return built


class Videos(_Base):
    """``client.videos`` of :class:`seedance.Seedance`."""

    def __init__(self, settings: Settings, generated: AuthenticatedClient) -> None:
        super().__init__(settings)
        self._generated = generated

    def create(
        self,
        *,
        prompt: str,
        first_frame: str | Path | bytes,
        seconds: int | ImageToVideoRequestSeconds | None = None,
        size: ImageToVideoRequestSize | None = None,
        ratio: ImageToVideoRequestRatio | None = None,
        seed: int | None = None,
        watermark: bool | None = None,
        generate_audio: bool | None = None,
        return_last_frame: bool | None = None,
        safety_identifier: str | None = None,
        model: str | None = None,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> VideoTask:
        """Create an image-to-video task (billable) and return it (``queued``).

        ``first_frame``: a URL (``https://``, ``data:image/…;base64,``, ``asset://``), a
        :class:`pathlib.Path` or ``bytes`` (checked, then sent as a data URL). ``seconds``:
        ``5`` or ``"5"``. An argument left ``None`` is omitted (the gateway's default).
        ``model``: the spec's only model unless given. The request is checked against the
        spec first: :class:`RequestValidationError` lists every problem, nothing is sent.
        Retried only on 429 or a connection that failed before sending; see
        :class:`CreateOutcomeUnknownError`.
        """
        request = build_request(
            prompt=prompt,
            first_frame=first_frame,
            model=model,
            seconds=seconds,
            size=size,
            ratio=ratio,
            seed=seed,
            watermark=watermark,
            generate_audio=generate_audio,
            return_last_frame=return_last_frame,
            safety_identifier=safety_identifier,
        )
        return self.submit(request, timeout=timeout, max_retries=max_retries)

    def submit(
        self,
        request: ImageToVideoRequest,
        *,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> VideoTask:
        """Create a task from a generated ``ImageToVideoRequest`` (checked like
        :meth:`create`: a request that breaks the spec is refused before sending)."""
        check_request(request)
        url = self._url(self._spec.roles.create)
        attempts = self._attempts(Operation.CREATE, "POST", url, max_retries)
        with call_timeout(self._timeout(timeout)):
            task, _ = run(
                lambda: _task_of(
                    lambda: create_video.sync_detailed(client=self._generated, body=request),
                    "POST",
                    url,
                ),
                attempts,
            )
        return task

    def _retrieve(
        self, task_id: str, timeout: TimeoutArg, max_retries: int | None
    ) -> tuple[VideoTask, httpx.Headers]:
        url = self._url(self._spec.roles.retrieve, task_id)
        attempts = self._attempts(Operation.READ, "GET", url, max_retries)
        with call_timeout(self._timeout(timeout)):
            return run(
                lambda: _task_of(
                    lambda: retrieve_video.sync_detailed(task_id, client=self._generated),
                    "GET",
                    url,
                ),
                attempts,
            )

    def retrieve(
        self, task: TaskRef, *, timeout: TimeoutArg = None, max_retries: int | None = None
    ) -> VideoTask:
        """The task's current state (retried on connection errors, timeouts, 429, 5xx)."""
        return self._retrieve(task_id_of(task), timeout, max_retries)[0]

    def wait(
        self,
        task: TaskRef,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        on_progress: ProgressCallback | None = None,
        request_timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> VideoTask:
        """Poll until the task is ``completed`` and return it.

        ``on_progress(task)`` is called whenever status or progress changes. Raises
        :class:`TaskFailedError` when it fails and :class:`WaitTimeoutError` after
        ``timeout`` seconds (``request_timeout`` bounds each poll).
        """
        task_id = task_id_of(task)
        deadline = time.monotonic() + timeout
        last: VideoTask | None = None
        polls = 0
        while True:
            current, headers = self._retrieve(task_id, request_timeout, max_retries)
            if on_progress is not None and moved(last, current):
                on_progress(current)
            last = current
            if current.status == COMPLETED:
                return current
            if current.status == FAILED:
                raise TaskFailedError(current)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaitTimeoutError(current, timeout)
            pause = self._settings.poll.interval(polls, retry_after_seconds(headers))
            time.sleep(min(pause, remaining))
            polls += 1

    def create_and_wait(
        self,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        on_progress: ProgressCallback | None = None,
        request_timeout: TimeoutArg = None,
        max_retries: int | None = None,
        **create: Unpack[CreateArgs],
    ) -> VideoTask:
        """:meth:`create` (same keyword arguments), then :meth:`wait` for it (``timeout``:
        the wait's deadline; ``request_timeout`` and ``max_retries``: per request)."""
        task = self.create(timeout=request_timeout, max_retries=max_retries, **create)
        return self.wait(
            task,
            timeout=timeout,
            on_progress=on_progress,
            request_timeout=request_timeout,
            max_retries=max_retries,
        )

    def download(
        self,
        task: TaskRef,
        path: str | Path,
        *,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> Path:
        """Save the completed task's video to ``path`` (atomically) and return the path.

        Follows 302/307 (the key only to the configured origin), streams to a temporary
        file beside ``path`` and renames it when complete and checked to be a video.
        """
        url = self._url(self._spec.roles.content, task_id_of(task))
        target = Path(path)
        attempts = self._attempts(Operation.READ, "GET", url, max_retries)
        http = self._generated.get_httpx_client()
        with call_timeout(self._timeout(timeout)):
            return run(lambda: self._download_once(http, url, target), attempts)

    def _download_once(self, http: httpx.Client, url: str, target: Path) -> Path:
        hops = 0
        while True:
            response = http.send(hop_request(http, self._settings.base_url, url), stream=True)
            try:
                following = redirect_target(response, hops)
                if following is None:
                    with Sink(target, response, self._video_types) as sink:
                        for chunk in response.iter_bytes():
                            sink.write(chunk)
                        return sink.commit()
            finally:
                response.close()
            url, hops = following, hops + 1


class AsyncVideos(_Base):
    """``client.videos`` of :class:`seedance.AsyncSeedance`: the same methods, awaitable."""

    def __init__(self, settings: Settings, generated: AuthenticatedClient) -> None:
        super().__init__(settings)
        self._generated = generated

    async def create(
        self,
        *,
        prompt: str,
        first_frame: str | Path | bytes,
        seconds: int | ImageToVideoRequestSeconds | None = None,
        size: ImageToVideoRequestSize | None = None,
        ratio: ImageToVideoRequestRatio | None = None,
        seed: int | None = None,
        watermark: bool | None = None,
        generate_audio: bool | None = None,
        return_last_frame: bool | None = None,
        safety_identifier: str | None = None,
        model: str | None = None,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> VideoTask:
        """See :meth:`Videos.create`."""
        request = build_request(
            prompt=prompt,
            first_frame=first_frame,
            model=model,
            seconds=seconds,
            size=size,
            ratio=ratio,
            seed=seed,
            watermark=watermark,
            generate_audio=generate_audio,
            return_last_frame=return_last_frame,
            safety_identifier=safety_identifier,
        )
        return await self.submit(request, timeout=timeout, max_retries=max_retries)

    async def submit(
        self,
        request: ImageToVideoRequest,
        *,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> VideoTask:
        """See :meth:`Videos.submit`."""
        check_request(request)
        url = self._url(self._spec.roles.create)
        attempts = self._attempts(Operation.CREATE, "POST", url, max_retries)
        with call_timeout(self._timeout(timeout)):
            task, _ = await run_async(
                lambda: _atask_of(
                    lambda: create_video.asyncio_detailed(client=self._generated, body=request),
                    "POST",
                    url,
                ),
                attempts,
            )
        return task

    async def _retrieve(
        self, task_id: str, timeout: TimeoutArg, max_retries: int | None
    ) -> tuple[VideoTask, httpx.Headers]:
        url = self._url(self._spec.roles.retrieve, task_id)
        attempts = self._attempts(Operation.READ, "GET", url, max_retries)
        with call_timeout(self._timeout(timeout)):
            return await run_async(
                lambda: _atask_of(
                    lambda: retrieve_video.asyncio_detailed(task_id, client=self._generated),
                    "GET",
                    url,
                ),
                attempts,
            )

    async def retrieve(
        self, task: TaskRef, *, timeout: TimeoutArg = None, max_retries: int | None = None
    ) -> VideoTask:
        """See :meth:`Videos.retrieve`."""
        return (await self._retrieve(task_id_of(task), timeout, max_retries))[0]

    async def wait(
        self,
        task: TaskRef,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        on_progress: ProgressCallback | None = None,
        request_timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> VideoTask:
        """See :meth:`Videos.wait`."""
        task_id = task_id_of(task)
        deadline = time.monotonic() + timeout
        last: VideoTask | None = None
        polls = 0
        while True:
            current, headers = await self._retrieve(task_id, request_timeout, max_retries)
            if on_progress is not None and moved(last, current):
                on_progress(current)
            last = current
            if current.status == COMPLETED:
                return current
            if current.status == FAILED:
                raise TaskFailedError(current)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaitTimeoutError(current, timeout)
            pause = self._settings.poll.interval(polls, retry_after_seconds(headers))
            await asyncio.sleep(min(pause, remaining))
            polls += 1

    async def create_and_wait(
        self,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        on_progress: ProgressCallback | None = None,
        request_timeout: TimeoutArg = None,
        max_retries: int | None = None,
        **create: Unpack[CreateArgs],
    ) -> VideoTask:
        """See :meth:`Videos.create_and_wait`."""
        task = await self.create(timeout=request_timeout, max_retries=max_retries, **create)
        return await self.wait(
            task,
            timeout=timeout,
            on_progress=on_progress,
            request_timeout=request_timeout,
            max_retries=max_retries,
        )

    async def download(
        self,
        task: TaskRef,
        path: str | Path,
        *,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> Path:
        """See :meth:`Videos.download`."""
        url = self._url(self._spec.roles.content, task_id_of(task))
        target = Path(path)
        attempts = self._attempts(Operation.READ, "GET", url, max_retries)
        http = self._generated.get_async_httpx_client()
        with call_timeout(self._timeout(timeout)):
            return await run_async(lambda: self._download_once(http, url, target), attempts)

    async def _download_once(self, http: httpx.AsyncClient, url: str, target: Path) -> Path:
        hops = 0
        while True:
            response = await http.send(hop_request(http, self._settings.base_url, url), stream=True)
            try:
                following = redirect_target(response, hops)
                if following is None:
                    with Sink(target, response, self._video_types) as sink:
                        async for chunk in response.aiter_bytes():
                            sink.write(chunk)
                        return sink.commit()
            finally:
                await response.aclose()
            url, hops = following, hops + 1
