"""The mock gateway as a Starlette app, built from the bundle's operations.

Routes come from the bundle's paths; each operation gets a role from its shape (the one
with a JSON request body creates tasks, a GET whose 2xx is JSON retrieves one, a GET whose
2xx is binary downloads the content). Every answer is one the bundle documents for that
operation. Mock-only routes live under ``/_mock/``: ``/_mock/health`` and the "CDN" URL a
content redirect points at.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from seedance.mock import vocabulary as v
from seedance.mock.config import MockConfig
from seedance.mock.errors import MockConfigError, MockSpecError
from seedance.mock.mp4 import sample_mp4
from seedance.mock.responses import (
    TASK_ERROR_STATUSES,
    JSONBody,
    gateway_error,
    task_error,
)
from seedance.mock.scenarios import Scenario, parse_prefer
from seedance.mock.tasks import Task, TaskStore
from seedance.mock.validation import RequestValidator
from seedance.mock.vocabulary import Vocabulary, load_vocabulary
from seedance.spec import OperationInfo, load_bundle, operations

logger = logging.getLogger("seedance.mock")

HEALTH_PATH = "/_mock/health"
CDN_PREFIX = "/_mock/cdn/"
_VIDEO_TYPE = "video/mp4"
_JSON = "application/json"
_Endpoint = Callable[[Request], Awaitable[Response]]


class _RejectedError(Exception):
    """A request the mock answers with an error response (raised inside handlers)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


@dataclass(frozen=True)
class _Roles:
    create: OperationInfo
    retrieve: OperationInfo
    content: OperationInfo


def _success_types(op: OperationInfo) -> set[str]:
    return {t for s, r in op.responses.items() if s.startswith("2") for t in r.content}


def _roles(ops: dict[str, OperationInfo]) -> _Roles:
    creates = [op for op in ops.values() if op.request_schema is not None]
    gets = [op for op in ops.values() if op.method == "GET" and len(op.path_params) == 1]
    retrieves = [op for op in gets if _JSON in _success_types(op)]
    contents = [op for op in gets if _success_types(op) and _JSON not in _success_types(op)]
    if len(creates) != 1 or len(retrieves) != 1 or len(contents) != 1:
        raise MockSpecError(
            "expected exactly one create operation (JSON body), one retrieve (GET, JSON 2xx) "
            "and one content download (GET, binary 2xx); found "
            f"{[o.operation_id for o in creates]}, {[o.operation_id for o in retrieves]}, "
            f"{[o.operation_id for o in contents]}"
        )
    return _Roles(creates[0], retrieves[0], contents[0])


