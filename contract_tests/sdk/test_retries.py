"""Each retry decision, proved by counting the requests respx received.

Reads (retrieve, download) retry connection errors, timeouts, 429 and 5xx. A create is
retried only on 429 or a connection that failed before sending; a read timeout or a drop
after sending is CreateOutcomeUnknownError after exactly one request; a 5xx is raised.
"""

import asyncio
import email.utils
import time

import httpx
import pytest

from seedance import (
    APIConnectionError,
    APITimeoutError,
    AsyncSeedance,
    CreateOutcomeUnknownError,
    InternalServerError,
    RateLimitError,
    RetryPolicy,
    Seedance,
)

from .conftest import (
    BASE_URL,
    CONTENT,
    CREATE,
    FAST_POLL,
    KEY,
    MP4_HEAD,
    RETRIEVE,
    TASK_ID,
    URL_FRAME,
    json_answer,
    task_json,
)

OK = json_answer(200, task_json())
SERVER_ERROR = json_answer(503, {"error": {"message": "no channel", "type": "x"}})
NOT_SENT = [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow connect")]
MAYBE_SENT = [
    httpx.ReadTimeout("no answer"),
    httpx.RemoteProtocolError("Server disconnected without sending a response."),
    httpx.ReadError("connection reset"),
    httpx.WriteTimeout("write stalled"),
]


def _create(client, **kwargs):
    return client.videos.create(prompt="a cat", first_frame=URL_FRAME, **kwargs)


# -- create ---------------------------------------------------------------------------


@pytest.mark.parametrize("failure", MAYBE_SENT, ids=lambda e: type(e).__name__)
def test_create_that_may_have_been_sent_is_never_resent(client, gateway, failure):
    route = gateway.post(CREATE).mock(side_effect=[failure, OK])

    with pytest.raises(CreateOutcomeUnknownError) as caught:
        _create(client)

    assert route.call_count == 1
    text = str(caught.value)
    assert "billed" in text
    assert "not re-sent" in text
    assert type(failure).__name__ in caught.value.cause


def test_a_read_timeout_on_create_sends_exactly_one_create_even_with_many_retries(gateway, sleeps):
    route = gateway.post(CREATE).mock(side_effect=httpx.ReadTimeout("no answer"))

    client = Seedance(api_key=KEY, base_url=BASE_URL, max_retries=10)
    with client, pytest.raises(CreateOutcomeUnknownError):
        _create(client, max_retries=10)

    assert route.call_count == 1
    assert sleeps == []


@pytest.mark.parametrize("failure", NOT_SENT, ids=lambda e: type(e).__name__)
def test_create_whose_connection_failed_before_sending_is_retried(client, gateway, failure):
    route = gateway.post(CREATE).mock(side_effect=[failure, OK])

    task = _create(client)

    assert task.id == TASK_ID
    assert route.call_count == 2


def test_create_connection_failures_give_up_after_max_retries(client, gateway):
    route = gateway.post(CREATE).mock(side_effect=httpx.ConnectError("refused"))

    with pytest.raises(APIConnectionError) as caught:
        _create(client)

    assert type(caught.value) is APIConnectionError
    assert route.call_count == 3  # 1 + max_retries (2)
    assert caught.value.attempts == 3


def test_create_on_429_is_retried_honouring_retry_after(client, gateway, sleeps):
    limited = httpx.Response(429, headers={"Retry-After": "3"})
    route = gateway.post(CREATE).mock(side_effect=[limited, OK])

    _create(client)

    assert route.call_count == 2
    assert sleeps == [3.0]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_create_on_5xx_raises_without_retrying(client, gateway, status):
    route = gateway.post(CREATE).mock(
        return_value=json_answer(status, {"code": "upstream", "message": "boom"})
    )

    with pytest.raises(InternalServerError) as caught:
        _create(client)

    assert route.call_count == 1
    assert caught.value.status_code == status


def test_max_retries_zero_per_call_stops_a_429_create_at_once(client, gateway):
    route = gateway.post(CREATE).mock(return_value=httpx.Response(429))

    with pytest.raises(RateLimitError):
        _create(client, max_retries=0)

    assert route.call_count == 1


# -- reads -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [*NOT_SENT, *MAYBE_SENT, SERVER_ERROR, httpx.Response(429), httpx.Response(500)],
    ids=lambda e: type(e).__name__ if isinstance(e, Exception) else f"status-{e.status_code}",
)
def test_retrieve_is_retried_on_every_transient_failure(client, gateway, failure):
    route = gateway.get(RETRIEVE).mock(side_effect=[failure, failure, OK])

    assert client.videos.retrieve(TASK_ID).id == TASK_ID
    assert route.call_count == 3


def test_retrieve_timeouts_give_up_as_api_timeout_error(client, gateway):
    route = gateway.get(RETRIEVE).mock(side_effect=httpx.ReadTimeout("no answer"))

    with pytest.raises(APITimeoutError, match="timeout"):
        client.videos.retrieve(TASK_ID)

    assert route.call_count == 3


def test_retrieve_is_not_retried_on_4xx(client, gateway):
    route = gateway.get(RETRIEVE).mock(
        return_value=json_answer(404, {"code": "task_not_found", "message": "gone"})
    )

    with pytest.raises(Exception, match="404"):
        client.videos.retrieve(TASK_ID)

    assert route.call_count == 1


