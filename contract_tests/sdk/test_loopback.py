"""The whole create -> wait -> download path against the embedded mock on loopback, sync
and async, with the mock's ``Prefer`` scenarios. Requests are counted at the httpx
transport, i.e. what really went over the socket."""

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from seedance import (
    AsyncSeedance,
    AuthenticationError,
    CreateOutcomeUnknownError,
    InternalServerError,
    PollSchedule,
    RateLimitError,
    RequestValidationError,
    RetryPolicy,
    Seedance,
    TaskFailedError,
)
from seedance._request import build_request
from seedance.mock import MockServer, running_mock

from .conftest import image_bytes

MOCK_KEY = "sk-sdk-loopback"
POLL = PollSchedule(first=0.05, factor=1.5, steady=0.2)
FRAME = "https://images.invalid/first.png"


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with running_mock(api_key=MOCK_KEY, task_seconds=0.4) as server:
        yield server


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, str]]:
    """(method, path) of every request the SDK puts on the wire."""
    requests: list[tuple[str, str]] = []
    sync_send = httpx.HTTPTransport.handle_request
    async_send = httpx.AsyncHTTPTransport.handle_async_request

    def counted(self, request):
        requests.append((request.method, request.url.path))
        return sync_send(self, request)

    async def acounted(self, request):
        requests.append((request.method, request.url.path))
        return await async_send(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", counted)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", acounted)
    return requests


def _client(mock, prefer=None, **kwargs) -> Seedance:
    headers = {"Prefer": prefer} if prefer else None
    kwargs.setdefault("api_key", MOCK_KEY)
    return Seedance(base_url=mock.base_url, poll_schedule=POLL, default_headers=headers, **kwargs)


def _aclient(mock, prefer=None, **kwargs) -> AsyncSeedance:
    headers = {"Prefer": prefer} if prefer else None
    return AsyncSeedance(
        api_key=MOCK_KEY,
        base_url=mock.base_url,
        poll_schedule=POLL,
        default_headers=headers,
        **kwargs,
    )


def _creates(sent):
    return [r for r in sent if r[0] == "POST"]


@pytest.mark.parametrize("prefer", [None, "content=redirect", "content=redirect-307"])
def test_create_wait_download_with_a_local_image(mock, sent, tmp_path, prefer):
    frame = tmp_path / "first.jpg"
    frame.write_bytes(image_bytes("JPEG", (800, 600)))
    seen = []

    with _client(mock, prefer) as client:
        task = client.videos.create_and_wait(
            prompt="a cat surfing", first_frame=frame, seconds=5, on_progress=seen.append
        )
        path = client.videos.download(task, tmp_path / "out.mp4")

    assert task.status == "completed"
    assert seen[0].status == "queued"
    assert seen[-1].status == "completed"
    assert path.read_bytes()[4:8] == b"ftyp"
    assert len(_creates(sent)) == 1
    gets = [p for m, p in sent if m == "GET"]
    content = f"/v1/videos/{task.id}/content"
    if prefer:  # the gateway's redirect, then the "CDN" copy
        assert gets[-2] == content
        assert gets[-1] != content
        assert gets[-1].endswith(".mp4")
    else:
        assert gets[-1] == content


def test_async_create_wait_download_many_at_once(mock, sent, tmp_path):
    async def one(client, n):
        task = await client.videos.create_and_wait(prompt=f"clip {n}", first_frame=FRAME)
        return await client.videos.download(task, tmp_path / f"{n}.mp4")

    async def go():
        async with _aclient(mock, "content=redirect") as client:
            return await asyncio.gather(*(one(client, n) for n in range(5)))

    paths = asyncio.run(go())

    assert sorted(p.name for p in paths) == [f"{n}.mp4" for n in range(5)]
    assert all(p.read_bytes()[4:8] == b"ftyp" for p in paths)
    assert len(_creates(sent)) == 5


