"""``client.videos``: create, retrieve, wait, download and create_and_wait, sync and async.

Each method sends through the generated client's request functions (its models in, its
models out). Every decision around that I/O (the checks before sending, the URL, the retry
state, the timeout, reading the answer, when a wait stops, where a download goes) is made
once, in :mod:`seedance._plan`; :class:`Videos` and :class:`AsyncVideos` only send, sleep
and stream, the one with ``await`` and the other without.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Unpack, cast

import httpx
from seedance_client import AuthenticatedClient
from seedance_client.api.seedance_video import create_video, retrieve_video
from seedance_client.models.image_to_video_request import ImageToVideoRequest
from seedance_client.models.video_task import VideoTask
from seedance_client.types import Response

from seedance._create import VideoRequest, build_body
from seedance._download import Fetch
from seedance._http import TimeoutArg
from seedance._plan import Call, CreateArgs, Planner, Request, Settings, TaskRef, task_id_of
from seedance._retry import run, run_async
from seedance._wait import DEFAULT_WAIT_TIMEOUT, ProgressCallback

__all__ = ["AsyncVideos", "Videos"]

_Answer = tuple[VideoTask, httpx.Headers]


def _body(request: Request) -> ImageToVideoRequest:
    """What the generated ``create_video`` sends: it only calls ``body.to_dict()``, which a
    :class:`VideoRequest` (any model, any mode) has too, so every create takes one path."""
    return cast(ImageToVideoRequest, request)


class _Resource:
    """What both resources hold (the planner, the generated client) and ``validate``."""

    def __init__(self, settings: Settings, generated: AuthenticatedClient) -> None:
        self._plan = Planner(settings)
        self._generated = generated

    def validate(self, **request: Unpack[CreateArgs]) -> VideoRequest:
        """The request ``create`` would send for these keyword arguments, checked against
        the model's page for its mode but not sent (not awaitable, also on
        :class:`AsyncVideos`); :meth:`submit` sends it.

        Raises :class:`RequestValidationError` listing every problem, as ``create`` does.
        """
        return build_body(**request)


class Videos(_Resource):
    """``client.videos`` of :class:`seedance.Seedance`."""

    def create(
        self,
        *,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
        **request: Unpack[CreateArgs],
    ) -> VideoTask:
        """Create a video task (billable) and return it (``queued``).

        The keyword arguments are :class:`CreateArgs` (``prompt``, ``model``; the media:
        ``first_frame``, ``last_frame``, ``reference_images``, ``reference_videos``,
        ``reference_audios``, which choose the mode; ``seconds``: ``5`` or ``"5"``;
        ``size``, ``ratio``, ``seed``, ``watermark``, ``generate_audio``,
        ``return_last_frame``, ``safety_identifier``; any other field of the model's page by
        name). The request is checked against the model's page for its mode first:
        :class:`RequestValidationError` lists every problem, nothing is sent. Retried only
        on 429 or a connection that failed before sending; see
        :class:`CreateOutcomeUnknownError`.
        """
        return self.submit(build_body(**request), timeout=timeout, max_retries=max_retries)

    def submit(
        self,
        request: Request,
        *,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> VideoTask:
        """Create a task from :meth:`validate`'s request or a generated
        ``ImageToVideoRequest`` (checked like :meth:`create`: a request that breaks its page is
        refused before sending)."""
        call, generated = self._plan.create(request, timeout, max_retries), self._generated
        body = _body(request)
        return _task(call, lambda: create_video.sync_detailed(client=generated, body=body))[0]

    def retrieve(
        self, task: TaskRef, *, timeout: TimeoutArg = None, max_retries: int | None = None
    ) -> VideoTask:
        """The task's current state (retried on connection errors, timeouts, 429, 5xx)."""
        return self._retrieve(task_id_of(task), timeout, max_retries)[0]

    def _retrieve(self, task_id: str, timeout: TimeoutArg, max_retries: int | None) -> _Answer:
        call = self._plan.retrieve(task_id, timeout, max_retries)
        return _task(call, lambda: retrieve_video.sync_detailed(task_id, client=self._generated))

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
        task_id, waiting = task_id_of(task), self._plan.waiting(timeout, on_progress)
        while True:
            current, headers = self._retrieve(task_id, request_timeout, max_retries)
            if (pause := waiting.pause_after(current, headers)) is None:
                return current
            time.sleep(pause)

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
        call = self._plan.content(task, timeout, max_retries)
        http, target = self._generated.get_httpx_client(), Path(path)
        with call.scope():
            return run(lambda: _save(http, self._plan.fetch(call, target)), call.attempts)


