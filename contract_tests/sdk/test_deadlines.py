"""``timeout=`` bounds the whole call, on real loopback sockets: an answer trickling one byte
at a time (in its status line or its body), an endless body, a hanging poll or a 503 asking
to retry later all end by the call's deadline, sync and async. Durations are bounded loosely
(the deadline plus a margin for a loaded machine); the point is that none runs on."""

from __future__ import annotations

import asyncio
import time

import pytest

from contract_tests.fakes.raw_server import Conn, RawServer, Request, answer, json_answer
from seedance import (
    APITimeoutError,
    AsyncSeedance,
    CreateOutcomeUnknownError,
    PollSchedule,
    Seedance,
    WaitTimeoutError,
)

from .conftest import KEY, MP4_HEAD, TASK_ID, URL_FRAME, task_json

DEADLINE = 0.5
MARGIN = 1.2  # scheduling slack on a busy machine; the unbounded behaviour took 7-9 s
TRICKLE = 0.1


def _trickled_body(conn: Conn, request: Request) -> None:
    body = b'{"id": "' + b"x" * 100 + b'"}'
    head = answer(200, b"", {"Content-Type": "application/json"}).replace(
        b"Content-Length: 0", f"Content-Length: {len(body)}".encode()
    )
    conn.send(head)
    conn.trickle(body, TRICKLE)


def _trickled_status_line(conn: Conn, request: Request) -> None:
    conn.trickle(json_answer(200, task_json()), TRICKLE)


def _polls_then_hangs(conn: Conn, request: Request) -> None:
    conn.send(json_answer(200, task_json(status="in_progress", progress=10)))
    conn.hang()


def _polls_then_503(conn: Conn, request: Request) -> None:
    if request.target.endswith(TASK_ID) and not hasattr(_polls_then_503, "seen"):
        _polls_then_503.seen = True  # type: ignore[attr-defined]
        conn.send(json_answer(200, task_json(status="in_progress", progress=10)))
        return
    conn.send(answer(503, b"", {"Retry-After": "30"}))


def _endless_video(conn: Conn, request: Request) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = MP4_HEAD + b"\x00" * 65_000
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    while conn.send(frame):
        chunk = b"\x00" * len(chunk)
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"


def _client(server: RawServer, **kwargs) -> Seedance:
    return Seedance(api_key=KEY, base_url=server.base_url, **kwargs)


def _timed(call) -> tuple[BaseException | None, float]:
    start = time.monotonic()
    try:
        call()
    except Exception as exc:
        return exc, time.monotonic() - start
    return None, time.monotonic() - start


@pytest.mark.parametrize("handler", [_trickled_body, _trickled_status_line])
def test_a_create_answered_a_byte_at_a_time_ends_at_its_timeout(handler):
    with RawServer(handler) as server, _client(server) as client:
        raised, took = _timed(
            lambda: client.videos.create(prompt="a cat", first_frame=URL_FRAME, timeout=DEADLINE)
        )

    assert isinstance(raised, CreateOutcomeUnknownError)
    assert took < DEADLINE + MARGIN
    assert len([r for r in server.requests if r.method == "POST"]) == 1


def test_a_retrieve_answered_a_byte_at_a_time_ends_at_its_timeout():
    with RawServer(_trickled_body) as server, _client(server, max_retries=5) as client:
        raised, took = _timed(lambda: client.videos.retrieve(TASK_ID, timeout=DEADLINE))

    assert isinstance(raised, APITimeoutError)
    assert f"timeout of {DEADLINE:g} s ran out" in str(raised)
    assert took < DEADLINE + MARGIN


def test_a_client_wide_timeout_number_is_each_calls_deadline():
    with RawServer(_trickled_body) as server, _client(server, timeout=DEADLINE) as client:
        raised, took = _timed(lambda: client.videos.retrieve(TASK_ID))

    assert isinstance(raised, APITimeoutError)
    assert took < DEADLINE + MARGIN


def _trickled_video(conn: Conn, request: Request) -> None:
    body = MP4_HEAD + b"\x00" * 100
    conn.send(
        answer(200, b"", {"Content-Type": "video/mp4"}).replace(
            b"Content-Length: 0", f"Content-Length: {len(body)}".encode()
        )
    )
    conn.trickle(body, TRICKLE)


