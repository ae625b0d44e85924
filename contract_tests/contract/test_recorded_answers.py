"""Every answer of the committed recording is read by the generated client and by the SDK,
offline (respx serves each one), so a client change that cannot read a real answer fails here."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from contract_tests.fakes.generated import model_class
from contract_tests.fakes.respx_gateway import (
    BASE_URL,
    TOKEN,
    call_operation,
    make_client,
    request_model_name,
)
from seedance import APIStatusError, Seedance
from seedance.contract.cassette import RecordedExchange, read_cassette
from seedance.spec import OperationInfo, load_bundle, operation_roles, operations

from .conftest import COMMITTED

_TASK_ID = "task_" + "a" * 32
#: Headers of the recorded answer not served again (the body is kept decoded, maybe cut).
_NOT_SERVED = {"content-length", "content-encoding", "transfer-encoding"}

SPEC = load_bundle()
OPS = operations(SPEC)
ROLES = operation_roles(OPS)
RECORDED = read_cassette(COMMITTED / "cassette.har")


def _answers() -> list[RecordedExchange]:
    """Each distinct recorded answer once (same operation, status, headers' type and body)."""
    seen: set[tuple[str, int, str, bytes]] = set()
    out = []
    for recorded in RECORDED:
        if recorded.status is None or recorded.operation not in OPS:
            continue
        key = (recorded.operation, recorded.status, recorded.content_type, recorded.body)
        if key not in seen:
            seen.add(key)
            out.append(recorded)
    return out


ANSWERS = _answers()


def _response(recorded: RecordedExchange) -> httpx.Response:
    headers = [(k, v) for k, v in recorded.response_headers.items() if k.lower() not in _NOT_SERVED]
    body = recorded.body
    if recorded.truncated and recorded.body_size > len(body):  # a video kept as its start
        body += bytes(recorded.body_size - len(body))
    return httpx.Response(recorded.status or 0, headers=headers, content=body)


def _valid_create_body() -> dict[str, Any]:
    """The body of the lifecycle's create: a request the spec accepts."""
    create = next(
        r
        for r in RECORDED
        if r.check == "check_lifecycle" and r.operation == ROLES.create.operation_id
    )
    return dict(json.loads(create.request_body or b"{}"))


def test_the_recording_has_answers_of_every_operation_and_of_success_and_refusal():
    kinds = {(r.operation, r.status is not None and r.status < 300) for r in ANSWERS}
    for op in OPS:
        assert (op, True) in kinds, op
        assert (op, False) in kinds, op


def test_the_generated_client_reads_every_recorded_answer():
    client = make_client()
    body = model_class(request_model_name(SPEC, ROLES.create)).from_dict(_valid_create_body())
    unread = []
    for recorded in ANSWERS:
        op = OPS[recorded.operation]
        try:
            exchange = call_operation(
                client, op, _response(recorded), body=body if op.request_schema else None
            )
        except Exception as exc:  # the generated models raise: they cannot read it
            unread.append(f"{recorded.operation} {recorded.status}: {exc!r}")
            continue
        documented = op.responses.get(str(recorded.status))
        if exchange.response.status_code != recorded.status or (
            documented is not None and documented.content and exchange.response.parsed is None
        ):
            unread.append(f"{recorded.operation} {recorded.status}: {recorded.body[:120]!r}")
    assert not unread, "\n".join(unread)


def _sdk_call(client: Seedance, op: OperationInfo, tmp_path: Path) -> Callable[[], Any]:
    request = model_class(request_model_name(SPEC, ROLES.create)).from_dict(_valid_create_body())
    if op.operation_id == ROLES.create.operation_id:
        return lambda: client.videos.submit(request)
    if op.operation_id == ROLES.retrieve.operation_id:
        return lambda: client.videos.retrieve(_TASK_ID)
    return lambda: client.videos.download(_TASK_ID, tmp_path / "video.mp4")


@pytest.mark.parametrize("role", ["create", "retrieve", "content"])
def test_the_sdk_reads_every_recorded_answer(role: str, tmp_path: Path):
    op = getattr(ROLES, role)
    path = op.path.format(**dict.fromkeys(op.path_params, _TASK_ID))
    unread = []
    with Seedance(api_key=TOKEN, base_url=BASE_URL, max_retries=0) as client:
        call = _sdk_call(client, op, tmp_path)
        for recorded in (r for r in ANSWERS if r.operation == op.operation_id):
            if recorded.status is not None and 300 <= recorded.status < 400:
                continue  # a redirect leads to another recorded answer
            with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
                router.route(method=op.method, path=path).mock(return_value=_response(recorded))
                try:
                    call()
                except APIStatusError as exc:
                    if exc.status_code != recorded.status or (
                        exc.code is None and exc.message is None
                    ):
                        unread.append(f"{recorded.status}: read as {exc!r}")
                    continue
                except Exception as exc:  # any other failure: it cannot read the answer
                    unread.append(f"{recorded.status} {recorded.body[:80]!r}: {exc!r}")
                    continue
                if not 200 <= (recorded.status or 0) < 300:
                    unread.append(f"{recorded.status}: the SDK raised nothing")
    assert not unread, "\n".join(unread)
