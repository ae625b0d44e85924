"""The mock gateway as a Starlette app, built from the bundle's operations.

Routes come from the bundle's paths; each operation gets a role from its shape (the one
with a JSON request body creates tasks, a GET whose 2xx is JSON retrieves one, a GET whose
2xx is binary downloads the content). Every answer is one the bundle documents for that
operation. Mock-only routes live under ``/_mock/``: ``/_mock/health`` and the "CDN" URL a
content redirect points at. Handlers are plain ASGI callables (no per-request ``Request``
object) because the create call is the hot path ``make bench`` measures; that call is also
answered before Starlette's middleware and router (:class:`_GatewayApp`), which route every
other request.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from seedance.catalogue import CreateJudge, UnknownModel, catalogue_of
from seedance.mock import vocabulary as v
from seedance.mock.accesslog import RequestLog
from seedance.mock.bodies import IntegerTooLongError, decode_json, json_kind, json_reason
from seedance.mock.config import MockConfig
from seedance.mock.errors import MockConfigError, MockSpecError
from seedance.mock.mp4 import sample_mp4
from seedance.mock.responses import (
    JSON_TYPE,
    TASK_ERROR_CODES,
    Answer,
    gateway_error,
    json_answer,
    task_error,
)
from seedance.mock.scenarios import Scenario, parse_prefer
from seedance.mock.tasks import Task, TaskStore, new_task_id
from seedance.mock.vocabulary import Vocabulary, load_vocabulary
from seedance.spec import (
    OperationInfo,
    OperationRolesError,
    load_bundle,
    operation_roles,
    operations,
)

HEALTH_PATH = "/_mock/health"
CDN_PREFIX = "/_mock/cdn/"
_VIDEO_TYPE = "video/mp4"
_RETRY_AFTER = "retry-after"
_Handler = Callable[[Scope, Receive], Awaitable[Answer]]


class _RejectedError(Exception):
    """A request the mock answers with an error (raised inside handlers)."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status_code)
        self.answer = answer


class _DisconnectedError(Exception):
    """The client went away while sending its body."""


def _headers(scope: Scope) -> tuple[bytes | None, bytes | None, bytes | None]:
    """(authorization, prefer, content-length) from the raw ASGI headers."""
    auth = prefer = length = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            auth = value
        elif name == b"prefer":
            prefer = value
        elif name == b"content-length":
            length = value
    return auth, prefer, length


