"""What download saves is a video by its bytes: an ISO BMFF ``ftyp`` box or an EBML header,
whatever the Content-Type says, and not visibly cut (no top-level box runs past the end).
Anything else is refused, the previous file kept and no ``.part`` left. Saved files get the
user's umask. The contract harness judges content answers by the same rule."""

from __future__ import annotations

import asyncio
import os
import stat
import struct

import pytest

from contract_tests.fakes.raw_server import Conn, RawServer, Request, answer
from seedance import AsyncSeedance, Seedance, UnexpectedContentError
from seedance._request import spec
from seedance._video import video_problem
from seedance.contract.client_read import client_read_problems
from seedance.contract.transport import Exchange
from seedance.mock.mp4 import sample_mp4

from .conftest import KEY, TASK_ID

MP4 = sample_mp4()
WEBM = (
    b"\x1a\x45\xdf\xa3\x84webm"  # EBML header element, 4 bytes of payload
    + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff"  # Segment of unknown size
    + b"\x00" * 200
)
HTML = b"<!doctype html><html><body>Signature expired</body></html>" + b" " * 100
FIRST_BOX_OVERRUNS = struct.pack(">I", len(MP4) * 4) + MP4[4:]
LAST_BOX_CUT = MP4[:-100]


def _serving(body: bytes, content_type: str):
    def handle(conn: Conn, request: Request) -> None:
        conn.send(answer(200, body, {"Content-Type": content_type}))

    return handle


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(MP4, "application/octet-stream"), (MP4, "video/mp4"), (WEBM, "video/webm")],
    ids=["mp4-octet-stream", "mp4", "webm"],
)
def test_a_video_is_saved_whatever_its_content_type(tmp_path, body, content_type):
    with (
        RawServer(_serving(body, content_type)) as server,
        Seedance(api_key=KEY, base_url=server.base_url) as client,
    ):
        path = client.videos.download(TASK_ID, tmp_path / "v.mp4")

    assert path.read_bytes() == body
    assert [p.name for p in tmp_path.iterdir()] == ["v.mp4"]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (HTML, "expected a video"),
        (FIRST_BOX_OVERRUNS, "truncated"),
        (LAST_BOX_CUT, "truncated"),
        (MP4[:6], "expected a video"),
    ],
    ids=["html", "first-box-overruns", "last-box-cut", "six-bytes"],
)
def test_what_is_not_a_whole_video_is_refused_even_labelled_video(tmp_path, body, said):
    target = tmp_path / "v.mp4"
    target.write_bytes(b"the previous video")
    with (
        RawServer(_serving(body, "video/mp4")) as server,
        Seedance(api_key=KEY, base_url=server.base_url) as client,
        pytest.raises(UnexpectedContentError, match=said) as caught,
    ):
        client.videos.download(TASK_ID, target)

    assert "nothing was saved" in str(caught.value)
    assert target.read_bytes() == b"the previous video"
    assert [p.name for p in tmp_path.iterdir()] == ["v.mp4"]


def test_async_download_refuses_html_labelled_video(tmp_path):
    async def go(server: RawServer) -> None:
        async with AsyncSeedance(api_key=KEY, base_url=server.base_url) as client:
            await client.videos.download(TASK_ID, tmp_path / "v.mp4")

    with RawServer(_serving(HTML, "video/mp4")) as server, pytest.raises(UnexpectedContentError):
        asyncio.run(go(server))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_a_saved_video_gets_the_users_umask(tmp_path, umask):
    previous = os.umask(umask)
    try:
        with (
            RawServer(_serving(MP4, "video/mp4")) as server,
            Seedance(api_key=KEY, base_url=server.base_url) as client,
        ):
            path = client.videos.download(TASK_ID, tmp_path / "v.mp4")
    finally:
        os.umask(previous)

    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def _content_exchange(body: bytes, content_type: str) -> Exchange:
    return Exchange(
        seq=1,
        operation_id=spec().roles.content.operation_id,
        method="GET",
        url=f"http://127.0.0.1/v1/videos/{TASK_ID}/content",
        request_headers={},
        request_body=None,
        status=200,
        response_headers={"content-type": content_type},
        response_body=body,
        body_size=len(body),
    )


@pytest.mark.parametrize(
    "body", [HTML, FIRST_BOX_OVERRUNS, LAST_BOX_CUT], ids=["html", "box", "cut"]
)
def test_the_contract_harness_refuses_what_the_sdk_refuses(body):
    roles = spec().roles
    problems = client_read_problems(roles, roles.content, _content_exchange(body, "video/mp4"))

    assert problems == [
        f"the client cannot read this answer: the SDK's download refuses it: "
        f"{video_problem(body, len(body))}"
    ]


def test_the_contract_harness_judges_a_kept_start_by_the_whole_size():
    # the harness keeps only the start of a large video: boxes beyond it are not judged,
    # a first box overrunning the whole size is
    assert video_problem(MP4[:100], len(MP4)) is None
    assert video_problem(FIRST_BOX_OVERRUNS[:100], len(MP4)) is not None