class _Gateway:
    """The handlers, sharing the compiled spec, the config and the task store."""

    def __init__(self, config: MockConfig, spec: dict[str, Any]) -> None:
        self.config = config
        self.ops = operations(spec)
        self.roles = _roles(self.ops)
        create = self.roles.create
        raw_create = spec["paths"][create.path][create.method.lower()]
        self.vocabulary: Vocabulary = load_vocabulary(spec, create, raw_create)
        if create.request_schema is None:  # pragma: no cover - guaranteed by _roles
            raise MockSpecError("the create operation has no JSON request schema")
        self.validator = RequestValidator(create.request_schema)
        self.store = TaskStore(config.max_tasks)
        self.documented = {
            op.operation_id: frozenset(int(s) for s in op.responses if s.isdigit())
            for op in self.ops.values()
        }
        self._check_id_pattern()
        self._key = config.api_key.encode()

    def _check_id_pattern(self) -> None:
        sample = self.store.create({}, "complete", 0).id
        if not self.vocabulary.id_pattern.fullmatch(sample):
            raise MockSpecError(
                f"task ids like {sample!r} do not match the bundle's id pattern "
                f"{self.vocabulary.id_pattern.pattern!r}"
            )
        self.store = TaskStore(self.config.max_tasks)

    # -- shared steps -----------------------------------------------------------------

    def _authorize(self, request: Request) -> None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode("utf-8", "surrogateescape"), self._key
        ):
            reason = "missing" if not header else "not the mock's key"
            raise _RejectedError(
                gateway_error(
                    401,
                    f"invalid token: expected 'Authorization: Bearer <key>' with the key the "
                    f"mock printed at start-up; the Authorization header was {reason}",
                )
            )

    def _scenario(self, request: Request) -> Scenario:
        header = request.headers.get("prefer")
        if not header:
            return self.config.scenario
        try:
            return parse_prefer(header).over(self.config.scenario)
        except MockConfigError as exc:
            raise _RejectedError(task_error(400, v.INVALID_REQUEST, str(exc))) from None

    def _scenario_answer(self, op: OperationInfo, scenario: Scenario) -> Response | None:
        status = scenario.error_status
        if status is None or status < 400 or status not in self.documented[op.operation_id]:
            return None
        headers = {}
        if status == 429:
            retry = scenario.retry_after
            if not scenario.bare_429 or retry is not None:
                headers["Retry-After"] = str(1 if retry is None else retry)
            if scenario.bare_429:
                return Response(None, 429, headers)
        message = f"mock scenario: {op.operation_id} answers {status} as the Prefer asked"
        if status in TASK_ERROR_STATUSES:
            return task_error(status, f"mock_{status}", message, headers=headers)
        return gateway_error(status, message, headers)

    async def _prelude(self, request: Request, op: OperationInfo) -> Scenario:
        self._authorize(request)
        scenario = self._scenario(request)
        if scenario.delay:
            await asyncio.sleep(scenario.delay)
        answer = self._scenario_answer(op, scenario)
        if answer is not None:
            raise _RejectedError(answer)
        return scenario

    async def _json_body(self, request: Request) -> dict[str, Any]:
        limit = self.config.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _RejectedError(self._too_large(int(declared)))
        chunks = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _RejectedError(self._too_large(size))
            chunks.append(chunk)
        raw = b"".join(chunks)
        if not raw.strip():
            raise _RejectedError(
                task_error(400, v.INVALID_REQUEST, "request body is empty: expected a JSON object")
            )
        try:
            body = json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise _RejectedError(
                task_error(
                    400,
                    v.INVALID_REQUEST,
                    f"request body is not valid JSON: {_json_reason(exc)}; expected a JSON object",
                )
            ) from None
        if not isinstance(body, dict):
            raise _RejectedError(
                task_error(
                    400,
                    v.INVALID_REQUEST,
                    f"request body is a JSON {_json_kind(body)}: expected a JSON object",
                )
            )
        return body

    def _too_large(self, size: int) -> Response:
        return task_error(
            400,
            v.INVALID_REQUEST,
            f"request body is {size} bytes or more: the mock accepts at most "
            f"{self.config.max_body_bytes} bytes",
        )

    def _task(self, request: Request, op: OperationInfo) -> Task:
        task_id = request.path_params[op.path_params[0]]
        task = self.store.get(task_id)
        if task is None:
            raise _RejectedError(
                task_error(404, v.TASK_NOT_FOUND, f"task {task_id!r} does not exist or has expired")
            )
        return task

    def content_url(self, request: Request, task: Task) -> str:
        """The mock's own content URL for ``task``."""
        param = "{" + self.roles.content.path_params[0] + "}"
        return str(request.base_url).rstrip("/") + self.roles.content.path.replace(param, task.id)

    # -- operations -------------------------------------------------------------------

    async def create(self, request: Request) -> Response:
        """Validate the body, store a task, answer it queued."""
        try:
            scenario = await self._prelude(request, self.roles.create)
            body = await self._json_body(request)
            problems = self.validator.problems(body)
            if problems:
                return task_error(
                    400,
                    v.INVALID_REQUEST,
                    "; ".join(p.message for p in problems),
                    {"errors": [p.as_json() for p in problems]},
                )
            vocab = self.vocabulary
            echoed = {name: body.get(name, vocab.defaults.get(name)) for name in vocab.echoed}
            echoed = {k: value for k, value in echoed.items() if value is not None}
            task = self.store.create(echoed, scenario.task or "complete", self.config.task_seconds)
            return JSONBody(task.render(vocab.object_value, "", created=True))
        except _RejectedError as rejected:
            return rejected.response

    async def retrieve(self, request: Request) -> Response:
        """The task's current state."""
        try:
            await self._prelude(request, self.roles.retrieve)
            task = self._task(request, self.roles.retrieve)
            url = self.content_url(request, task)
            return JSONBody(task.render(self.vocabulary.object_value, url))
        except _RejectedError as rejected:
            return rejected.response

    async def content(self, request: Request) -> Response:
        """The video bytes, or a redirect to the "CDN", or 400 before completion."""
        try:
            scenario = await self._prelude(request, self.roles.content)
            task = self._task(request, self.roles.content)
            status, _, _ = task.state(time.monotonic())
            if status != v.COMPLETED:
                return task_error(
                    400,
                    v.TASK_NOT_READY,
                    f"task {task.id!r} is {status}: content exists once it is {v.COMPLETED}",
                )
            redirect = scenario.redirect_status
            if redirect is not None and str(redirect) in self.roles.content.responses:
                location = str(request.base_url).rstrip("/") + f"{CDN_PREFIX}{task.id}.mp4"
                return Response(None, redirect, {"Location": location})
            return Response(sample_mp4(), 200, media_type=_VIDEO_TYPE)
        except _RejectedError as rejected:
            return rejected.response

    async def cdn(self, request: Request) -> Response:
        """The redirect target: serves the bytes of a completed task, no key needed."""
        name = str(request.path_params["name"])
        task = self.store.get(name.removesuffix(".mp4"))
        if task is None or task.state(time.monotonic())[0] != v.COMPLETED:
            return gateway_error(404, f"no file at {request.url.path}")
        return Response(sample_mp4(), 200, media_type=_VIDEO_TYPE)

    async def health(self, request: Request) -> Response:
        """Readiness probe."""
        return JSONBody({"status": "ok", "tasks": len(self.store)})


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json_reason(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)