def _base_url(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"host":
            return f"{scope.get('scheme', 'http')}://{value.decode('latin-1')}"
    host, port = scope.get("server") or ("127.0.0.1", 80)
    return f"{scope.get('scheme', 'http')}://{host}:{port}"


class _Gateway:
    """The handlers, sharing the compiled spec, the config and the task store."""

    def __init__(self, config: MockConfig, spec: dict[str, Any]) -> None:
        self.config = config
        self.ops = operations(spec)
        try:
            self.roles = operation_roles(self.ops)
        except OperationRolesError as exc:
            raise MockSpecError(str(exc)) from exc
        create = self.roles.create
        self.vocabulary: Vocabulary = load_vocabulary(create)
        if create.request_schema is None:  # pragma: no cover - guaranteed by operation_roles
            raise MockSpecError("the create operation has no JSON request schema")
        self.judge = CreateJudge(catalogue_of(spec))
        #: per page, the echoed fields with that page's defaults (filled on first use)
        self._echoed: dict[str, tuple[tuple[str, Any], ...]] = {}
        self.store = TaskStore(config.max_tasks, self.vocabulary)
        self.error_statuses = {
            op.operation_id: frozenset(
                int(s) for s in op.responses if s.isdigit() and int(s) >= 400
            )
            for op in self.ops.values()
        }
        self._check_id_pattern()
        self._key = config.api_key.encode("utf-8")
        self._expected_auth = b"Bearer " + self._key
        self._content_param = "{" + self.roles.content.path_params[0] + "}"

    def _check_id_pattern(self) -> None:
        sample = new_task_id()
        if not self.vocabulary.id_pattern.fullmatch(sample):
            raise MockSpecError(
                f"task ids like {sample!r} do not match the bundle's id pattern "
                f"{self.vocabulary.id_pattern.pattern!r}"
            )

    # -- shared steps -----------------------------------------------------------------

    def _authorize(self, header: bytes | None) -> None:
        if header is not None and hmac.compare_digest(header, self._expected_auth):
            return  # the usual spelling; any other is parsed below
        scheme, _, token = (header or b"").partition(b" ")
        if scheme.lower() != b"bearer" or not hmac.compare_digest(token.strip(), self._key):
            reason = "missing" if not header else "not the mock's key"
            raise _RejectedError(
                gateway_error(
                    401,
                    "invalid token: expected 'Authorization: Bearer <key>' with the key the "
                    f"mock printed at start-up; the Authorization header was {reason}",
                )
            )

    def _scenario(self, op: OperationInfo, header: bytes | None) -> Scenario:
        """The request's ``Prefer`` over the start-up scenario. A status it asks for must be
        an error status ``op`` documents (the start-up scenario's is skipped where not)."""
        if not header:
            return self.config.scenario
        try:
            asked = parse_prefer(header.decode("latin-1"))
        except MockConfigError as exc:
            raise _RejectedError(gateway_error(400, str(exc))) from None
        status = asked.error_status
        if status is not None and status not in self.error_statuses[op.operation_id]:
            spelled = "scenario=bare-429" if asked.bare_429 else f"code={status}"
            documented = ", ".join(map(str, sorted(self.error_statuses[op.operation_id])))
            raise _RejectedError(
                gateway_error(
                    400,
                    f"Prefer {spelled}: {op.operation_id} documents no {status} error answer; "
                    f"expected one of the error statuses it documents: {documented}",
                )
            )
        return asked.over(self.config.scenario)

    def _scenario_answer(self, op: OperationInfo, scenario: Scenario) -> Answer | None:
        status = scenario.error_status
        if status is None or status not in self.error_statuses[op.operation_id]:
            return None
        documented = op.responses[str(status)]
        headers = {}
        retry = scenario.retry_after
        wants_retry = not scenario.bare_429 or retry is not None  # a bare 429 may omit it
        if wants_retry and _RETRY_AFTER in {h.lower() for h in documented.headers}:
            headers["Retry-After"] = str(1 if retry is None else retry)
        if scenario.bare_429 and documented.body_optional:
            return Answer(status, headers=headers)
        message = f"mock scenario: {op.operation_id} answers {status} as the Prefer asked"
        if status in TASK_ERROR_CODES:
            return task_error(status, TASK_ERROR_CODES[status], message, headers=headers)
        return gateway_error(status, message, headers)

    def _play(self, op: OperationInfo, scenario: Scenario) -> None:
        answer = self._scenario_answer(op, scenario)
        if answer is not None:
            raise _RejectedError(answer)

    def _admit(self, scope: Scope, op: OperationInfo) -> tuple[Scenario, bytes | None]:
        """Check the key and read the scenario; also returns the declared body length."""
        auth, prefer, length = _headers(scope)
        self._authorize(auth)
        return self._scenario(op, prefer), length

    async def _perform(self, op: OperationInfo, scenario: Scenario) -> None:
        """Play the scenario's delay and error (nothing unless it :attr:`Scenario.intervenes`)."""
        if scenario.delay:
            await asyncio.sleep(scenario.delay)
        self._play(op, scenario)

    async def _prelude(self, scope: Scope, op: OperationInfo) -> tuple[Scenario, bytes | None]:
        """Check the key, read the scenario, play its delay and error; also returns the
        declared body length."""
        scenario, length = self._admit(scope, op)
        await self._perform(op, scenario)
        return scenario, length

    async def _read_body(
        self, receive: Receive, declared: bytes | None, first: Message | None = None
    ) -> bytes:
        limit = self.config.max_body_bytes
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _RejectedError(self._too_large(int(declared)))
        chunks = []
        size = 0
        while True:
            message, first = (first, None) if first is not None else (await receive(), None)
            if message["type"] == "http.disconnect":
                raise _DisconnectedError
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _RejectedError(self._too_large(size))
            chunks.append(chunk)
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def _parse(self, raw: bytes) -> dict[str, Any]:
        try:
            body = decode_json(raw)
        except IntegerTooLongError as exc:
            raise _RejectedError(task_error(400, v.INVALID_REQUEST, str(exc))) from None
        except (ValueError, RecursionError) as exc:
            if not raw.strip():
                reason = "request body is empty: expected a JSON object"
            else:
                reason = (
                    f"request body is not valid JSON: {json_reason(exc)}; expected a JSON object"
                )
            raise _RejectedError(task_error(400, v.INVALID_REQUEST, reason)) from None
        if not isinstance(body, dict):
            raise _RejectedError(
                task_error(
                    400,
                    v.INVALID_REQUEST,
                    f"request body is a JSON {json_kind(body)}: expected a JSON object",
                )
            )
        return body

    def _too_large(self, size: int) -> Answer:
        return task_error(
            400,
            v.INVALID_REQUEST,
            f"request body is {size} bytes or more: the mock accepts at most "
            f"{self.config.max_body_bytes} bytes",
        )

    def _task(self, scope: Scope, op: OperationInfo) -> Task:
        task_id = str(scope["path_params"][op.path_params[0]])
        task = self.store.get(task_id)
        if task is None:
            raise _RejectedError(
                task_error(404, v.TASK_NOT_FOUND, f"task {task_id!r} does not exist or has expired")
            )
        return task

    # -- operations -------------------------------------------------------------------

    async def create(self, scope: Scope, receive: Receive) -> Answer:
        """Validate the body by its model's page for its mode, store a task, answer it queued;
        a model no page describes gets the gateway's answer for it (the bundle's
        ``x-unknown-model``).

        This is the hot path ``make bench`` measures: the usual case (the key as usual, no
        scenario, the body in one message) costs one header scan, one key comparison, one
        JSON decode, one page lookup and one compiled-schema check.
        """
        scenario, length = self._admit(scope, self.roles.create)
        if scenario.intervenes:  # the usual create awaits no coroutine for its scenario
            await self._perform(self.roles.create, scenario)
        message = await receive()  # the usual case: the whole body in one message
        if message.get("more_body") or message["type"] != "http.request":
            raw = await self._read_body(receive, length, first=message)
        else:
            raw = message.get("body", b"")
            if len(raw) > self.config.max_body_bytes:
                raise _RejectedError(self._too_large(len(raw)))
        body = self._parse(raw)
        judged = self.judge.judge(body)
        if isinstance(judged, UnknownModel):
            status = self.judge.catalogue.unknown_model_status
            if status is not None:
                return gateway_error(status, judged.message())
            return task_error(400, v.INVALID_REQUEST, judged.message())
        if judged.problems:
            return task_error(
                400,
                v.INVALID_REQUEST,
                "; ".join(p.message for p in judged.problems),
                {"errors": [p.as_json() for p in judged.problems]},
            )
        page = judged.mode
        echoed = None
        if page is not None:
            echoed = self._echoed.get(page.page)
            if echoed is None:
                echoed = self._echoed[page.page] = self.store.echoed_by(page.defaults)
        created = self.store.create(
            body, scenario.task or "complete", self.config.task_seconds, echoed
        )
        return Answer(200, created, JSON_TYPE)

    async def retrieve(self, scope: Scope, receive: Receive) -> Answer:
        """The task's current state."""
        await self._prelude(scope, self.roles.retrieve)
        task = self._task(scope, self.roles.retrieve)
        url = _base_url(scope) + self.roles.content.path.replace(self._content_param, task.id)
        return Answer(200, task.render(url), JSON_TYPE)

    async def content(self, scope: Scope, receive: Receive) -> Answer:
        """The video bytes, or a redirect to the "CDN", or 400 before completion."""
        scenario, _ = await self._prelude(scope, self.roles.content)
        task = self._task(scope, self.roles.content)
        status, _, _ = task.state(time.monotonic())
        if status != v.COMPLETED:
            return task_error(
                400,
                v.TASK_NOT_READY,
                f"task {task.id!r} is {status}: content exists once it is {v.COMPLETED}",
            )
        redirect = scenario.redirect_status
        if redirect is not None and str(redirect) in self.roles.content.responses:
            location = f"{_base_url(scope)}{CDN_PREFIX}{task.id}.mp4"
            return Answer(redirect, headers={"Location": location})
        return Answer(200, sample_mp4(), _VIDEO_TYPE)

    async def cdn(self, scope: Scope, receive: Receive) -> Answer:
        """The redirect target: serves the bytes of a completed task, no key needed."""
        name = str(scope["path_params"]["name"])
        task = self.store.get(name.removesuffix(".mp4"))
        if task is None or task.state(time.monotonic())[0] != v.COMPLETED:
            return gateway_error(404, f"no file at {scope['path']}")
        return Answer(200, sample_mp4(), _VIDEO_TYPE)

    async def health(self, scope: Scope, receive: Receive) -> Answer:
        """Readiness probe."""
        return json_answer({"status": "ok", "tasks": len(self.store)})


class _Endpoint:
    """Adapts a handler to ASGI (Starlette routes to instances as raw ASGI apps) and logs."""

    __slots__ = ("handler", "log")

    def __init__(self, handler: _Handler, log: RequestLog | None) -> None:
        self.handler = handler
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        try:
            answer = await self.handler(scope, receive)
        except _RejectedError as rejected:
            answer = rejected.answer
        except _DisconnectedError:
            return
        except Exception:
            if self.log is not None:  # Starlette answers 500; say so in the log
                self.log.record(scope["method"], scope["path"], 500, started)
            raise
        await send(
            {"type": "http.response.start", "status": answer.status_code, "headers": answer.headers}
        )
        await send({"type": "http.response.body", "body": answer.body})
        if self.log is not None:
            self.log.record(scope["method"], scope["path"], answer.status_code, started)


class _GatewayApp(Starlette):
    """The Starlette app, with the create operation's method and path answered by its
    endpoint directly: the hot path ``make bench`` measures skips Starlette's middleware and
    router, which route every other request (and a create under a ``root_path``).

    The endpoint already answers every outcome itself (its error shapes, its log line), so the
    answers are the same either way; only an unexpected exception differs in who writes the
    plain 500 (uvicorn instead of Starlette's error middleware).
    """

    def __init__(self, *, hot: tuple[str, str, _Endpoint], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._hot_method, self._hot_path, self._hot = hot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"] == self._hot_path
            and scope["method"] == self._hot_method
            and not scope.get("root_path")
        ):
            await self._hot(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _error_handler(log: RequestLog | None) -> Callable[[Request, Exception], Awaitable[Response]]:
    """Router-level errors (unknown path 404, wrong method 405) as JSON gateway errors."""

    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        started = time.perf_counter()
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
        if log is not None:
            log.record(request.method, request.scope["path"], status, started)
        answer = gateway_error(status, message, exc.headers)
        return Response(answer.body, status, exc.headers, JSON_TYPE)

    return handle


def create_app(config: MockConfig | None = None, spec_path: Path | None = None) -> Starlette:
    """The mock gateway for ``config`` (defaults from the environment) and the bundle."""
    config = config or MockConfig.from_env()
    spec = load_bundle(spec_path or config.spec_path)
    gateway = _Gateway(config, spec)
    handlers: dict[str, _Handler] = {
        gateway.roles.create.operation_id: gateway.create,
        gateway.roles.retrieve.operation_id: gateway.retrieve,
        gateway.roles.content.operation_id: gateway.content,
    }
    by_path: dict[str, dict[str, _Handler]] = {}
    for op in gateway.ops.values():
        if op.operation_id not in handlers:
            raise MockSpecError(f"the mock has no behaviour for operation {op.operation_id!r}")
        by_path.setdefault(op.path, {})[op.method] = handlers[op.operation_id]
    log = RequestLog() if config.log_requests else None
    routes = []
    create = gateway.roles.create
    hot: tuple[str, str, _Endpoint] | None = None
    for path, methods in by_path.items():
        for method, handler in methods.items():
            endpoint = _Endpoint(handler, log)
            if (method, path) == (create.method, create.path):
                hot = (method, path, endpoint)
            route = Route(path, endpoint, methods=[method])
            if method != "HEAD" and route.methods:
                route.methods.discard("HEAD")  # Starlette adds HEAD to GET; the spec does not
            routes.append(route)
    if hot is None:  # pragma: no cover - every operation has a route above
        raise MockSpecError(f"no route for the create operation {create.operation_id!r}")
    routes += [
        Route(HEALTH_PATH, _Endpoint(gateway.health, log), methods=["GET"]),
        Route(CDN_PREFIX + "{name}", _Endpoint(gateway.cdn, log), methods=["GET"]),
    ]
    app = _GatewayApp(
        hot=hot, routes=routes, exception_handlers={HTTPException: _error_handler(log)}
    )
    app.router.redirect_slashes = False
    app.state.gateway = gateway
    app.state.config = config
    app.state.request_log = log
    return app
