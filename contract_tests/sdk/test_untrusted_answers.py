"""A gateway's answer is untrusted: a task id that is not a usable id, an answer far larger
than any task, a body shorter than it declared. Each is an error the user can act on (for a
create: what arrived, kept on the exception, and never re-sent), and a task id always goes
into a URL as exactly one path segment. Real HTTP on loopback."""

from __future__ import annotations

import gzip
import json

import pytest

from contract_tests.fakes.raw_server import Conn, RawServer, Request, answer, json_answer
from seedance import (
    APIConnectionError,
    Seedance,
    UnexpectedContentError,
    UnreadableResponseError,
)
from seedance._download import MAX_VIDEO_BYTES
from seedance._http import MAX_JSON_BYTES
from seedance._request import spec
from seedance._task_id import task_path
from seedance.contract import session

from .conftest import KEY, MP4_HEAD, TASK_ID, URL_FRAME, task_json

BAD_IDS = [{"nested": "object"}, 42, None, "x" * 10_240, "", "   ", "task\n1"]


def _answering(body: bytes):
    def handle(conn: Conn, request: Request) -> None:
        conn.send(answer(200, body, {"Content-Type": "application/json"}))

    return handle


@pytest.mark.parametrize("bad_id", BAD_IDS, ids=repr)
def test_a_created_task_without_a_usable_id_is_unreadable_and_kept(bad_id):
    raw = json.dumps(task_json(id=bad_id)).encode()
    with (
        RawServer(_answering(raw)) as server,
        Seedance(api_key=KEY, base_url=server.base_url, max_retries=3) as client,
        pytest.raises(UnreadableResponseError) as caught,
    ):
        client.videos.create(prompt="a cat", first_frame=URL_FRAME)

    error = caught.value
    assert error.outcome_unknown is True
    assert error.body == raw.decode()
    assert "task id" in error.reason
    assert "may have been created" in str(error)
    assert len(str(error)) < 1000  # the 10 KB id is on .body, not in the message
    assert [r.method for r in server.requests] == ["POST"]


@pytest.mark.parametrize("bad_id", BAD_IDS[:3], ids=repr)
def test_a_retrieved_task_without_a_usable_id_is_unreadable(bad_id):
    raw = json.dumps(task_json(id=bad_id)).encode()
    with (
        RawServer(_answering(raw)) as server,
        Seedance(api_key=KEY, base_url=server.base_url) as client,
        pytest.raises(UnreadableResponseError) as caught,
    ):
        client.videos.retrieve(TASK_ID)

    assert caught.value.outcome_unknown is False
    assert caught.value.body == raw.decode()


def _echo_task(conn: Conn, request: Request) -> None:
    if request.target.endswith("/content"):
        conn.send(answer(200, MP4_HEAD, {"Content-Type": "video/mp4"}))
        return
    conn.send(json_answer(200, task_json(status="completed", progress=100)))


@pytest.mark.parametrize(
    ("task_id", "segment"),
    [("..", "%2E%2E"), (".", "%2E"), ("../../x", "..%2F..%2Fx"), ("a b?c#d", "a%20b%3Fc%23d")],
)
def test_a_task_id_is_always_one_path_segment(tmp_path, task_id, segment):
    with (
        RawServer(_echo_task) as server,
        Seedance(api_key=KEY, base_url=server.base_url) as client,
    ):
        client.videos.retrieve(task_id)
        client.videos.download(task_id, tmp_path / "v.mp4")

    assert [r.target for r in server.requests] == [
        f"/v1/videos/{segment}",
        f"/v1/videos/{segment}/content",
    ]


def test_the_contract_harness_fills_task_ids_with_the_sdks_helper():
    roles = spec().roles
    assert session.task_path is task_path
    assert task_path(roles.retrieve, "..") == roles.retrieve.path.replace("{task_id}", "%2E%2E")


def _huge_json(conn: Conn, request: Request) -> None:
    size = 200 * 1024 * 1024
    head = answer(200, b"", {"Content-Type": "application/json"})
    conn.send(head.replace(b"Content-Length: 0", f"Content-Length: {size}".encode()))
    block = b'{"id": "' + b"x" * 65_536
    while conn.sent < size and conn.send(block):
        block = b"x" * 65_536


def _endless_chunked_json(conn: Conn, request: Request) -> None:
    conn.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    block = b"x" * 65_536
    while conn.send(f"{len(block):x}\r\n".encode() + block + b"\r\n"):
        pass


@pytest.mark.parametrize("handler", [_huge_json, _endless_chunked_json])
def test_an_answer_larger_than_any_task_is_not_read_into_memory(handler):
    with (
        RawServer(handler) as server,
        Seedance(api_key=KEY, base_url=server.base_url) as client,
        pytest.raises(UnreadableResponseError, match=f"larger than {MAX_JSON_BYTES} bytes"),
    ):
        client.videos.create(prompt="a cat", first_frame=URL_FRAME)

    assert len(server.requests) == 1


def test_a_video_declaring_more_than_the_maximum_is_refused_unread(tmp_path):
    def handle(conn: Conn, request: Request) -> None:
        head = answer(200, b"", {"Content-Type": "video/mp4"})
        conn.send(
            head.replace(b"Content-Length: 0", f"Content-Length: {MAX_VIDEO_BYTES + 1}".encode())
        )
        conn.send(MP4_HEAD)
        conn.hang()

    with (
        RawServer(handle) as server,
        Seedance(api_key=KEY, base_url=server.base_url) as client,
        pytest.raises(UnexpectedContentError, match=f"over the {MAX_VIDEO_BYTES} bytes"),
    ):
        client.videos.download(TASK_ID, tmp_path / "v.mp4", timeout=5)

    assert list(tmp_path.iterdir()) == []


def test_a_video_cut_short_of_its_content_length_leaves_no_file(tmp_path):
    def handle(conn: Conn, request: Request) -> None:
        body = MP4_HEAD + b"\x00" * 1000
        head = answer(200, b"", {"Content-Type": "video/mp4"})
        conn.send(head.replace(b"Content-Length: 0", f"Content-Length: {len(body) * 10}".encode()))
        conn.send(body)
        conn.sock.close()

    with (
        RawServer(handle) as server,
        Seedance(api_key=KEY, base_url=server.base_url, max_retries=1) as client,
        pytest.raises(APIConnectionError),
    ):
        client.videos.download(TASK_ID, tmp_path / "v.mp4", timeout=5)

    assert list(tmp_path.iterdir()) == []


def test_a_compressed_answer_counts_at_its_real_size():
    bomb = gzip.compress(b'{"id": "' + b"0" * (8 * MAX_JSON_BYTES) + b'"}')

    def handle(conn: Conn, request: Request) -> None:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        conn.send(answer(200, bomb, headers))

    with (
        RawServer(handle) as server,
        Seedance(api_key=KEY, base_url=server.base_url) as client,
        pytest.raises(UnreadableResponseError, match=f"larger than {MAX_JSON_BYTES} bytes"),
    ):
        client.videos.retrieve(TASK_ID)

    assert len(bomb) < MAX_JSON_BYTES // 10