def test_max_retries_is_set_per_client_and_overridden_per_call(gateway, sleeps):
    route = gateway.get(RETRIEVE).mock(return_value=SERVER_ERROR)

    with Seedance(api_key=KEY, base_url=BASE_URL, max_retries=4) as client:
        with pytest.raises(InternalServerError):
            client.videos.retrieve(TASK_ID)
        assert route.call_count == 5
        with pytest.raises(InternalServerError):
            client.videos.retrieve(TASK_ID, max_retries=1)
        assert route.call_count == 5 + 2


def test_backoff_grows_exponentially_with_jitter(gateway, sleeps):
    gateway.get(RETRIEVE).mock(return_value=SERVER_ERROR)
    policy = RetryPolicy(backoff_base=1.0, backoff_cap=100.0)

    client = Seedance(api_key=KEY, base_url=BASE_URL, max_retries=4, retry_policy=policy)
    with client, pytest.raises(InternalServerError):
        client.videos.retrieve(TASK_ID)

    assert len(sleeps) == 4
    for n, slept in enumerate(sleeps):
        assert 0.75 * 2**n <= slept <= 2**n


def test_backoff_is_capped(gateway, sleeps):
    gateway.get(RETRIEVE).mock(return_value=SERVER_ERROR)
    policy = RetryPolicy(backoff_base=1.0, backoff_cap=2.0)

    client = Seedance(api_key=KEY, base_url=BASE_URL, max_retries=5, retry_policy=policy)
    with client, pytest.raises(InternalServerError):
        client.videos.retrieve(TASK_ID)

    assert max(sleeps) <= 2.0


def test_retry_after_as_an_http_date_is_honoured(client, gateway, sleeps):
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    gateway.get(RETRIEVE).mock(side_effect=[httpx.Response(503, headers={"Retry-After": when}), OK])

    client.videos.retrieve(TASK_ID)

    assert len(sleeps) == 1
    assert 25 <= sleeps[0] <= 30


def test_retry_after_is_capped(gateway, sleeps):
    gateway.get(RETRIEVE).mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "3600"}), OK]
    )
    policy = RetryPolicy(retry_after_cap=7.0)

    with Seedance(api_key=KEY, base_url=BASE_URL, retry_policy=policy) as client:
        client.videos.retrieve(TASK_ID)

    assert sleeps == [7.0]


def test_download_is_retried_on_5xx_and_drops(client, gateway, tmp_path):
    route = gateway.get(CONTENT).mock(
        side_effect=[
            SERVER_ERROR,
            httpx.ReadError("reset"),
            httpx.Response(200, content=MP4_HEAD, headers={"Content-Type": "video/mp4"}),
        ]
    )

    path = client.videos.download(TASK_ID, tmp_path / "v.mp4")

    assert path.read_bytes() == MP4_HEAD
    assert route.call_count == 3


# -- timeouts --------------------------------------------------------------------------


def _timeouts_seen(gateway):
    seen = []

    def record(request):
        seen.append(request.extensions["timeout"])
        return OK

    gateway.get(RETRIEVE).mock(side_effect=record)
    return seen


def test_default_timeouts_are_set(client, gateway):
    seen = _timeouts_seen(gateway)

    client.videos.retrieve(TASK_ID)

    assert seen[0]["connect"] == 10.0
    assert seen[0]["read"] == 60.0


def test_timeouts_are_overridden_per_client_and_per_call(gateway):
    seen = _timeouts_seen(gateway)

    with Seedance(api_key=KEY, base_url=BASE_URL, timeout=5) as client:
        client.videos.retrieve(TASK_ID)
        client.videos.retrieve(TASK_ID, timeout=httpx.Timeout(2.0, connect=1.0))
        client.videos.retrieve(TASK_ID)

    # a number is also the whole call's deadline, so each phase gets at most what it leaves
    assert [t["read"] for t in seen] == pytest.approx([5.0, 2.0, 5.0], abs=0.5)
    assert seen[1]["connect"] == 1.0


# -- async -----------------------------------------------------------------------------


def test_async_create_read_timeout_sends_exactly_one_create(gateway, sleeps):
    route = gateway.post(CREATE).mock(side_effect=httpx.ReadTimeout("no answer"))

    async def go():
        async with AsyncSeedance(api_key=KEY, base_url=BASE_URL) as client:
            await _acreate(client)

    with pytest.raises(CreateOutcomeUnknownError):
        asyncio.run(go())
    assert route.call_count == 1


async def _acreate(client):
    return await client.videos.create(prompt="a cat", first_frame=URL_FRAME)


def test_async_retries_follow_the_same_decisions(gateway, sleeps):
    create = gateway.post(CREATE).mock(
        side_effect=[httpx.Response(429), httpx.ConnectError("x"), OK]
    )
    retrieve = gateway.get(RETRIEVE).mock(side_effect=[SERVER_ERROR, httpx.ReadTimeout("x"), OK])

    async def go():
        async with AsyncSeedance(api_key=KEY, base_url=BASE_URL, poll_schedule=FAST_POLL) as c:
            await _acreate(c)
            return await c.videos.retrieve(TASK_ID)

    assert asyncio.run(go()).id == TASK_ID
    assert (create.call_count, retrieve.call_count) == (3, 3)
    assert len(sleeps) == 4


def test_async_per_call_timeouts_do_not_leak_between_concurrent_calls(gateway):
    seen = _timeouts_seen(gateway)

    async def go():
        async with AsyncSeedance(api_key=KEY, base_url=BASE_URL, timeout=9) as c:
            await asyncio.gather(c.videos.retrieve(TASK_ID, timeout=1), c.videos.retrieve(TASK_ID))

    asyncio.run(go())
    assert sorted(t["read"] for t in seen) == pytest.approx([1.0, 9.0], abs=0.5)