@pytest.mark.parametrize("handler", [_endless_video, _trickled_video])
def test_a_video_that_does_not_end_stops_at_the_deadline_and_leaves_no_file(tmp_path, handler):
    target = tmp_path / "v.mp4"
    with RawServer(handler) as server, _client(server) as client:
        raised, took = _timed(lambda: client.videos.download(TASK_ID, target, timeout=DEADLINE))

    assert isinstance(raised, APITimeoutError)
    assert took < DEADLINE + MARGIN
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("handler", [_polls_then_hangs, _polls_then_503])
def test_wait_ends_at_its_deadline_whatever_a_poll_does(handler):
    if hasattr(_polls_then_503, "seen"):
        del _polls_then_503.seen
    poll = PollSchedule(first=0.05, factor=1.0, steady=0.05)
    with RawServer(handler) as server, _client(server, poll_schedule=poll) as client:
        raised, took = _timed(lambda: client.videos.wait(TASK_ID, timeout=DEADLINE))

    assert isinstance(raised, WaitTimeoutError)
    assert raised.task.progress == 10
    assert took < DEADLINE + MARGIN


def test_async_calls_end_at_their_deadline_too(tmp_path):
    async def go(server: RawServer) -> tuple[list[BaseException | None], float]:
        async with AsyncSeedance(api_key=KEY, base_url=server.base_url) as client:
            start = time.monotonic()
            outcomes = await asyncio.gather(
                client.videos.create(prompt="a cat", first_frame=URL_FRAME, timeout=DEADLINE),
                client.videos.retrieve(TASK_ID, timeout=DEADLINE),
                return_exceptions=True,
            )
            return list(outcomes), time.monotonic() - start

    with RawServer(_trickled_status_line) as server:
        outcomes, took = asyncio.run(go(server))

    assert isinstance(outcomes[0], CreateOutcomeUnknownError)
    assert isinstance(outcomes[1], APITimeoutError)
    assert took < DEADLINE + MARGIN


def test_async_wait_ends_at_its_deadline_when_a_poll_hangs():
    poll = PollSchedule(first=0.05, factor=1.0, steady=0.05)

    async def go(server: RawServer) -> None:
        async with AsyncSeedance(api_key=KEY, base_url=server.base_url, poll_schedule=poll) as c:
            await c.videos.wait(TASK_ID, timeout=DEADLINE)

    with RawServer(_polls_then_hangs) as server:
        raised, took = _timed(lambda: asyncio.run(go(server)))

    assert isinstance(raised, WaitTimeoutError)
    assert took < DEADLINE + MARGIN


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_a_timeout_that_cannot_mean_anything_is_refused(bad):
    with Seedance(api_key=KEY, base_url="http://127.0.0.1:9") as client:
        with pytest.raises(Exception, match="positive number of seconds") as caught:
            client.videos.retrieve(TASK_ID, timeout=bad)
        with pytest.raises(Exception, match="positive number of seconds"):
            client.videos.wait(TASK_ID, timeout=bad)
    assert type(caught.value).__module__ == "seedance.errors"


def test_create_and_wait_ends_by_its_timeout_create_included():
    def handle(conn: Conn, request: Request) -> None:
        if request.method == "POST":
            conn.stopping.wait(DEADLINE / 2)  # a slow create eats into the whole call's time
            conn.send(json_answer(200, task_json()))
            return
        _polls_then_hangs(conn, request)

    poll = PollSchedule(first=0.05, factor=1.0, steady=0.05)
    with RawServer(handle) as server, _client(server, poll_schedule=poll) as client:
        raised, took = _timed(
            lambda: client.videos.create_and_wait(
                prompt="a cat", first_frame=URL_FRAME, timeout=DEADLINE
            )
        )

    assert isinstance(raised, WaitTimeoutError)
    assert took < DEADLINE + MARGIN


def test_async_download_of_an_endless_video_stops_at_the_deadline(tmp_path):
    async def go(server: RawServer) -> None:
        async with AsyncSeedance(api_key=KEY, base_url=server.base_url) as client:
            await client.videos.download(TASK_ID, tmp_path / "v.mp4", timeout=DEADLINE)

    with RawServer(_endless_video) as server:
        raised, took = _timed(lambda: asyncio.run(go(server)))

    assert isinstance(raised, APITimeoutError)
    assert took < DEADLINE + MARGIN
    assert list(tmp_path.iterdir()) == []
