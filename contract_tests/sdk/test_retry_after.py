"""Retry-After: one reading for the SDK and the contract harness, and the same bounds on every
wait the gateway asks for (retries and polls): never below the poll floor, never above the
retry policy's cap, whatever the header says."""

from __future__ import annotations

import email.utils
import time

import pytest

from contract_tests.fakes.raw_server import Conn, RawServer, Request, json_answer
from seedance import PollSchedule, RateLimitError, RetryPolicy, Seedance, WaitTimeoutError
from seedance._retry import parse_retry_after
from seedance.contract import transport

from .conftest import BASE_URL, KEY, RETRIEVE, TASK_ID, task_json
from .conftest import json_answer as respx_answer

NOW = 1_800_000_000.0
FLOOR, CAP = 0.2, 3.0
POLL = PollSchedule(first=FLOOR, factor=1.0, steady=FLOOR)
WAIT = 0.6
POLICY = RetryPolicy(backoff_base=0.01, retry_after_cap=CAP)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 0 ", 0.0),
        ("1.5", 1.5),
        ("-5", 0.0),  # a wait in the past: none asked for (the floor applies where it is used)
        ("99999999", 99999999.0),  # unbounded here: every user clamps
        ("soon", None),
        ("", None),
        (None, None),
        ("inf", None),
        ("nan", None),
        (email.utils.formatdate(NOW + 12, usegmt=True), 12.0),
        (email.utils.formatdate(NOW - 5, usegmt=True), 0.0),
        ("Fri, 15 Jan 2027 08:00:12", 12.0),  # no zone: an HTTP date is GMT (NOW + 12 s)
    ],
)
def test_retry_after_has_one_reading(header, seconds):
    assert parse_retry_after(header, now=NOW) == (
        None if seconds is None else pytest.approx(seconds)
    )


def test_the_contract_harness_reads_retry_after_with_the_sdks_parser():
    assert transport.parse_retry_after is parse_retry_after


@pytest.mark.parametrize(
    ("header", "slept"),
    [
        ("99999999", CAP),
        ("-5", FLOOR),
        ("Sat, 01 Jan 2000 00:00:00 GMT", FLOOR),  # a date long past (a fixed id for xdist)
        ("1.5", 1.5),
        ("0", FLOOR),
    ],
)
def test_a_poll_waits_what_the_gateway_asks_within_floor_and_cap(gateway, sleeps, header, slept):
    gateway.get(RETRIEVE).mock(
        side_effect=[
            respx_answer(200, task_json(status="in_progress"), **{"Retry-After": header}),
            respx_answer(200, task_json(status="completed", progress=100)),
        ]
    )
    with Seedance(api_key=KEY, base_url=BASE_URL, poll_schedule=POLL, retry_policy=POLICY) as c:
        c.videos.wait(TASK_ID, timeout=600)

    assert sleeps == [pytest.approx(slept)]


@pytest.mark.parametrize(("header", "slept"), [("99999999", CAP), ("-5", 0.0)])
def test_a_retry_waits_what_the_gateway_asks_within_the_cap(gateway, sleeps, header, slept):
    route = gateway.get(RETRIEVE).mock(
        return_value=respx_answer(429, None, **{"Retry-After": header})
    )
    with (
        Seedance(api_key=KEY, base_url=BASE_URL, max_retries=1, retry_policy=POLICY) as client,
        pytest.raises(RateLimitError),
    ):
        client.videos.retrieve(TASK_ID)

    assert sleeps == [slept]
    assert route.call_count == 2


def _in_progress_asking_for(header: str):
    def handle(conn: Conn, request: Request) -> None:
        answer = json_answer(200, task_json(status="in_progress"), {"Retry-After": header})
        conn.send(answer)

    return handle


@pytest.mark.parametrize("header", ["-5", "0", "Thu, 01 Jan 1970 00:00:00 GMT"])
def test_a_gateway_asking_for_no_wait_gets_polls_no_faster_than_the_floor(header):
    with (
        RawServer(_in_progress_asking_for(header)) as server,
        Seedance(api_key=KEY, base_url=server.base_url, poll_schedule=POLL) as client,
        pytest.raises(WaitTimeoutError),
    ):
        client.videos.wait(TASK_ID, timeout=WAIT)

    assert len(server.requests) <= 1 + WAIT / FLOOR + 1  # 4 or 5, not thousands


def test_a_gateway_asking_for_a_year_does_not_stretch_the_wait():
    started = time.monotonic()
    with (
        RawServer(_in_progress_asking_for("31536000")) as server,
        Seedance(api_key=KEY, base_url=server.base_url, poll_schedule=POLL) as client,
        pytest.raises(WaitTimeoutError),
    ):
        client.videos.wait(TASK_ID, timeout=WAIT)

    assert time.monotonic() - started < WAIT + 1.2
