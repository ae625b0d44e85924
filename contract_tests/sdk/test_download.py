"""download: redirects followed with the key only for the configured origin, streamed to a
temporary file and renamed, never a partial file, and only a video is kept."""

import asyncio

import httpx
import pytest

from seedance import (
    AsyncSeedance,
    Seedance,
    TooManyRedirectsError,
    UnexpectedContentError,
    VideoTask,
)
from seedance._download import MAX_REDIRECTS

from .conftest import BASE_URL, CONTENT, KEY, MP4_HEAD, TASK_ID, task_json

VIDEO = MP4_HEAD + b"\x00" * 50_000
AUTH = f"Bearer {KEY}"


def _video(**headers):
    return httpx.Response(200, content=VIDEO, headers={"Content-Type": "video/mp4", **headers})


def _redirect(status, location):
    return httpx.Response(status, headers={"Location": location})


@pytest.mark.parametrize("status", [302, 307])
def test_a_redirect_to_a_cdn_is_followed_without_the_key(client, gateway, tmp_path, status):
    cdn_url = "https://cdn.invalid/videos/v.mp4?sig=abc"
    gateway.get(CONTENT).mock(return_value=_redirect(status, cdn_url))
    cdn = gateway.get(cdn_url).mock(return_value=_video())

    path = client.videos.download(TASK_ID, tmp_path / "v.mp4")

    assert path.read_bytes() == VIDEO
    assert cdn.call_count == 1
    assert "authorization" not in cdn.calls.last.request.headers


def test_a_same_origin_redirect_keeps_the_key(client, gateway, tmp_path):
    gateway.get(CONTENT).mock(return_value=_redirect(302, "/files/v.mp4"))
    same = gateway.get("/files/v.mp4").mock(return_value=_video())

    client.videos.download(TASK_ID, tmp_path / "v.mp4")

    assert same.calls.last.request.headers["authorization"] == AUTH


@pytest.mark.parametrize(
    "location",
    [
        BASE_URL.replace("https://", "http://") + "/files/v.mp4",  # same host, plain http
        BASE_URL + ":8443/files/v.mp4",  # same host, other port
        "https://evil.gateway.invalid/files/v.mp4",
    ],
)
def test_the_key_is_not_sent_to_another_scheme_port_or_host(client, gateway, tmp_path, location):
    gateway.get(CONTENT).mock(return_value=_redirect(307, location))
    target = gateway.get(location).mock(return_value=_video())

    client.videos.download(TASK_ID, tmp_path / "v.mp4")

    assert "authorization" not in target.calls.last.request.headers


def test_the_video_is_written_to_the_target_and_nothing_else_is_left(client, gateway, tmp_path):
    gateway.get(CONTENT).mock(return_value=_video())

    path = client.videos.download(TASK_ID, tmp_path / "sub" / "v.mp4")

    assert path == tmp_path / "sub" / "v.mp4"
    assert path.read_bytes() == VIDEO
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["v.mp4"]


def test_a_task_object_is_accepted(client, gateway, tmp_path):
    gateway.get(CONTENT).mock(return_value=_video())
    task = VideoTask.from_dict(task_json(status="completed", progress=100))

    assert client.videos.download(task, tmp_path / "v.mp4").exists()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html", b"<html>signature expired</html>"),
        ("application/json", b'{"error": "nope"}'),
        ("application/octet-stream", b"\x89PNG\r\n\x1a\n not a video"),
        ("video/mp4", b""),
    ],
)
def test_what_is_not_a_video_is_refused_and_not_kept(client, gateway, tmp_path, content_type, body):
    target = tmp_path / "v.mp4"
    target.write_bytes(b"the previous video")
    gateway.get(CONTENT).mock(
        return_value=httpx.Response(200, content=body, headers={"Content-Type": content_type})
    )

    with pytest.raises(UnexpectedContentError, match="expected a video"):
        client.videos.download(TASK_ID, target)

    assert target.read_bytes() == b"the previous video"
    assert [p.name for p in tmp_path.iterdir()] == ["v.mp4"]


def test_an_ftyp_box_is_a_video_whatever_the_content_type(client, gateway, tmp_path):
    gateway.get(CONTENT).mock(
        return_value=httpx.Response(
            200, content=VIDEO, headers={"Content-Type": "application/octet-stream"}
        )
    )

    assert client.videos.download(TASK_ID, tmp_path / "v.mp4").read_bytes() == VIDEO


class _BrokenStream(httpx.SyncByteStream):
    def __iter__(self):
        yield VIDEO[:1000]
        raise httpx.ReadError("connection reset mid-body")


def test_a_stream_broken_midway_leaves_no_partial_file(gateway, tmp_path, sleeps):
    route = gateway.get(CONTENT).mock(
        side_effect=lambda request: httpx.Response(
            200, stream=_BrokenStream(), headers={"Content-Type": "video/mp4"}
        )
    )
    target = tmp_path / "v.mp4"

    with (
        Seedance(api_key=KEY, base_url=BASE_URL, max_retries=1) as client,
        pytest.raises(Exception, match="ReadError"),
    ):
        client.videos.download(TASK_ID, target)

    assert route.call_count == 2
    assert list(tmp_path.iterdir()) == []


def test_a_redirect_loop_stops(client, gateway, tmp_path):
    gateway.get(CONTENT).mock(return_value=_redirect(302, CONTENT))

    with pytest.raises(TooManyRedirectsError, match="loops"):
        client.videos.download(TASK_ID, tmp_path / "v.mp4")

    assert gateway.routes[0].call_count == MAX_REDIRECTS + 1
    assert list(tmp_path.iterdir()) == []


def test_async_download_follows_the_same_rules(gateway, tmp_path):
    cdn_url = "https://cdn.invalid/v.mp4"
    gateway.get(CONTENT).mock(return_value=_redirect(307, cdn_url))
    cdn = gateway.get(cdn_url).mock(return_value=_video())

    async def go():
        async with AsyncSeedance(api_key=KEY, base_url=BASE_URL) as client:
            return await client.videos.download(TASK_ID, tmp_path / "v.mp4")

    assert asyncio.run(go()).read_bytes() == VIDEO
    assert "authorization" not in cdn.calls.last.request.headers


def test_async_download_refuses_what_is_not_a_video(gateway, tmp_path):
    gateway.get(CONTENT).mock(
        return_value=httpx.Response(200, content=b"<html/>", headers={"Content-Type": "text/html"})
    )

    async def go():
        async with AsyncSeedance(api_key=KEY, base_url=BASE_URL) as client:
            await client.videos.download(TASK_ID, tmp_path / "v.mp4")

    with pytest.raises(UnexpectedContentError):
        asyncio.run(go())
    assert list(tmp_path.iterdir()) == []
