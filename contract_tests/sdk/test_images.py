"""first_frame as a URL, a Path or bytes: files are checked by content (Pillow) and sent
as a data URL; a local path given as a string is refused with what to do instead."""

import base64
import json

import pytest

from seedance import RequestValidationError
from seedance._images import IMAGE_RULES

from .conftest import CREATE, image_bytes, json_answer, task_json


def _sent_url(client, gateway, first_frame):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))
    client.videos.create(prompt="a cat", first_frame=first_frame)
    return json.loads(route.calls.last.request.content)["media"][1]["url"]


def _refused(client, gateway, first_frame):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))
    with pytest.raises(RequestValidationError) as caught:
        client.videos.create(prompt="a cat", first_frame=first_frame)
    assert route.call_count == 0
    return caught.value


@pytest.mark.parametrize(
    ("pillow_format", "sent_format"),
    [
        ("JPEG", "jpeg"),
        ("PNG", "png"),
        ("WEBP", "webp"),
        ("BMP", "bmp"),
        ("TIFF", "tiff"),
        ("GIF", "gif"),
        ("HEIF", "heic"),
    ],
)
def test_bytes_are_sent_as_a_data_url_of_their_real_format(
    client, gateway, pillow_format, sent_format
):
    data = image_bytes(pillow_format)

    url = _sent_url(client, gateway, data)

    prefix = f"data:image/{sent_format};base64,"
    assert url.startswith(prefix)
    assert base64.b64decode(url.removeprefix(prefix)) == data


def test_the_format_comes_from_the_content_not_the_file_name(client, gateway, tmp_path):
    misnamed = tmp_path / "frame.jpg"
    misnamed.write_bytes(image_bytes("PNG"))

    assert _sent_url(client, gateway, misnamed).startswith("data:image/png;base64,")


@pytest.mark.parametrize(
    "text", ["https://cdn.invalid/a.png", "data:image/png;base64,AAAA", "asset://asset-123"]
)
def test_url_strings_are_sent_as_they_are(client, gateway, text):
    assert _sent_url(client, gateway, text) == text


def test_a_local_path_string_is_refused_saying_to_pass_a_path(
    client, gateway, tmp_path, monkeypatch
):
    (tmp_path / "first.png").write_bytes(image_bytes())
    monkeypatch.chdir(tmp_path)
    local = ["./first.png", "first.png", str(tmp_path / "first.png"), "file:///tmp/f.png"]
    for text in [*local, "missing/elsewhere.png", "C:\\frames\\first.png", "~/first.png"]:
        error = _refused(client, gateway, text)
        assert [p.rule for p in error.problems] == ["local-path"]
        assert "pathlib.Path" in str(error)


def test_what_is_not_an_image_is_refused(client, gateway):
    error = _refused(client, gateway, b"%PDF-1.7 not an image at all")

    assert [(p.field, p.rule) for p in error.problems] == [("first_frame", "image-format")]


def test_a_format_pillow_reads_but_the_gateway_does_not_take_is_refused(client, gateway):
    error = _refused(client, gateway, image_bytes("PPM"))

    assert "is not one of" in error.problems[0].message


@pytest.mark.parametrize(
    ("size", "rules"),
    [
        ((IMAGE_RULES.min_side_px, 400), {"image-pixels"}),
        ((400, IMAGE_RULES.min_side_px), {"image-pixels"}),
        ((IMAGE_RULES.max_side_px, 3000), {"image-pixels"}),
        ((1000, 400), {"image-aspect-ratio"}),  # exactly 2.5
        ((400, 1000), {"image-aspect-ratio"}),  # exactly 0.4
        ((200, 600), {"image-pixels", "image-aspect-ratio"}),
    ],
)
def test_pixel_sizes_and_aspect_ratios_outside_the_strict_bounds_are_refused(
    client, gateway, size, rules
):
    error = _refused(client, gateway, image_bytes("PNG", size))

    assert {p.rule for p in error.problems} == rules


@pytest.mark.parametrize("size", [(301, 301), (999, 400), (401, 1000), (5999, 3000)])
def test_sizes_just_inside_the_bounds_are_sent(client, gateway, size):
    assert _sent_url(client, gateway, image_bytes("PNG", size)).startswith("data:image/png")


def test_a_file_of_30_mb_is_refused_before_it_is_read(client, gateway, tmp_path):
    big = tmp_path / "big.png"
    with big.open("wb") as sparse:
        sparse.truncate(IMAGE_RULES.max_image_bytes)

    error = _refused(client, gateway, big)

    assert [p.rule for p in error.problems] == ["image-size"]
    assert "30 MB" in str(error)


def test_a_missing_file_is_refused_with_its_name(client, gateway, tmp_path):
    error = _refused(client, gateway, tmp_path / "nope.png")

    assert "nope.png" in str(error)


def test_a_body_over_64_mb_is_refused(client, gateway):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))

    with pytest.raises(RequestValidationError) as caught:
        client.videos.create(
            prompt="x" * (IMAGE_RULES.max_body_bytes + 1), first_frame="https://cdn.invalid/a.png"
        )

    assert route.call_count == 0
    assert [(p.field, p.rule) for p in caught.value.problems] == [("body", "body-size")]
    assert "64 MB" in str(caught.value)
