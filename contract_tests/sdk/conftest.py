"""Fixtures of the SDK tests: a respx-mocked gateway, SDK clients that do not really sleep,
VideoTask answers and real images made with Pillow.

Sleeps are recorded instead of slept (``sleeps``), so a test can assert that a
``Retry-After`` was honoured without taking that long.
"""

from __future__ import annotations

import asyncio
import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from PIL import Image
from seedance_client.models.image_to_video_request_model import (
    IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES,
)
from seedance_client.models.video_task_object import VIDEO_TASK_OBJECT_VALUES

from seedance import AsyncSeedance, PollSchedule, RetryPolicy, Seedance

BASE_URL = "https://gateway.invalid"
KEY = "sk-sdk-test-0123456789abcdef"  # a placeholder, never a real key
TASK_ID = "task_" + "A1b2C3d4" * 4
CREATE = "/v1/videos"
RETRIEVE = f"/v1/videos/{TASK_ID}"
CONTENT = f"/v1/videos/{TASK_ID}/content"
URL_FRAME = "https://images.invalid/first.png"
FAST_POLL = PollSchedule(first=0.01, factor=1.0, steady=0.01)
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def task_json(status: str = "queued", progress: int = 0, **extra: Any) -> dict[str, Any]:
    """A VideoTask answer as the gateway sends it."""
    return {
        "id": TASK_ID,
        "object": next(iter(VIDEO_TASK_OBJECT_VALUES)),
        "model": next(iter(IMAGE_TO_VIDEO_REQUEST_MODEL_VALUES)),
        "status": status,
        "progress": progress,
        "created_at": 1_760_000_000,
        **extra,
    }


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (640, 480)) -> bytes:
    """A real image of ``size`` in ``fmt`` (any format Pillow, with pillow-heif, writes)."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every sleep the SDK asks for in the test's thread, recorded instead of slept (sync
    and async). Other threads (a mock server's event loop) sleep for real."""
    recorded: list[float] = []
    real_sleep, real_async_sleep = time.sleep, asyncio.sleep
    test_thread = threading.get_ident()

    def fake_sleep(seconds: float) -> None:
        if threading.get_ident() != test_thread:
            real_sleep(seconds)
            return
        recorded.append(seconds)

    async def fake_async_sleep(seconds: float, *args: Any) -> Any:
        if threading.get_ident() != test_thread:
            return await real_async_sleep(seconds, *args)
        recorded.append(seconds)
        return await real_async_sleep(0)

    monkeypatch.setattr(time, "sleep", fake_sleep)
    monkeypatch.setattr(asyncio, "sleep", fake_async_sleep)
    return recorded


@pytest.fixture
def gateway() -> Iterator[respx.MockRouter]:
    """A respx router for BASE_URL; any request without a route fails the test."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


@pytest.fixture
def client(gateway: respx.MockRouter, sleeps: list[float]) -> Iterator[Seedance]:
    """A sync SDK client on the respx gateway (2 retries, sleeps recorded)."""
    with Seedance(api_key=KEY, base_url=BASE_URL, poll_schedule=FAST_POLL) as made:
        yield made


@pytest.fixture
def aclient(gateway: respx.MockRouter, sleeps: list[float]) -> AsyncSeedance:
    """An async SDK client on the respx gateway (closed by the test's ``async with``)."""
    return AsyncSeedance(api_key=KEY, base_url=BASE_URL, poll_schedule=FAST_POLL)


def json_answer(status: int, body: Any, **headers: str) -> httpx.Response:
    """An answer with a JSON body."""
    return httpx.Response(status, json=body, headers=headers)


__all__ = [
    "BASE_URL",
    "CONTENT",
    "CREATE",
    "FAST_POLL",
    "KEY",
    "MP4_HEAD",
    "RETRIEVE",
    "TASK_ID",
    "URL_FRAME",
    "RetryPolicy",
    "image_bytes",
    "json_answer",
    "task_json",
]