def _json_kind(value: Any) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if status == 405:
        message = (
            f"method {request.method} is not allowed on {request.url.path}; "
            f"allowed: {(exc.headers or {}).get('Allow', '')}"
        )
    elif status == 404:
        message = f"no route {request.method} {request.url.path}: see openapi/seedance.yaml"
    else:
        message = str(exc.detail)
    return gateway_error(status, message, exc.headers)


class _AccessLog:
    """Pure ASGI middleware: one log line per request (method, path, status, latency)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not logger.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 0

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            logger.info(
                "%s %s %d %.1fms",
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - start) * 1000,
            )


def create_app(config: MockConfig | None = None, spec_path: Path | None = None) -> Starlette:
    """The mock gateway for ``config`` (defaults from the environment) and the bundle."""
    config = config or MockConfig.from_env()
    spec = load_bundle(spec_path or config.spec_path)
    gateway = _Gateway(config, spec)
    handlers: dict[str, _Endpoint] = {
        gateway.roles.create.operation_id: gateway.create,
        gateway.roles.retrieve.operation_id: gateway.retrieve,
        gateway.roles.content.operation_id: gateway.content,
    }
    by_path: dict[str, dict[str, _Endpoint]] = {}
    for op in gateway.ops.values():
        if op.operation_id not in handlers:
            raise MockSpecError(f"the mock has no behaviour for operation {op.operation_id!r}")
        by_path.setdefault(op.path, {})[op.method] = handlers[op.operation_id]
    routes = [Route(HEALTH_PATH, gateway.health, methods=["GET"])]
    routes.append(Route(CDN_PREFIX + "{name}", gateway.cdn, methods=["GET"]))
    for path, methods in by_path.items():
        for method, endpoint in methods.items():
            route = Route(path, endpoint, methods=[method])
            if method != "HEAD" and route.methods:
                route.methods.discard("HEAD")  # Starlette adds HEAD to GET; the spec does not
            routes.append(route)
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
    app.router.redirect_slashes = False
    app.state.gateway = gateway
    app.state.config = config
    if config.log_requests:
        app.add_middleware(_AccessLog)
    return app
