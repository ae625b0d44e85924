"""Can our own client read an answer the spec allows? A violation of its own kind.

The contract run judges each answer against the bundle; an answer that passes is then read
the way the SDK reads it:

- a 2xx JSON answer goes through the generated client's own response parsing (the
  operation's module in ``seedance_client.api``), which must give a model, not raise;
- a 2xx content answer must be a whole video by its bytes, the SDK's download rule
  (:func:`seedance.reading.video_problem`);
- an error answer (4xx/5xx) with a JSON body goes through the SDK's error mapping
  (:func:`seedance.reading.read_error`), which must find its code or message.

Each failure is reported as "the client cannot read this answer: …".
"""

from __future__ import annotations

import functools
import importlib
import json
import pkgutil
from types import ModuleType
from typing import Any

import httpx
import seedance_client.api
from seedance_client import AuthenticatedClient

from seedance.contract._compat import build_response, generated_module_name
from seedance.contract.transport import Exchange
from seedance.reading import read_error, video_problem
from seedance.spec import OperationInfo, OperationRoles

__all__ = ["CANNOT_READ", "client_read_problems"]

CANNOT_READ = "the client cannot read this answer"
_PARSE_ERRORS = (TypeError, ValueError, KeyError, AttributeError)
_ERROR_STATUS = 400
_PLACEHOLDER_CLIENT = AuthenticatedClient(base_url="http://client-read.invalid", token="unused")


@functools.cache
def _generated_module(operation_id: str) -> ModuleType | None:
    """The generated endpoint module of ``operation_id`` (``createVideo`` -> ``create_video``)."""
    name = generated_module_name(operation_id)
    for tag in pkgutil.iter_modules(seedance_client.api.__path__):
        try:
            return importlib.import_module(f"seedance_client.api.{tag.name}.{name}")
        except ModuleNotFoundError:
            continue
    return None


def _generated_reads(op: OperationInfo, exchange: Exchange) -> str | None:
    module = _generated_module(op.operation_id)
    if module is None:
        return f"the generated client has no module for {op.operation_id}"
    response = httpx.Response(
        exchange.status or 0,
        headers=exchange.response_headers,
        content=exchange.response_body,
        request=httpx.Request(exchange.method, exchange.url),
    )
    try:
        built: Any = build_response(module, _PLACEHOLDER_CLIENT, response)
    except _PARSE_ERRORS as exc:
        return f"the generated models raise {exc!r}"
    if built.parsed is None:
        return f"the generated models give nothing for status {exchange.status}"
    return None


def _error_reads(exchange: Exchange) -> str | None:
    try:
        body = json.loads(exchange.response_body)
    except ValueError:
        return None  # not JSON: conformance judges content types and bodies
    code, message = read_error(body)
    if code is None and message is None:
        return "the SDK's error mapping finds neither a code nor a message in the body"
    return None


def client_read_problems(roles: OperationRoles, op: OperationInfo, exchange: Exchange) -> list[str]:
    """Why our client cannot read the answer in ``exchange`` to ``op`` (empty: it can)."""
    status = exchange.status
    if status is None or not exchange.response_body.strip():
        return []
    problem: str | None = None
    if status >= _ERROR_STATUS:
        problem = _error_reads(exchange)
    elif 200 <= status < 300 and op.operation_id == roles.content.operation_id:
        body = exchange.response_body
        refused = video_problem(body, max(exchange.body_size, len(body)))
        if refused is not None:
            problem = f"the SDK's download refuses it: {refused}"
    elif 200 <= status < 300 and exchange.content_type == "application/json":
        problem = _generated_reads(op, exchange)
    return [f"{CANNOT_READ}: {problem}"] if problem else []
