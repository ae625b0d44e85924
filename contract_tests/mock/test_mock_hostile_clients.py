"""Hostile clients on loopback, through a raw socket (:mod:`contract_tests.fakes.rawhttp`):
oversized request heads and targets, control bytes in paths, a ``Prefer`` status the operation
does not document, an integer too long for Python. Each gets a JSON answer in one of the
gateway's documented error shapes, and the mock goes on serving everyone else.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from contract_tests.fakes import rawhttp
from contract_tests.mock.helpers import url_of
from seedance.mock import MockServer, running_mock
from seedance.mock.accesslog import RequestLog
from seedance.mock.app import HEALTH_PATH
from seedance.mock.bodies import MAX_INTEGER_DIGITS
from seedance.mock.config import DEFAULT_MAX_HEADER_BYTES
from seedance.mock.protocol import MAX_TARGET_BYTES
from seedance.spec import OperationInfo, OperationRoles

_AUTH = {"Authorization": "Bearer sk-mock"}
_URL = re.compile(r"on (http://127\.0\.0\.1:(\d+))")


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with running_mock(api_key="sk-mock", task_seconds=60, log_requests=False) as server:
        yield server


def _gateway_error(answer: rawhttp.RawAnswer, *fragments: str) -> str:
    """The message of a 400 in the gateway shape ``{"error": {message, type, code}}``."""
    assert answer.status == 400, answer
    assert answer.headers["content-type"] == "application/json", answer
    error = answer.json()["error"]
    assert set(error) == {"message", "type", "code"}, error
    for fragment in fragments:
        assert fragment in error["message"], (fragment, error["message"])
    return str(error["message"])


def _tasks(server: MockServer) -> int:
    return int(httpx.get(server.base_url + HEALTH_PATH).json()["tasks"])


def _get(target: str, size: int = 0) -> bytes:
    """A retrieve request head padded with an ``X-Pad`` header to exactly ``size`` bytes."""
    head = rawhttp.request_head("GET", target, {**_AUTH, "X-Pad": ""})
    if size:
        head = head.replace(b"X-Pad: ", b"X-Pad: " + b"p" * (size - len(head)))
        assert len(head) == size
    return head


def _post(body: bytes, headers: dict[str, str] | None = None) -> bytes:
    fields = {**_AUTH, "Content-Type": "application/json", **(headers or {})}
    return rawhttp.request_head("POST", "/v1/videos", fields, body) + body


# -- request head size ---------------------------------------------------------------------


def test_a_150_mb_header_is_refused_at_the_cap_while_other_clients_are_served(
    mock: MockServer, ops: OperationRoles
):
    others: list[int] = []

    def ordinary_requests() -> None:
        with httpx.Client(base_url=mock.base_url, headers=_AUTH, timeout=30) as client:
            for _ in range(20):
                others.append(client.get(url_of(ops.retrieve)).status_code)

    prefix = b"GET /v1/videos/task_x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
    neighbour = threading.Thread(target=ordinary_requests)
    neighbour.start()
    answer = rawhttp.exchange_stream(
        mock.port, rawhttp.repeated(prefix, b"a", 150_000_000, b"\r\n\r\n")
    )
    neighbour.join(60)
    _gateway_error(answer, f"more than {DEFAULT_MAX_HEADER_BYTES} bytes", "--max-header-bytes")
    assert answer.sent < 150_000_000  # answered while the header was still being sent
    assert others == [404] * 20  # the unknown task, answered as usual
    assert httpx.get(mock.base_url + HEALTH_PATH).status_code == 200


def test_a_head_of_exactly_the_cap_is_served_and_one_byte_more_is_refused(
    ops: OperationRoles,
):
    cap = 4096
    with running_mock(api_key="sk-mock", max_header_bytes=cap, log_requests=False) as server:
        fits = _get(url_of(ops.retrieve), cap)
        # in small pieces, so that the count spans many reads
        pieces = iter([fits[i : i + 100] for i in range(0, cap, 100)])
        served = rawhttp.exchange_stream(server.port, pieces)
        assert served.status == 404, served
        assert served.json()["code"] == "task_not_found"
        refused = rawhttp.exchange(server.port, _get(url_of(ops.retrieve), cap + 1))
        _gateway_error(refused, f"more than {cap} bytes")


def test_the_cap_counts_the_head_only_not_the_body(ops: OperationRoles, body: dict[str, Any]):
    cap = 4096
    padded = json.dumps(body).encode()[:-1] + b" " * (4 * cap) + b"}"  # JSON whitespace
    with running_mock(api_key="sk-mock", max_header_bytes=cap, log_requests=False) as server:
        answer = rawhttp.exchange(server.port, _post(padded))
    assert answer.status == 200, answer
    assert answer.json()["status"] == "queued"


def test_the_head_cap_is_a_start_up_option_of_seedance_mock(ops: OperationRoles):
    command = [sys.executable, "-m", "seedance.mock", "--port", "0", "--quiet"]
    with subprocess.Popen(
        [*command, "--max-header-bytes", "2048"], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            banner = "".join(process.stdout.readline() for _ in range(3))
            match = _URL.search(banner)
            assert match, banner
            assert "headers up to 2048" in banner
            port = int(match.group(2))
            assert rawhttp.exchange(port, _get(url_of(ops.retrieve), 2048)).status == 404
            _gateway_error(rawhttp.exchange(port, _get(url_of(ops.retrieve), 2049)), "2048")
        finally:
            process.terminate()
            process.wait(10)


# -- request target ------------------------------------------------------------------------


def test_an_id_over_65535_bytes_gets_a_json_gateway_error_not_plain_text(
    mock: MockServer, ops: OperationRoles
):
    long_id = "task_" + "a" * 70_000
    for op in (ops.retrieve, ops.content):
        answer = rawhttp.exchange(mock.port, _get(url_of(op, long_id)))
        _gateway_error(answer, f"more than {DEFAULT_MAX_HEADER_BYTES} bytes")


def test_with_a_larger_head_cap_an_id_over_65535_bytes_is_refused_naming_the_target_limit(
    ops: OperationRoles,
):
    long_id = "task_" + "a" * 70_000
    with running_mock(api_key="sk-mock", max_header_bytes=1 << 20, log_requests=False) as server:
        answer = rawhttp.exchange(server.port, _get(url_of(ops.retrieve, long_id)))
        _gateway_error(answer, "request target is", f"at most {MAX_TARGET_BYTES}")
        # the connection was refused, not the server: the next client is served
        assert rawhttp.exchange(server.port, _get(url_of(ops.retrieve))).status == 404


def test_a_malformed_header_gets_a_json_gateway_error(mock: MockServer, ops: OperationRoles):
    head = _get(url_of(ops.retrieve)).replace(b"X-Pad:", b"X Pad:")  # a space in a name
    _gateway_error(rawhttp.exchange(mock.port, head), "not valid HTTP/1.1")


# -- the request log -----------------------------------------------------------------------


def test_request_paths_are_logged_escaped_so_no_control_byte_reaches_the_terminal(
    ops: OperationRoles,
):
    hostile = "%1b]0;pwned%07%1b[2J%00x%E2%80%A8%5c"  # OSC title, BEL, clear screen, NUL, ...
    env = {**os.environ, "SEEDANCE_API_KEY": ""}
    with subprocess.Popen(
        [sys.executable, "-m", "seedance.mock", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        try:
            assert process.stdout is not None
            banner = b"".join(process.stdout.readline() for _ in range(3)).decode()
            match = _URL.search(banner)
            assert match, banner
            port = int(match.group(2))
            # the id arrives already percent-encoded, as a hostile client would send it
            known = rawhttp.exchange(port, _get(url_of(ops.retrieve, "task_") + hostile))
            unknown = rawhttp.exchange(port, _get("/" + hostile))
        finally:
            process.terminate()
            _, err = process.communicate(timeout=10)
    assert (known.status, unknown.status) == (404, 404)
    for byte in (b"\x1b", b"\x07", b"\x00", "\u2028".encode()):
        assert byte not in err, err
    log = err.decode("ascii")
    shown = r"\x1b]0;pwned\x07\x1b[2J\x00x\u2028\x5c"
    assert f"GET /v1/videos/task_{shown}" in log, log
    assert f"GET /{shown} 404" in log, log


# -- Prefer --------------------------------------------------------------------------------


def _error_statuses(op: OperationInfo) -> str:
    return ", ".join(
        map(str, sorted(int(s) for s in op.responses if s.isdigit() and int(s) >= 400))
    )


@pytest.mark.parametrize("role", ["create", "retrieve", "content"])
def test_prefer_code_418_is_a_400_listing_the_operations_documented_error_statuses(
    mock: MockServer, ops: OperationRoles, body: dict[str, Any], role: str
):
    op: OperationInfo = getattr(ops, role)
    before = _tasks(mock)
    if op is ops.create:
        raw = _post(json.dumps(body).encode(), {"Prefer": "code=418"})
    else:
        raw = rawhttp.request_head("GET", url_of(op), {**_AUTH, "Prefer": "code=418"})
    answer = rawhttp.exchange(mock.port, raw)
    _gateway_error(answer, "code=418", op.operation_id, _error_statuses(op))
    assert _tasks(mock) == before  # and nothing was created


# -- integers too long for Python ----------------------------------------------------------


@pytest.mark.parametrize("sign", ["", "-"])
def test_a_5000_digit_integer_is_a_400_saying_so_without_pythons_advice(
    mock: MockServer, body: dict[str, Any], sign: str
):
    before = _tasks(mock)
    raw = json.dumps(body).encode()[:-1] + b', "n": ' + sign.encode() + b"7" * 5000 + b"}"
    answer = rawhttp.exchange(mock.port, _post(raw))
    assert answer.status == 400, answer
    error = answer.json()
    assert error["code"] == "invalid_request"
    assert "5000 digits" in error["message"]
    assert f"at most {MAX_INTEGER_DIGITS} digits" in error["message"]
    assert "set_int_max_str_digits" not in answer.body.decode()
    assert _tasks(mock) == before


def test_an_integer_at_pythons_digit_limit_reaches_schema_validation(
    mock: MockServer, body: dict[str, Any]
):
    raw = json.dumps(body).encode()[:-1] + b', "n": ' + b"7" * MAX_INTEGER_DIGITS + b"}"
    answer = rawhttp.exchange(mock.port, _post(raw))
    assert answer.status in (200, 400), answer  # the schema decides, not the decoder
    assert "digits" not in answer.json().get("message", "")


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/v1/videos", "/v1/videos"),
        ("/!~[]", "/!~[]"),
        ("/a b", r"/a\x20b"),
        ("/a\\b", r"/a\x5cb"),
        ("/a\x7fb", r"/a\x7fb"),
        ("/caf\u00e9", r"/caf\xe9"),
        ("/\U0001f600", r"/\U0001f600"),
    ],
)
def test_only_visible_ascii_but_the_backslash_is_logged_as_it_is(path: str, shown: str):
    stream = io.StringIO()
    log = RequestLog(stream)
    log.record("GET", path, 404, time.perf_counter())
    log.flush()
    assert f" GET {shown} 404 " in stream.getvalue()