class AsyncVideos(_Resource):
    """``client.videos`` of :class:`seedance.AsyncSeedance`: the same methods, awaitable."""

    async def create(
        self,
        *,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
        **request: Unpack[CreateArgs],
    ) -> VideoTask:
        """See :meth:`Videos.create`."""
        return await self.submit(build_body(**request), timeout=timeout, max_retries=max_retries)

    async def submit(
        self,
        request: Request,
        *,
        timeout: TimeoutArg = None,
        max_retries: int | None = None,
    ) -> VideoTask:
        """See :meth:`Videos.submit`."""
        call, generated = self._plan.create(request, timeout, max_retries), self._generated
        body = _body(request)
        send = lambda: create_video.asyncio_detailed(client=generated, body=body)  # noqa: E731
        return (await _atask(call, send))[0]

    async def retrieve(
        self, task: TaskRef, *, timeout: TimeoutArg = None, max_retries: int | None = None
    ) -> VideoTask:
        """See :meth:`Videos.retrieve`."""
        return (await self._retrieve(task_id_of(task), timeout, max_retries))[0]

    async def _retrieve(
        self, task_id: str, timeout: TimeoutArg, max_retries: int | None
    ) -> _Answer:
        call = self._plan.retrieve(task_id, timeout, max_retries)
        generated = self._generated
        return await _atask(
            call, lambda: retrieve_video.asyncio_detailed(task_id, client=generated)
        )

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
        task_id, waiting = task_id_of(task), self._plan.waiting(timeout, on_progress)
        while True:
            current, headers = await self._retrieve(task_id, request_timeout, max_retries)
            if (pause := waiting.pause_after(current, headers)) is None:
                return current
            await asyncio.sleep(pause)

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
        call = self._plan.content(task, timeout, max_retries)
        http, target = self._generated.get_async_httpx_client(), Path(path)
        with call.scope():
            return await run_async(
                lambda: _asave(http, self._plan.fetch(call, target)), call.attempts
            )


def _task(call: Call, send: Callable[[], Response[Any]]) -> _Answer:
    """Send ``call`` with the generated function ``send`` (retried as planned); its task."""

    def attempt() -> _Answer:
        with call.reading():
            response = send()
        return call.task(response)

    with call.scope():
        return run(attempt, call.attempts)


async def _atask(call: Call, send: Callable[[], Awaitable[Response[Any]]]) -> _Answer:
    """:func:`_task` for coroutines."""

    async def attempt() -> _Answer:
        with call.reading():
            response = await send()
        return call.task(response)

    with call.scope():
        return await run_async(attempt, call.attempts)


def _save(http: httpx.Client, fetch: Fetch) -> Path:
    """One download attempt: each hop sent, the final answer streamed into its sink."""
    while True:
        response = http.send(fetch.request(http), stream=True)
        try:
            if not fetch.follows(response):
                with fetch.sink(response) as sink:
                    for chunk in response.iter_bytes():
                        sink.write(chunk)
                    return sink.commit()
        finally:
            response.close()


async def _asave(http: httpx.AsyncClient, fetch: Fetch) -> Path:
    """:func:`_save` for asyncio."""
    while True:
        response = await http.send(fetch.request(http), stream=True)
        try:
            if not fetch.follows(response):
                with fetch.sink(response) as sink:
                    async for chunk in response.aiter_bytes():
                        sink.write(chunk)
                    return sink.commit()
        finally:
            await response.aclose()
