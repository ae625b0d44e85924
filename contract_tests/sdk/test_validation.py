"""create checks the request before sending anything: every problem at once, field, rule
and message; the rules come from the bundle (the validator the mock uses)."""

import json

import pytest
from seedance_client.models.text_media_input_type import TEXT_MEDIA_INPUT_TYPE_VALUES
from seedance_client.models.url_media_input_type import URL_MEDIA_INPUT_TYPE_VALUES

from seedance import RequestValidationError
from seedance._models import catalogue
from seedance.spec import bundle_view

from .conftest import CREATE, URL_FRAME, json_answer, task_json

_VIEW = bundle_view()
_PROPS = _VIEW.request_body(_VIEW.roles.create.operation_id).properties
SECONDS = list(_PROPS["seconds"].enum or ())
SEED_MAX = _PROPS["seed"].get("maximum")
SAFETY_MAX = _PROPS["safety_identifier"].get("maxLength")


def _refused(client, gateway, **kwargs):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))
    kwargs.setdefault("prompt", "a cat")
    kwargs.setdefault("first_frame", URL_FRAME)
    with pytest.raises(RequestValidationError) as caught:
        client.videos.create(**kwargs)
    assert route.call_count == 0, "an invalid request reached the gateway"
    return caught.value


def test_every_problem_is_listed_with_field_and_rule_and_nothing_is_sent(client, gateway):
    error = _refused(
        client, gateway, seconds="13", seed=SEED_MAX + 1, safety_identifier="x" * (SAFETY_MAX + 1)
    )

    assert {(p.field, p.rule) for p in error.problems} == {
        ("seconds", "enum"),
        ("seed", "maximum"),
        ("safety_identifier", "maxLength"),
    }
    seconds = next(p for p in error.problems if p.field == "seconds")
    assert "'13' is not one of" in seconds.message
    assert all(value in seconds.message for value in SECONDS)
    assert "not sent" in str(error)


@pytest.mark.parametrize(
    ("kwargs", "field", "rule"),
    [
        ({"size": "4k"}, "size", "enum"),
        ({"ratio": "2:1"}, "ratio", "enum"),
        ({"seed": -2}, "seed", "minimum"),
        ({"watermark": "yes"}, "watermark", "type"),
        ({"model": "another-model"}, "model", "enum"),
        ({"prompt": 42}, "media[0].text", "type"),
    ],
)
def test_each_broken_rule_is_refused(client, gateway, kwargs, field, rule):
    error = _refused(client, gateway, **kwargs)

    assert [(p.field, p.rule) for p in error.problems] == [(field, rule)]


@pytest.mark.parametrize("seconds", [5, "5", SECONDS[-1]])
def test_seconds_may_be_an_int_or_its_string(client, gateway, seconds):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))

    client.videos.create(prompt="a cat", first_frame=URL_FRAME, seconds=seconds)

    assert json.loads(route.calls.last.request.content)["seconds"] == str(seconds)


def test_arguments_left_out_are_not_sent(client, gateway):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))

    client.videos.create(prompt="a cat", first_frame=URL_FRAME)

    sent = json.loads(route.calls.last.request.content)
    assert set(sent) == {"model", "media"}
    assert sent["model"] in (_PROPS["model"].enum or ())
    assert [item["type"] for item in sent["media"]] == [
        *TEXT_MEDIA_INPUT_TYPE_VALUES,
        *URL_MEDIA_INPUT_TYPE_VALUES,
    ]
    assert sent["media"][1]["url"] == URL_FRAME


def test_every_option_is_sent_as_given(client, gateway):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))
    options = {
        "size": "480p",
        "ratio": "16:9",
        "seed": SEED_MAX,
        "watermark": True,
        "generate_audio": False,
        "return_last_frame": True,
        "safety_identifier": "u" * SAFETY_MAX,
    }

    client.videos.create(prompt="a cat", first_frame=URL_FRAME, seconds=4, **options)

    sent = json.loads(route.calls.last.request.content)
    assert {k: sent[k] for k in options} == options


def test_validate_returns_the_checked_request_without_sending_it(client, gateway):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))

    request = client.videos.validate(prompt="a cat", first_frame=URL_FRAME, seconds=5)

    assert request.model == catalogue().default_model
    assert request.to_dict()["seconds"] == "5"
    assert request.to_dict()["media"][1]["url"] == URL_FRAME
    assert route.call_count == 0


@pytest.mark.parametrize("videos", ["sync", "async"])
def test_validate_refuses_what_create_refuses_and_sends_nothing(client, aclient, gateway, videos):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))
    resource = client.videos if videos == "sync" else aclient.videos

    with pytest.raises(RequestValidationError) as caught:
        resource.validate(prompt="a cat", first_frame=URL_FRAME, seed=SEED_MAX + 1)

    assert [(p.field, p.rule) for p in caught.value.problems] == [("seed", "maximum")]
    assert route.call_count == 0


@pytest.mark.parametrize(
    "first_frame",
    [b"not an image at all", "./first.png"],
    ids=["bytes-not-an-image", "local-path-string"],
)
def test_a_bad_first_frame_is_listed_with_every_other_problem_at_once(client, gateway, first_frame):
    error = _refused(
        client,
        gateway,
        first_frame=first_frame,
        seconds="13",
        ratio="7:7",
        seed=SEED_MAX + 1,
        safety_identifier="x" * (SAFETY_MAX + 1),
    )

    fields = {p.field for p in error.problems}
    assert fields == {"first_frame", "seconds", "ratio", "seed", "safety_identifier"}
    assert "first_frame:" in str(error)
    assert "BytesIO" not in str(error)
    assert " object at 0x" not in str(error)
