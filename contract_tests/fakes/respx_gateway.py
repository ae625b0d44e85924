"""Call a generated endpoint against one respx-mocked response and capture the request.

Nothing leaves the process: the respx router refuses any request it has no route for
(``assert_all_mocked``), so a client that followed a redirect or called the wrong path fails
the test instead of reaching a network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import respx
from seedance_client import AuthenticatedClient
from seedance_client.types import Response

from contract_tests.fakes.instances import minimal_instance
from seedance.spec import OperationInfo, SpecView
from seedance.spec.reach import component_name

from .generated import attribute_name, endpoint_module, model_class

__all__ = [
    "BASE_URL",
    "TASK_ID",
    "TOKEN",
    "Exchange",
    "call_operation",
    "default_body",
    "is_json_media",
    "make_client",
    "request_model_name",
    "success_answer",
]

BASE_URL = "https://gateway.invalid"
TOKEN = "sk-client-contract-test"  # a placeholder, never a real key
TASK_ID = "task-under-test"  # arbitrary path parameter value: the path schema is a plain string


@dataclass(frozen=True)
class Exchange:
    """What the generated client returned and the request it sent."""

    response: Response[Any]
    request: httpx.Request


def make_client() -> AuthenticatedClient:
    """A generated client that raises on any status the spec does not document."""
    return AuthenticatedClient(base_url=BASE_URL, token=TOKEN, raise_on_unexpected_status=True)


def is_json_media(media_type: str) -> bool:
    """True for ``application/json`` and ``*/*+json`` media types."""
    return media_type == "application/json" or media_type.endswith("+json")


def request_model_name(spec: dict[str, Any], op: OperationInfo) -> str:
    """The component schema name of an operation's JSON request body."""
    body = SpecView(spec).request_body(op.operation_id)
    name = None if body is None else component_name(body.pointer)
    if name is None:
        raise LookupError(f"{op.operation_id}: the request body is not a named component schema")
    return name


_SUCCESS: dict[tuple[str, str], tuple[int, Any]] = {}


def success_answer(op: OperationInfo) -> httpx.Response:
    """The first documented 2xx response of ``op``, with a minimal valid JSON payload.

    Payloads are cached per operation: the first call may use ``hypothesis.find`` (for a
    ``pattern``), so make it outside any ``@given`` test, e.g. at module import.
    """
    key = (op.method, op.path)
    if key not in _SUCCESS:
        status, info = next(
            ((s, i) for s, i in op.responses.items() if s.startswith("2")), (None, None)
        )
        if status is None or info is None:
            raise LookupError(f"{op.operation_id} documents no 2xx response")
        schema = info.content.get("application/json")
        _SUCCESS[key] = (int(status), minimal_instance(schema) if schema else None)
    status_code, payload = _SUCCESS[key]
    return httpx.Response(status_code, json=payload)


def default_body(spec: dict[str, Any], op: OperationInfo) -> Any:
    """A minimal valid request body model for ``op`` (None when it takes no body)."""
    if op.request_schema is None:
        return None
    return model_class(request_model_name(spec, op)).from_dict(minimal_instance(op.request_schema))


def call_operation(
    client: AuthenticatedClient,
    op: OperationInfo,
    answer: httpx.Response,
    *,
    body: Any = None,
) -> Exchange:
    """Call ``op``'s ``sync_detailed`` while the mocked gateway answers ``answer``."""
    module = endpoint_module(op.operation_id)
    path = op.path.format(**dict.fromkeys(op.path_params, TASK_ID))
    kwargs: dict[str, Any] = {attribute_name(p): TASK_ID for p in op.path_params}
    if body is not None:
        kwargs["body"] = body
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as router:
        route = router.route(method=op.method, path=path).mock(return_value=answer)
        response = module.sync_detailed(client=client, **kwargs)
    return Exchange(response=response, request=route.calls.last.request)
