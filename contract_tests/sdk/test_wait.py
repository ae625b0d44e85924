"""wait: polls until completed, reports changes, raises on failure and at its deadline,
honours Retry-After, and never reads completed_at as completion."""

import asyncio

import pytest

from seedance import AsyncSeedance, PollSchedule, Seedance, TaskFailedError, WaitTimeoutError

from .conftest import BASE_URL, CREATE, FAST_POLL, KEY, RETRIEVE, TASK_ID, URL_FRAME, json_answer
from .conftest import task_json as task

DONE = task(status="completed", progress=100, metadata={"url": "https://cdn.invalid/v.mp4"})


def _answers(*tasks, **headers):
    return [json_answer(200, t, **headers) for t in tasks]


def test_wait_returns_the_completed_task_and_reports_each_change(client, gateway):
    route = gateway.get(RETRIEVE).mock(
        side_effect=_answers(
            task(),
            task(),
            task(status="in_progress", progress=10),
            task(status="in_progress", progress=10),
            task(status="in_progress", progress=60),
            DONE,
        )
    )
    seen = []

    done = client.videos.wait(TASK_ID, on_progress=lambda t: seen.append((t.status, t.progress)))

    assert done.status == "completed"
    assert route.call_count == 6
    assert seen == [("queued", 0), ("in_progress", 10), ("in_progress", 60), ("completed", 100)]


def test_completed_at_is_not_completion(client, gateway):
    stamped = task(status="in_progress", progress=50, completed_at=1_760_000_100)
    route = gateway.get(RETRIEVE).mock(side_effect=_answers(stamped, stamped, DONE))

    assert client.videos.wait(TASK_ID).status == "completed"
    assert route.call_count == 3


def test_a_failed_task_raises_with_its_error(client, gateway):
    failed = task(status="failed", progress=30, error={"code": "content_policy", "message": "no"})
    gateway.get(RETRIEVE).mock(side_effect=_answers(task(), failed))

    with pytest.raises(TaskFailedError) as caught:
        client.videos.wait(TASK_ID)

    assert caught.value.task.status == "failed"
    assert str(caught.value) == f"task {TASK_ID} failed: content_policy: no"


def test_a_task_failed_without_an_error_object_says_so(client, gateway):
    gateway.get(RETRIEVE).mock(side_effect=_answers(task(status="failed", progress=0)))

    with pytest.raises(TaskFailedError, match="failed without an error object") as caught:
        client.videos.wait(TASK_ID)

    assert "Unset" not in str(caught.value)


def test_wait_gives_up_at_its_deadline_with_the_last_task(gateway):
    gateway.get(RETRIEVE).mock(return_value=json_answer(200, task(status="in_progress")))
    slow = PollSchedule(first=0.05, factor=1.0, steady=0.05)

    with (
        Seedance(api_key=KEY, base_url=BASE_URL, poll_schedule=slow) as client,
        pytest.raises(WaitTimeoutError) as caught,
    ):
        client.videos.wait(TASK_ID, timeout=0.2)

    assert caught.value.task.status == "in_progress"
    assert "timeout=" in str(caught.value)


def test_polls_start_fast_then_settle(gateway, sleeps):
    gateway.get(RETRIEVE).mock(side_effect=_answers(*[task()] * 8, DONE))
    schedule = PollSchedule(first=1.0, factor=2.0, steady=5.0)

    with Seedance(api_key=KEY, base_url=BASE_URL, poll_schedule=schedule) as client:
        client.videos.wait(TASK_ID)

    assert sleeps == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0]


def test_a_retry_after_on_a_retrieve_sets_the_next_poll(client, gateway, sleeps):
    gateway.get(RETRIEVE).mock(
        side_effect=[*_answers(task(), **{"Retry-After": "7"}), *_answers(DONE)]
    )

    client.videos.wait(TASK_ID)

    assert sleeps == [7.0]


def test_create_and_wait_creates_once_and_waits(client, gateway):
    create = gateway.post(CREATE).mock(return_value=json_answer(200, task()))
    gateway.get(RETRIEVE).mock(side_effect=_answers(task(status="in_progress"), DONE))

    done = client.videos.create_and_wait(prompt="a cat", first_frame=URL_FRAME, seconds=5)

    assert done.status == "completed"
    assert create.call_count == 1


def test_async_wait_behaves_the_same(gateway):
    gateway.get(RETRIEVE).mock(
        side_effect=_answers(task(), task(status="failed", error={"code": "e", "message": "m"}))
    )
    seen = []

    async def go():
        async with AsyncSeedance(api_key=KEY, base_url=BASE_URL, poll_schedule=FAST_POLL) as c:
            await c.videos.wait(TASK_ID, on_progress=lambda t: seen.append(t.status))

    with pytest.raises(TaskFailedError, match="failed: e: m"):
        asyncio.run(go())
    assert seen == ["queued", "failed"]
