"""The API key never leaves the SDK, whatever the gateway echoes: in an error's code, type,
message or data, in a text body cut at any point, in a success answer the client cannot
read, in a failed task's error. Nothing the user sees (``str``, ``repr``, ``.body``,
``.message``, ``.code``, ``.reason``) holds the key or any run of 6 of its characters. A key
that cannot be sent as a header is refused when the client is made, without echoing it."""

from __future__ import annotations

import json

import pytest

from contract_tests.fakes.raw_server import Conn, RawServer, Request, answer, json_answer
from seedance import (
    APIStatusError,
    AuthenticationError,
    Seedance,
    SeedanceError,
    TaskFailedError,
    UnreadableResponseError,
)
from seedance._redact import MIN_REDACTED_RUN, redact
from seedance.contract import curl

from .conftest import TASK_ID, URL_FRAME, task_json

SECRET = "sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0"


def _shown(error: BaseException) -> str:
    """Everything a user can see of ``error``."""
    parts = [str(error), repr(error)]
    for name in ("body", "message", "code", "reason", "url"):
        parts.append(json.dumps(getattr(error, name, None), default=repr))
    return "\n".join(parts)


def _assert_no_part_of_the_key(text: str) -> None:
    for start in range(len(SECRET) - MIN_REDACTED_RUN + 1):
        assert SECRET[start : start + MIN_REDACTED_RUN] not in text, text


def _echoing(status: int, make_body):
    def handle(conn: Conn, request: Request) -> None:
        key = request.headers["authorization"].removeprefix("Bearer ")
        body = make_body(key)
        if isinstance(body, bytes):
            conn.send(answer(status, body, {"Content-Type": "text/plain"}))
        else:
            conn.send(json_answer(status, body))

    return handle


ECHOES = {
    "gateway error, every field": (
        401,
        lambda k: {"error": {"message": f"invalid token {k}", "type": k, "code": k}},
    ),
    "gateway error, type only": (403, lambda k: {"error": {"message": "no", "type": k}}),
    "task error with data": (
        400,
        lambda k: {"code": k, "message": f"bad {k}", "data": {k: [k, {"key": k}]}},
    ),
    "unreadable 200": (200, lambda k: task_json(status=k, model=k)),
    **{
        f"unreadable 200, reason cut at {pad}": (
            200,
            lambda k, pad=pad: task_json(status="x" * pad + k),
        )
        for pad in (230, 240, 250, 260)
    },
    **{
        f"text cut at {cut}": (502, lambda k, cut=cut: b"x" * cut + k.encode() + b"y" * 300)
        for cut in (0, 170, 185, 195, 199)
    },
}


@pytest.mark.parametrize("case", ECHOES)
def test_a_key_the_gateway_echoes_is_never_shown(case):
    status, make_body = ECHOES[case]
    with (
        RawServer(_echoing(status, make_body)) as server,
        Seedance(api_key=SECRET, base_url=server.base_url, max_retries=0) as client,
        pytest.raises((APIStatusError, UnreadableResponseError)) as caught,
    ):
        client.videos.retrieve(TASK_ID)

    _assert_no_part_of_the_key(_shown(caught.value))
    assert "<redacted>" in _shown(caught.value)


def test_a_failed_tasks_error_echoing_the_key_is_redacted():
    def handle(conn: Conn, request: Request) -> None:
        key = request.headers["authorization"].removeprefix("Bearer ")
        error = {"code": key, "message": f"upstream refused {key}"}
        conn.send(json_answer(200, task_json(status="failed", error=error)))

    with (
        RawServer(handle) as server,
        Seedance(api_key=SECRET, base_url=server.base_url) as client,
        pytest.raises(TaskFailedError) as caught,
    ):
        client.videos.wait(TASK_ID, timeout=5)

    _assert_no_part_of_the_key(str(caught.value) + repr(caught.value))


def test_a_create_refused_with_the_key_echoed_is_redacted():
    handler = _echoing(401, lambda k: {"error": {"message": k, "type": k, "code": k}})
    with (
        RawServer(handler) as server,
        Seedance(api_key=SECRET, base_url=server.base_url) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.videos.create(prompt="a cat", first_frame=URL_FRAME)

    _assert_no_part_of_the_key(_shown(caught.value))


@pytest.mark.parametrize(
    "bad_key",
    [SECRET + "\n", SECRET[:10] + " " + SECRET[10:], SECRET + "\t", SECRET + "\x00", SECRET + "é"],
    ids=["newline", "space", "tab", "nul", "non-ascii"],
)
def test_a_key_that_cannot_be_a_header_is_refused_without_echoing_it(bad_key, monkeypatch):
    with pytest.raises(SeedanceError, match="copy the key again") as caught:
        Seedance(api_key=bad_key, base_url="http://127.0.0.1:9")
    _assert_no_part_of_the_key(str(caught.value) + repr(caught.value))

    if "\x00" in bad_key:
        return  # an environment variable cannot hold a NUL
    monkeypatch.setenv("SEEDANCE_API_KEY", bad_key)
    with pytest.raises(SeedanceError, match="SEEDANCE_API_KEY") as caught:
        Seedance(base_url="http://127.0.0.1:9")
    _assert_no_part_of_the_key(str(caught.value))


def test_the_contract_harness_redacts_with_the_sdks_one_function():
    assert curl.redact is redact
    line = curl.curl_line("GET", "http://x/" + SECRET[3:20], {"X-Echo": SECRET[5:30]})
    _assert_no_part_of_the_key(redact(line, SECRET))
