"""``client.videos``: create, retrieve, wait, download and create_and_wait, sync and async.

Each method sends the generated client's models (its request model in, ``VideoTask`` out)
over the generated client's httpx pool, to the URL the plan made (a task id is always one
path segment: :func:`seedance._task_id.task_path`). Every decision around that I/O (the
checks before sending, the URL, the retry state, the timeout and deadline, reading the
answer, when a wait stops, where a download goes) is made once, in :mod:`seedance._plan`;
:class:`Videos` and :class:`AsyncVideos` only send, sleep and stream, the one with
``await`` and the other without.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any, Unpack

import httpx
from seedance_client import AuthenticatedClient
from seedance_client.models.video_task import VideoTask

from seedance._create import VideoRequest, build_body
from seedance._download import Fetch
from seedance._http import TimeoutArg
from seedance._plan import Call, CreateArgs, Planner, Request, Settings, TaskRef, task_id_of
from seedance._retry import run, run_async
from seedance._wait import DEFAULT_WAIT_TIMEOUT, ProgressCallback
from seedance.errors import APIConnectionError, APIStatusError, UnreadableResponseError

__all__ = ["AsyncVideos", "Videos"]

_Answer = tuple[VideoTask, httpx.Headers]
#: What a poll may raise that the wait's deadline can explain.
_POLL_ERRORS = (APIConnectionError, APIStatusError, UnreadableResponseError)


class _Resource:
    """What both resources hold (the planner, the generated client) and ``validate``."""

    def __init__(self, settings: Settings, generated: AuthenticatedClient) -> None:
        self._plan = Planner(settings)
        self._generated = generated

    @property
    def _http(self) -> httpx.Client:
        return self._generated.get_httpx_client()

    @property
    def _ahttp(self) -> httpx.AsyncClient:
        return self._generated.get_async_httpx_client()

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
        :class:`CreateOutcomeUnknownError`. ``timeout`` as a number is the whole call's
        deadline (reads, retries and their waits). An answer that is not a task with a
        usable ``id`` is :class:`UnreadableResponseError` (``.outcome_unknown``, ``.body``).
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
        call = self._plan.create(request, timeout, max_retries)
        return _task(call, self._http, request.to_dict())[0]

    def retrieve(
        self, task: TaskRef, *, timeout: TimeoutArg = None, max_retries: int | None = None
    ) -> VideoTask:
        """The task's current state (retried on connection errors, timeouts, 429, 5xx)."""
        return self._retrieve(task_id_of(task), timeout, max_retries)[0]

    def _retrieve(self, task_id: str, timeout: TimeoutArg, max_retries: int | None) -> _Answer:
        return _task(self._plan.retrieve(task_id, timeout, max_retries), self._http)

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
        :class:`TaskFailedError` when it fails and :class:`WaitTimeoutError` by ``timeout``
        seconds, whatever a poll does (one that hangs is cut at the deadline; a "try later"
        answer is polled again within it). ``request_timeout`` bounds each poll; a
        ``Retry-After`` sets the next poll, never below the schedule's first interval nor
        above the retry policy's cap.
        """
        task_id, waiting = task_id_of(task), self._plan.waiting(timeout, on_progress)
        with self._plan.secret_scope(), waiting.scope():
            while True:
                try:
                    current, headers = self._retrieve(task_id, request_timeout, max_retries)
                except _POLL_ERRORS as exc:
                    time.sleep(waiting.pause_after_error(exc))
                    waiting.check()
                    continue
                if (pause := waiting.pause_after(current, headers)) is None:
                    return current
                time.sleep(pause)
                waiting.check()

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
        the deadline of the whole call, create included; ``request_timeout`` and
        ``max_retries``: per request)."""
        with self._plan.overall(timeout):
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
        ``.part`` file beside ``path`` and renames it when complete and a whole video by its
        bytes (an ISO BMFF or EBML file whose boxes all arrived; else
        :class:`UnexpectedContentError`). The body stops at its ``Content-Length``, at
        1 GiB (``seedance._download.MAX_VIDEO_BYTES``) and at the call's deadline
        (``timeout`` as a number); on any failure no file is left. The file gets the
        user's umask.
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
        call = self._plan.create(request, timeout, max_retries)
        return (await _atask(call, self._ahttp, request.to_dict()))[0]

    async def retrieve(
        self, task: TaskRef, *, timeout: TimeoutArg = None, max_retries: int | None = None
    ) -> VideoTask:
        """See :meth:`Videos.retrieve`."""
        return (await self._retrieve(task_id_of(task), timeout, max_retries))[0]

    async def _retrieve(
        self, task_id: str, timeout: TimeoutArg, max_retries: int | None
    ) -> _Answer:
        return await _atask(self._plan.retrieve(task_id, timeout, max_retries), self._ahttp)

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
        with self._plan.secret_scope(), waiting.scope():
            while True:
                try:
                    current, headers = await self._retrieve(task_id, request_timeout, max_retries)
                except _POLL_ERRORS as exc:
                    await asyncio.sleep(waiting.pause_after_error(exc))
                    waiting.check()
                    continue
                if (pause := waiting.pause_after(current, headers)) is None:
                    return current
                await asyncio.sleep(pause)
                waiting.check()

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
        with self._plan.overall(timeout):
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


def _task(call: Call, http: httpx.Client, body: dict[str, Any] | None = None) -> _Answer:
    """Send ``call`` (with the JSON ``body``, if any; retried as planned); its task. The
    answer is streamed, at most :attr:`Call.body_cap` bytes of it read."""

    def attempt() -> _Answer:
        with call.reading():
            request = http.build_request(call.method, call.url, json=body)
            response = http.send(request, stream=True)
            try:
                read = call.body(response)
                for chunk in response.iter_bytes():
                    read.add(chunk)
            finally:
                response.close()
        return call.task(response, read.content)

    with call.scope():
        return run(attempt, call.attempts)


async def _atask(
    call: Call, http: httpx.AsyncClient, body: dict[str, Any] | None = None
) -> _Answer:
    """:func:`_task` for coroutines."""

    async def attempt() -> _Answer:
        with call.reading():
            request = http.build_request(call.method, call.url, json=body)
            response = await http.send(request, stream=True)
            try:
                read = call.body(response)
                async for chunk in response.aiter_bytes():
                    read.add(chunk)
            finally:
                await response.aclose()
        return call.task(response, read.content)

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
