"""Every error answer maps to its documented class (docs/sdk.md), with its fields and a one-line
str() that never shows the key (respx: each test counts the requests that were sent)."""

import httpx
import pytest

from seedance import errors
from seedance.errors import TaskErrorCode

from .conftest import CONTENT, KEY, RETRIEVE, TASK_ID, json_answer, task_json

# docs/sdk.md ("Errors and retries"): the class each answer maps to; the codes with a meaning
# of their own are the SDK's TaskErrorCode, the others any code the gateway may send.
TASK_SHAPE = [
    (400, "invalid_request", errors.BadRequestError),
    (400, TaskErrorCode.TASK_NOT_EXIST, errors.NotFoundError),
    (400, TaskErrorCode.TASK_NOT_READY, errors.TaskNotReadyError),
    (404, TaskErrorCode.TASK_NOT_FOUND, errors.NotFoundError),
    (404, TaskErrorCode.TASK_NOT_EXIST, errors.NotFoundError),
    (429, "rate_limited", errors.RateLimitError),
    (500, "upstream_error", errors.InternalServerError),
]
GATEWAY_SHAPE = [
    (401, "invalid_api_key", errors.AuthenticationError),
    (403, "insufficient_quota", errors.PermissionDeniedError),
    (503, "model_not_found", errors.InternalServerError),
    (502, "bad_response", errors.InternalServerError),
]


@pytest.mark.parametrize(("status", "code", "cls"), TASK_SHAPE)
def test_a_task_error_maps_to_its_class_with_code_message_and_body(
    client, gateway, status, code, cls
):
    body = {"code": code, "message": f"the {code} message", "data": None}
    route = gateway.get(RETRIEVE).mock(return_value=json_answer(status, body))

    with pytest.raises(cls) as caught:
        client.videos.retrieve(TASK_ID, max_retries=0)

    error = caught.value
    assert type(error) is cls
    assert (error.status_code, error.code, error.message) == (status, code, f"the {code} message")
    assert error.body == body
    assert route.call_count == 1
    text = str(error)
    assert "\n" not in text
    assert str(status) in text
    assert code in text
    assert RETRIEVE in text


@pytest.mark.parametrize(("status", "code", "cls"), GATEWAY_SHAPE)
def test_a_gateway_error_maps_to_its_class(client, gateway, status, code, cls):
    body = {"error": {"message": "no channel\nfor model", "type": "new_api_error", "code": code}}
    gateway.get(RETRIEVE).mock(return_value=json_answer(status, body))

    with pytest.raises(cls) as caught:
        client.videos.retrieve(TASK_ID, max_retries=0)

    assert (caught.value.status_code, caught.value.code) == (status, code)
    assert caught.value.message == "no channel\nfor model"
    assert "\n" not in str(caught.value)


def test_a_gateway_error_without_a_code_reports_its_type(client, gateway):
    body = {"error": {"message": "invalid token", "type": "new_api_error"}}
    gateway.get(RETRIEVE).mock(return_value=json_answer(401, body))

    with pytest.raises(errors.AuthenticationError) as caught:
        client.videos.retrieve(TASK_ID)

    assert caught.value.code == "new_api_error"
    assert "api_key" in str(caught.value)  # says what to check


def test_a_bare_429_is_a_rate_limit_error_without_code(client, gateway):
    route = gateway.get(RETRIEVE).mock(return_value=httpx.Response(429))

    with pytest.raises(errors.RateLimitError) as caught:
        client.videos.retrieve(TASK_ID, max_retries=0)

    assert (caught.value.code, caught.value.message, caught.value.body) == (None, None, None)
    assert "no error body" in str(caught.value)
    assert route.call_count == 1


def test_an_html_error_page_keeps_its_status_and_text(client, gateway):
    gateway.get(RETRIEVE).mock(return_value=httpx.Response(502, text="<html>Bad Gateway</html>"))

    with pytest.raises(errors.InternalServerError) as caught:
        client.videos.retrieve(TASK_ID, max_retries=0)

    assert caught.value.status_code == 502
    assert caught.value.body == "<html>Bad Gateway</html>"


def test_an_undocumented_error_status_is_still_an_api_status_error(client, gateway):
    gateway.get(RETRIEVE).mock(return_value=json_answer(418, {"code": "teapot", "message": "no"}))

    with pytest.raises(errors.APIStatusError) as caught:
        client.videos.retrieve(TASK_ID)

    assert type(caught.value) is errors.APIStatusError
    assert caught.value.status_code == 418


def test_the_key_never_appears_in_an_error_even_when_the_gateway_echoes_it(client, gateway):
    body = {"error": {"message": f"invalid token Bearer {KEY}", "type": "x", "code": "bad"}}
    gateway.get(RETRIEVE).mock(return_value=json_answer(401, body))

    with pytest.raises(errors.AuthenticationError) as caught:
        client.videos.retrieve(TASK_ID)

    assert KEY not in str(caught.value)
    assert KEY not in (caught.value.message or "")
    assert KEY not in repr(caught.value.args)


def test_the_content_endpoint_before_completion_is_task_not_ready(client, gateway, tmp_path):
    body = {"code": "task_not_ready", "message": "task is in_progress", "data": None}
    gateway.get(CONTENT).mock(return_value=json_answer(400, body))

    with pytest.raises(errors.TaskNotReadyError, match="wait for the task"):
        client.videos.download(TASK_ID, tmp_path / "out.mp4")

    assert list(tmp_path.iterdir()) == []


def test_a_success_answer_the_models_cannot_read_is_reported_as_such(client, gateway):
    gateway.get(RETRIEVE).mock(return_value=json_answer(200, task_json(status="exploded")))

    with pytest.raises(errors.UnreadableResponseError, match="cannot read"):
        client.videos.retrieve(TASK_ID)


def test_an_empty_success_answer_is_unreadable_not_none(client, gateway):
    gateway.get(RETRIEVE).mock(return_value=httpx.Response(200))

    with pytest.raises(errors.UnreadableResponseError):
        client.videos.retrieve(TASK_ID)


def test_unknown_extra_task_fields_are_tolerated(client, gateway):
    gateway.get(RETRIEVE).mock(return_value=json_answer(200, task_json(brand_new_field={"x": 1})))

    task = client.videos.retrieve(TASK_ID)

    assert task.id == TASK_ID
    assert task.additional_properties == {"brand_new_field": {"x": 1}}


def test_an_unreadable_create_answer_is_not_resent_and_says_it_may_be_billed(client, gateway):
    route = gateway.post("/v1/videos").mock(return_value=json_answer(200, {"id": 7}))

    with pytest.raises(errors.UnreadableResponseError, match="may have been created"):
        client.videos.create(prompt="a cat", first_frame="https://cdn.invalid/a.png")

    assert route.call_count == 1