@pytest.mark.parametrize(
    ("prefer", "message"),
    [("task=fail", r"failed: \w+"), ("task=fail-no-error", "failed without an error object")],
)
def test_a_failing_task_raises_task_failed(mock, prefer, message):
    with _client(mock, prefer) as client, pytest.raises(TaskFailedError, match=message):
        client.videos.create_and_wait(prompt="a cat", first_frame=FRAME)


def test_a_429_with_retry_after_is_retried_then_raised(mock, sent):
    with (
        _client(mock, "code=429, retry-after=1", max_retries=1) as client,
        pytest.raises(RateLimitError) as caught,
    ):
        client.videos.create(prompt="a cat", first_frame=FRAME)

    assert caught.value.retry_after == 1.0
    assert len(_creates(sent)) == 2


def test_a_bare_429_is_a_rate_limit_error(mock, sent):
    policy = RetryPolicy(backoff_base=0.01)
    with (
        _client(mock, "scenario=bare-429", retry_policy=policy) as client,
        pytest.raises(RateLimitError) as caught,
    ):
        client.videos.create(prompt="a cat", first_frame=FRAME)

    assert caught.value.code is None
    assert len(_creates(sent)) == 3


def test_a_5xx_on_create_is_sent_once(mock, sent):
    with _client(mock, "code=503") as client, pytest.raises(InternalServerError) as caught:
        client.videos.create(prompt="a cat", first_frame=FRAME)

    assert caught.value.status_code == 503
    assert len(_creates(sent)) == 1


def test_a_5xx_on_retrieve_is_retried(mock, sent):
    with _client(mock) as client:
        task = client.videos.create(prompt="a cat", first_frame=FRAME)
    policy = RetryPolicy(backoff_base=0.01)
    with (
        _client(mock, "code=500", retry_policy=policy) as client,
        pytest.raises(InternalServerError),
    ):
        client.videos.retrieve(task)

    assert sent.count(("GET", f"/v1/videos/{task.id}")) == 3


def test_a_read_timeout_on_create_sends_exactly_one_create(mock, sent):
    with (
        _client(mock, "delay=2", max_retries=5) as client,
        pytest.raises(CreateOutcomeUnknownError, match="billed"),
    ):
        client.videos.create(prompt="a cat", first_frame=FRAME, timeout=0.3)

    assert len(_creates(sent)) == 1


def test_a_slow_gateway_within_the_timeout_is_fine(mock):
    with _client(mock, "delay=0.3") as client:
        task = client.videos.create(prompt="a cat", first_frame=FRAME, timeout=5)

    assert task.status == "queued"


def test_a_wrong_key_is_an_authentication_error_without_the_key(mock, sent):
    wrong = "sk-wrong-key-1234567890"
    with _client(mock, api_key=wrong) as client, pytest.raises(AuthenticationError) as caught:
        client.videos.create(prompt="a cat", first_frame=FRAME)

    assert wrong not in str(caught.value)
    assert len(_creates(sent)) == 1


def test_the_sdk_refuses_with_the_problems_the_mock_answers_400_with(mock):
    options = {
        "prompt": "a cat",
        "first_frame": FRAME,
        "model": None,
        "seconds": "13",
        "size": None,
        "ratio": None,
        "seed": -2,
        "watermark": None,
        "generate_audio": None,
        "return_last_frame": None,
        "safety_identifier": "x" * 65,
    }
    body = build_request(**options).to_dict()
    answer = httpx.post(mock.base_url + "/v1/videos", json=body, headers=mock.auth_headers)
    with _client(mock) as client, pytest.raises(RequestValidationError) as caught:
        client.videos.create(**{k: v for k, v in options.items() if v is not None})

    assert answer.status_code == 400
    mock_problems = answer.json()["data"]["errors"]
    sdk_problems = [p.as_json() for p in caught.value.problems]
    assert [(p["field"], p["rule"]) for p in sdk_problems] == [
        (p["field"], p["rule"]) for p in mock_problems
    ]
    for sdk, mocked in zip(sdk_problems, mock_problems, strict=True):
        # the same sentence; the SDK's also names the model and mode it judged by
        assert sdk["message"].startswith(mocked["message"])
        assert str(body["model"]) in sdk["message"]
