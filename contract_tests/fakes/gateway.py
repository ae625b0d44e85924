"""A reference gateway: a second, independent implementation of the documented API, with faults.

Faithful by default: bearer auth on every operation (401 in the gateway error shape), request
bodies validated with jsonschema against the bundle's createVideo schema (400 in the task-error
shape), 200 VideoTask ``queued``/0 on create, tasks completing within ``task_seconds``, 404
``task_not_found`` for unknown ids, 400 ``task_not_ready`` for early content, then the video
bytes. A :class:`~.faults.Fault` makes it deviate in exactly one way; a
:class:`~.faults.Variant` picks one of the faithful alternatives the gateway's documentation allows.

It shares no code with ``seedance/mock``: two implementations agreeing is the point.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
import secrets
import string
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from seedance._models import Mode, catalogue
from seedance.errors import RequestValidationError
from seedance.spec import SchemaView, bundle_view

from .faults import Fault, Variant
from .spec_targets import (
    CONTENT_OP,
    CREATE_OP,
    RETRIEVE_OP,
    SpecTargets,
    family_targets,
    spec_targets,
)

__all__ = ["VIDEO_BYTES", "GatewayStats", "RecordedRequest", "ReferenceGateway", "new_task_id"]

#: A minimal MP4 header (an ``ftyp`` box): small, and recognisably video.
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 40
#: The same start, its first box declaring 4096 bytes: an MP4 cut short.
TRUNCATED_VIDEO_BYTES = (4096).to_bytes(4, "big") + VIDEO_BYTES[4:]
#: What a CDN or a proxy answers instead of the video.
HTML_PAGE = b"<!doctype html><html><body>Signature expired</body></html>"

_ALNUM = string.ascii_letters + string.digits
_CDN_PREFIX = "/_cdn/"
_CREATE_STATUS = {Fault.CREATE_ANSWERS_201: 201, Fault.CREATE_ANSWERS_202: 202}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def _off_pattern_id() -> str:
    """An id in the upstream provider's style, not the gateway's ``task_`` + 32 form."""
    return "cgt-" + "".join(secrets.choice(string.digits) for _ in range(20))


def new_task_id() -> str:
    """``task_`` followed by 32 letters or digits, as the gateway documents it."""
    return "task_" + "".join(secrets.choice(_ALNUM) for _ in range(32))


@dataclass(frozen=True)
class RecordedRequest:
    """One request the gateway answered."""

    method: str
    path: str
    status: int
    authorization: str | None
    body: bytes = b""


@dataclass
class GatewayStats:
    """Every request seen, thread-safe (the gateway runs in another thread than the test)."""

    create_method: str
    create_path: str
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _requests: list[RecordedRequest] = field(default_factory=list)
    _unknown_ids: list[str] = field(default_factory=list)

    def note_unknown(self, task_id: str) -> None:
        with self._lock:
            self._unknown_ids.append(task_id)

    @property
    def unknown_ids(self) -> list[str]:
        """Task ids asked for that the gateway never issued."""
        with self._lock:
            return list(self._unknown_ids)

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def creates(self) -> list[RecordedRequest]:
        """Every create request, whatever its answer."""
        return [
            r
            for r in self.requests
            if r.method == self.create_method and r.path.rstrip("/") == self.create_path
        ]

    def accepted_creates(self) -> int:
        """Creates answered 2xx: what a real gateway would bill."""
        return sum(1 for r in self.creates() if 200 <= r.status < 300)


@dataclass
class _Task:
    task_id: str
    other_id: str
    created: float
    created_wall: int
    echoed: dict[str, str]
    retrieved: bool = False


class _Recorder:
    """ASGI middleware noting method, path, status and Authorization of every request."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], stats: GatewayStats):
        self._app = app
        self._stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        status = {"code": 0}
        received: list[bytes] = []

        async def _receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received.append(bytes(message.get("body", b"")))
            return message

        async def _send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = int(message["status"])
            await send(message)

        await self._app(scope, _receive, _send)
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        self._stats.record(
            RecordedRequest(
                method=str(scope["method"]),
                path=str(scope["path"]),
                status=status["code"],
                authorization=headers.get("authorization"),
                body=b"".join(received)[:4096],
            )
        )


def _validation_schema(t: SpecTargets, fault: Fault | None) -> dict[str, Any]:
    """The createVideo schema, with the one constraint ``fault`` breaks removed or moved."""
    schema = t.mutable_schema()
    obj = t.root_object(schema)
    props = obj["properties"]

    def prop(name: str) -> dict[str, Any]:
        return _node(schema, props[name])

    items = prop(t.min_items_field)
    branch_nodes = [_node(schema, b) for b in items["items"]["oneOf"]]
    if fault is Fault.ENUM_NOT_ENFORCED:
        del prop(t.multi_enum_field)["enum"]
    elif fault is Fault.ENUM_GAP_ACCEPTED:
        prop(t.numeric_enum_field)["enum"].extend(t.numeric_enum_gaps)
    elif fault is Fault.ITEM_ENUM_NOT_ENFORCED:
        loose = copy.deepcopy(branch_nodes[-1])
        del loose["properties"][t.item_discriminator]["enum"]
        loose["properties"][t.item_discriminator]["not"] = {
            "enum": [b.type_value for b in t.item_branches]
        }
        items["items"]["oneOf"].append(loose)
    elif fault is Fault.BOUND_PLUS_ONE_ACCEPTED:
        prop(t.bounded_int_field)["maximum"] = t.bounded_int_max + 1
    elif fault is Fault.BOUND_REFUSED:
        prop(t.bounded_int_field)["maximum"] = t.bounded_int_max - 1
    elif fault is Fault.MIN_ITEMS_NOT_ENFORCED:
        items["minItems"] = t.min_items - 1
    elif fault is Fault.MIN_ITEMS_REFUSED:
        items["minItems"] = t.min_items + 1
    elif fault is Fault.REQUIRED_NOT_ENFORCED:
        obj["required"].remove(t.first_required_field)
    elif fault is Fault.WRONG_TYPE_ACCEPTED:
        del prop(t.boolean_field)["type"]
    elif fault is Fault.PROSE_FIRST_BRANCH_NOT_ENFORCED:
        branch_nodes[0]["required"] = [t.item_discriminator]
    elif fault is Fault.PROSE_SECOND_BRANCH_NOT_ENFORCED:
        branch_nodes[1]["required"] = [t.item_discriminator]
    elif fault is Fault.MAX_LENGTH_NOT_ENFORCED:
        del prop(t.max_length_field)["maxLength"]
    elif fault is Fault.MAX_LENGTH_PLUS_ONE_ACCEPTED:
        prop(t.max_length_field)["maxLength"] = t.max_length + 1
    elif fault is Fault.ENUM_SAME_SHAPE_ACCEPTED:
        word = prop(t.word_enum_field)
        suffixes = sorted({re.sub(r"^\d+", "", str(v)) for v in word.pop("enum")})
        word["pattern"] = "^\\d+(" + "|".join(re.escape(x) for x in suffixes) + ")$"
    elif fault is Fault.SINGLE_ENUM_ALIAS_ACCEPTED:
        single = prop(t.single_enum_field)
        single["enum"].append(str(single["enum"][0]).rsplit("-", 1)[0])
    elif fault is Fault.BOUND_MIN_MINUS_ONE_ACCEPTED:
        prop(t.bounded_int_field)["minimum"] = t.bounded_int_min - 1
    elif fault is Fault.BOUND_MIN_REFUSED:
        prop(t.bounded_int_field)["minimum"] = t.bounded_int_min + 1
    elif fault is Fault.SECOND_REQUIRED_NOT_ENFORCED:
        obj["required"].remove(t.second_required_field)
    return schema


def _lenient(t: SpecTargets, fault: Fault | None, body: Any) -> Any:
    """Coercions a lax gateway applies before validating (the lenient-parsing faults)."""
    if not isinstance(body, dict):
        return body
    if fault is Fault.NULL_TREATED_AS_ABSENT:
        required = set(t.root_object(t.request_schema).get("required", []))
        return {k: v for k, v in body.items() if v is not None or k in required}
    numeric = body.get(t.numeric_enum_field)
    if fault is Fault.NUMBER_FOR_STRING_ACCEPTED:
        if isinstance(numeric, int | float) and not isinstance(numeric, bool):
            body[t.numeric_enum_field] = (
                str(int(numeric)) if numeric == int(numeric) else str(numeric)
            )
    elif fault is Fault.ENUM_WHITESPACE_TRIMMED and isinstance(numeric, str):
        body[t.numeric_enum_field] = numeric.strip()
    elif fault is Fault.ENUM_PARSED_AS_NUMBER and isinstance(numeric, str):
        with contextlib.suppress(ValueError):
            body[t.numeric_enum_field] = str(int(numeric))
    elif fault is Fault.ENUM_CASE_INSENSITIVE:
        word = body.get(t.word_enum_field)
        if isinstance(word, str):
            canonical = {v.lower(): v for v in t.word_enum_values}
            body[t.word_enum_field] = canonical.get(word.lower(), word)
    elif fault is Fault.INTEGER_AS_STRING_ACCEPTED:
        value = body.get(t.bounded_int_field)
        if isinstance(value, str) and value.lstrip("-").isdigit():
            body[t.bounded_int_field] = int(value)
    elif fault is Fault.INTEGER_AS_FLOAT_TRUNCATED:
        value = body.get(t.bounded_int_field)
        if isinstance(value, float):
            body[t.bounded_int_field] = int(value)
    elif fault is Fault.STRING_AS_NUMBER_ACCEPTED:
        value = body.get(t.max_length_field)
        if isinstance(value, int | float) and not isinstance(value, bool):
            body[t.max_length_field] = str(value)
    elif fault is Fault.BOOLEAN_AS_NUMBER_ACCEPTED:
        value = body.get(t.boolean_field)
        if value in (0, 1) and not isinstance(value, bool):
            body[t.boolean_field] = bool(value)
    return body


def _node(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    """``node`` with its references followed (the object stored in ``schema``)."""
    resolved = SchemaView.of(schema, node).node
    assert isinstance(resolved, dict)
    return resolved


class ReferenceGateway:
    """The gateway as an ASGI app (:attr:`app`), with its request log (:attr:`stats`)."""

    def __init__(
        self,
        *,
        api_key: str,
        fault: Fault | None = None,
        variant: Variant = Variant.FAITHFUL,
        task_seconds: float = 0.6,
    ) -> None:
        self.api_key = api_key
        self.fault = fault
        self.variant = variant
        self.task_seconds = task_seconds
        self.targets = spec_targets()
        self.family = family_targets()
        self._catalogue = catalogue()
        self._ops = bundle_view().operations  # built once per process
        create = self._ops[CREATE_OP]
        self.stats = GatewayStats(create_method=create.method, create_path=create.path)
        self._validator = Draft202012Validator(_validation_schema(self.targets, fault))
        self._tasks: dict[str, _Task] = {}
        self._lock = threading.Lock()
        statuses = self.targets.task_statuses
        for name in ("unknown", "queued", "in_progress", "completed"):
            if name not in statuses:
                raise LookupError(f"VideoTask.status in the bundle lacks {name!r}: {statuses}")
        self._count = 0
        app = self._starlette()
        self.app = _Recorder(
            self._rate_limited(app) if variant is Variant.RATE_LIMITED else app, self.stats
        )

    # ---- app -------------------------------------------------------------------------------
    def _starlette(self) -> Starlette:
        ops = self._ops
        routes = [
            Route(ops[CREATE_OP].path, self._create, methods=[ops[CREATE_OP].method]),
            Route(ops[RETRIEVE_OP].path, self._retrieve, methods=[ops[RETRIEVE_OP].method]),
            Route(ops[CONTENT_OP].path, self._content, methods=[ops[CONTENT_OP].method]),
            Route(_CDN_PREFIX + "{task_id}.mp4", self._cdn, methods=["GET"]),
        ]
        return Starlette(routes=routes)

    def _rate_limited(self, app: Any) -> Any:
        """Every 7th request: a bare 429 with ``Retry-After: 0``, as a rate limiter may send."""

        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                with self._lock:
                    self._count += 1
                    limit = self._count % 7 == 0
                if limit:
                    await Response(b"", status_code=429, headers={"Retry-After": "0"})(
                        scope, receive, send
                    )
                    return
            await app(scope, receive, send)

        return limited

    # ---- helpers ---------------------------------------------------------------------------
    def _authorized(self, request: Request, ignored: Fault) -> bool:
        if self.fault is ignored:
            return True
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        if self.fault is Fault.AUTH_ANY_KEY_ACCEPTED:
            return True
        return secrets.compare_digest(token.strip(), self.api_key)

    def _refusal(self, request: Request) -> Response:
        """401 in the gateway error shape (403 under the invalid-key-403 fault)."""
        if self.fault is Fault.INVALID_KEY_403 and request.headers.get("authorization"):
            return self._gateway_error(403, "invalid token")
        return self._unauthorized()

    @staticmethod
    def _gateway_error(status: int, message: str) -> Response:
        return JSONResponse(
            {"error": {"message": message, "type": "new_api_error"}}, status_code=status
        )

    def _unauthorized(self) -> Response:
        if self.fault is Fault.UNAUTHORIZED_TEXT_PLAIN:
            return PlainTextResponse("Unauthorized", status_code=401)
        return JSONResponse(
            {
                "error": {
                    "message": "invalid token",
                    "type": "new_api_error",
                    "code": "invalid_token",
                }
            },
            status_code=401,
        )

    @staticmethod
    def _task_error(status: int, code: str, message: str) -> Response:
        return JSONResponse({"code": code, "message": message, "data": None}, status_code=status)

    def _invalid(self, message: str) -> Response:
        if self.fault is Fault.ERROR_BODY_OFF_SCHEMA:
            return JSONResponse({"detail": [{"msg": message}]}, status_code=400)
        status = 422 if self.fault is Fault.VALIDATION_ANSWERS_422 else 400
        return self._task_error(status, "invalid_request", message)

    def _not_found(self, task_id: str) -> Response:
        if self.fault is Fault.NOT_FOUND_BODY_OFF_SCHEMA:
            return JSONResponse({"message": f"task {task_id!r} not found"}, status_code=404)
        if self.variant is Variant.NOT_EXIST_400:
            return self._task_error(400, "task_not_exist", f"task {task_id!r} does not exist")
        return self._task_error(404, "task_not_found", f"task {task_id!r} not found")

    def _phase(self, task: _Task) -> tuple[str, int]:
        """Queued, then in progress; completed ``task_seconds`` after creation, but never
        before its first retrieve, so "content before completion" does not depend on timing."""
        elapsed = time.monotonic() - task.created
        if self.fault is Fault.NEVER_COMPLETES:
            return "in_progress", 50
        if elapsed >= self.task_seconds and task.retrieved:
            return "completed", self.targets.task_progress_max
        if elapsed < self.task_seconds / 4:
            return "queued", 0
        return "in_progress", max(1, min(99, int(100 * elapsed / self.task_seconds)))

    def _task_body(self, task: _Task, status: str, progress: int, base_url: str) -> dict[str, Any]:
        const_value = self._task_const_value()
        url = f"{base_url.rstrip('/')}{self._content_path(task.task_id)}"
        body: dict[str, Any] = {
            "id": task.task_id,
            "task_id": task.task_id,
            self.targets.task_const_field: const_value,
            "status": status,
            "progress": progress,
            "created_at": task.created_wall,
            "completed_at": int(time.time()),
            "metadata": {"url": url if status == "completed" else ""},
        }
        body.update(task.echoed)
        if self.variant is Variant.OTHER_ALLOWED_FORMS:
            body["x_gateway_region"] = "test-1"
        return body

    def _task_const_value(self) -> str:
        schema = self._ops[RETRIEVE_OP].responses["200"].content["application/json"]
        assert schema is not None
        task = _node(schema, schema)
        return str(task["properties"][self.targets.task_const_field]["enum"][0])

    def _content_path(self, task_id: str) -> str:
        path = self._ops[CONTENT_OP].path
        return path.replace("{" + self._ops[CONTENT_OP].path_params[0] + "}", task_id)

    def _lookup(self, request: Request) -> tuple[str, _Task | None]:
        task_id = str(request.path_params[self._ops[RETRIEVE_OP].path_params[0]])
        with self._lock:
            task = self._tasks.get(task_id)
        if task is None:
            self.stats.note_unknown(task_id)
        return task_id, task

    # ---- operations ------------------------------------------------------------------------
    async def _create(self, request: Request) -> Response:
        if not self._authorized(request, Fault.AUTH_IGNORED_CREATE):
            return self._refusal(request)
        raw = await request.body()
        try:
            body = json.loads(raw)
        except ValueError:
            if self.fault is Fault.NON_JSON_ANSWERS_500:
                return self._gateway_error(500, "internal error")
            return self._invalid("request body is not valid JSON")
        t = self.targets
        body = _lenient(t, self.fault, body)
        routed = self._family_answer(body, str(request.base_url))
        if routed is not None:
            return routed
        errors = sorted(self._validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            first = errors[0]
            where = ".".join(str(p) for p in first.absolute_path) or "body"
            return self._invalid(f"{where}: {first.message} ({first.validator})")
        if self.fault is Fault.EMPTY_TEXT_REFUSED and any(
            isinstance(item, dict) and item.get(extra) == ""
            for item in body.get(t.min_items_field, [])
            for extra in t.item_branches[0].required_extra
        ):
            return self._invalid("text must not be empty")
        if self.fault is Fault.MAX_LENGTH_IN_BYTES:
            value = body.get(t.max_length_field)
            if isinstance(value, str) and len(value.encode()) > t.max_length:
                return self._invalid(f"{t.max_length_field}: longer than {t.max_length} bytes")
        if (
            self.fault is Fault.VALID_VALUE_REFUSED
            and body.get(t.last_multi_enum_field) == t.refused_value
        ):
            return self._invalid(f"{t.last_multi_enum_field}: {t.refused_value!r} not supported")
        return self._accept(body, None, str(request.base_url))

    def _accept(self, body: dict[str, Any], mode: Mode | None, base_url: str) -> Response:
        """Create the task for a valid ``body`` (``mode``: the page that judged it, whose
        defaults are echoed; ``None``: the seed page)."""
        t = self.targets

        def default(name: str) -> Any:
            return self._default(name) if mode is None else mode.defaults.get(name)

        echoed = {
            name: str(body.get(name, default(name)))
            for name in t.shared_fields
            if name in body or default(name) is not None
        }
        task = _Task(
            task_id=_off_pattern_id() if self.fault is Fault.TASK_ID_OFF_PATTERN else new_task_id(),
            other_id=new_task_id(),
            created=time.monotonic(),
            created_wall=int(time.time()),
            echoed=echoed,
        )
        with self._lock:
            self._tasks[task.task_id] = task
        payload = self._task_body(task, "queued", 0, base_url)
        if self.fault is Fault.CREATE_NOT_QUEUED:
            payload["status"], payload["progress"] = "in_progress", 10
        if self.fault is Fault.CREATE_BODY_MISSING_FIELD:
            del payload[t.task_const_field]
        if self.fault is Fault.CREATE_BODY_WITHOUT_ID:
            del payload["id"], payload["task_id"]
        if self.fault is Fault.CREATE_BODY_NOT_JSON:
            return Response(b"OK " + task.task_id.encode(), media_type="application/json")
        status = 200 if self.fault is None else _CREATE_STATUS.get(self.fault, 200)
        return JSONResponse(payload, status_code=status)

    def _family_answer(self, body: Any, base_url: str) -> Response | None:
        """The answer to a create the gateway routes to another page than the seed's (its
        model and media choose the page): ``None`` for the seed page (judged as above, with
        the seed's faults). A model no page describes: the bundle's unknown-model status."""
        cat = self._catalogue
        model = body.get("model") if isinstance(body, dict) else None
        media = body.get("media") if isinstance(body, dict) else None
        if not isinstance(model, str) or not isinstance(media, list):
            return None  # the seed page's schema says what is wrong
        if model not in cat.models:
            alias = str(cat.default_model).rsplit("-", 1)[0]
            if self.fault is Fault.SINGLE_ENUM_ALIAS_ACCEPTED and model == alias:
                return None  # the seed page's (faulty) schema accepts it
            status = cat.unknown_model_status or 400
            return self._gateway_error(status, f"no available channel for model {model}")
        types = {
            item["type"]
            for item in media
            if isinstance(item, dict) and isinstance(item.get("type"), str)
        }
        try:
            mode = cat.mode_for(model, types)
        except RequestValidationError as exc:
            if model == cat.default_model:
                return None  # media the seed's page judges (an unknown type, …)
            other = self._missing_mode_stand_in(model, types)
            if other is None:
                return self._invalid(exc.problems[0].message)
            return self._accept(body, other, base_url)  # as if the model had that mode
        if mode.page == cat.seed_page:
            return None
        problems = mode.problems(body)
        f = self.family
        if self.fault is Fault.FAMILY_LINKAGE_IGNORED:
            problems = [p for p in problems if p.rule != "x-linkage"]
        if (
            self.fault is Fault.FAMILY_VALUE_OF_OTHER_MODEL
            and mode.page == f.value_page
            and body.get(f.value_field) == f.value
        ):
            problems = [p for p in problems if p.field != f.value_field]
        if problems:
            return self._invalid(problems[0].message)
        return self._accept(body, mode, base_url)

    def _missing_mode_stand_in(self, model: str, types: set[str]) -> Mode | None:
        """Under FAMILY_MISSING_MODE_ACCEPTED: another model's page for the mode ``model``
        lacks (the request is accepted as if it were that page's)."""
        if self.fault is not Fault.FAMILY_MISSING_MODE_ACCEPTED:
            return None
        if model != self.family.missing_mode_model:
            return None
        for other in self._catalogue.models:
            with contextlib.suppress(RequestValidationError):
                return self._catalogue.mode_for(other, types)
        return None

    def _default(self, name: str) -> Any:
        obj = self.targets.root_object(self.targets.request_schema)
        node = _node(self.targets.request_schema, obj["properties"][name])
        if "default" in node:
            return node["default"]
        enum = node.get("enum", [])
        return enum[0] if len(enum) == 1 else None

    async def _retrieve(self, request: Request) -> Response:
        if not self._authorized(request, Fault.AUTH_IGNORED_RETRIEVE):
            return self._refusal(request)
        task_id, task = self._lookup(request)
        if task is None:
            return self._retrieve_unknown(task_id, str(request.base_url))
        with self._lock:
            task.retrieved = True
        status, progress = self._phase(task)
        if self.fault is Fault.PROGRESS_OUT_OF_RANGE:
            progress = self.targets.task_progress_max + 50
        payload = self._task_body(task, status, progress, str(request.base_url))
        if self.fault is Fault.RESULT_URL_NEVER_SET:
            payload["metadata"] = {"url": ""}
        if self.fault is Fault.STATUS_OUTSIDE_ENUM and status == "completed":
            payload["status"] = "succeeded"
        if self.fault is Fault.RETRIEVE_OTHER_ID:
            payload["id"] = payload["task_id"] = task.other_id
        if self.fault is Fault.RETRIEVE_BODY_ARRAY:
            return JSONResponse([payload])
        if self.fault is Fault.RETRIEVE_TEXT_PLAIN:
            return Response(json.dumps(payload), media_type="text/plain")
        return JSONResponse(payload)

    def _retrieve_unknown(self, task_id: str, base_url: str) -> Response:
        if self.fault is Fault.UNKNOWN_ID_500:
            return self._gateway_error(500, "internal error")
        if self.fault is Fault.UNKNOWN_ID_400_OTHER_CODE:
            return self._task_error(400, "invalid_request", f"bad task id {task_id!r}")
        if self.fault is Fault.UNKNOWN_ID_200:
            valid = re.search(self.targets.task_id_pattern, task_id)
            ghost = _Task(task_id if valid else new_task_id(), "", 0.0, int(time.time()), {})
            return JSONResponse(self._task_body(ghost, "unknown", 0, base_url))
        return self._not_found(task_id)

    async def _content(self, request: Request) -> Response:
        if not self._authorized(request, Fault.AUTH_IGNORED_CONTENT):
            return self._refusal(request)
        task_id, task = self._lookup(request)
        if task is None:
            if self.fault is Fault.CONTENT_UNKNOWN_ID_500:
                return self._gateway_error(500, "internal error")
            if self.fault is Fault.CONTENT_UNKNOWN_ID_NOT_READY:
                return self._task_error(400, "task_not_ready", f"task {task_id!r} is not ready")
            return self._not_found(task_id)
        status, _ = self._phase(task)
        if status != "completed":
            if self.fault is Fault.CONTENT_BEFORE_COMPLETION_200:
                return Response(VIDEO_BYTES, media_type=self.targets.content_media_type)
            if self.fault is Fault.CONTENT_EARLY_404:
                return self._task_error(404, "task_not_found", f"task {task_id!r} not found")
            return self._task_error(400, "task_not_ready", f"task {task_id!r} is {status}")
        if self.fault is Fault.CONTENT_NEVER_READY:
            return self._task_error(400, "task_not_ready", f"task {task_id!r} is not ready")
        if self.fault is Fault.CONTENT_AFTER_COMPLETION_404:
            return self._task_error(404, "task_not_found", f"task {task_id!r} not found")
        if self.fault is Fault.CONTENT_AFTER_COMPLETION_EMPTY:
            return Response(b"", media_type=self.targets.content_media_type)
        if self.fault is Fault.CONTENT_HTML_AS_VIDEO:
            return Response(HTML_PAGE, media_type=self.targets.content_media_type)
        if self.fault is Fault.CONTENT_TRUNCATED_MP4:
            return Response(TRUNCATED_VIDEO_BYTES, media_type=self.targets.content_media_type)
        base = str(request.base_url).rstrip("/")
        if self.fault is Fault.REDIRECT_LOOP:
            return RedirectResponse(str(request.url), status_code=302)
        if self.fault is Fault.REDIRECT_TO_MISSING:
            return RedirectResponse(f"{base}{_CDN_PREFIX}gone-{task_id}.mp4", status_code=302)
        if self.variant is Variant.CONTENT_REDIRECT:
            return RedirectResponse(f"{base}{_CDN_PREFIX}{task_id}.mp4", status_code=302)
        if self.variant is Variant.OTHER_ALLOWED_FORMS:
            return RedirectResponse(f"{base}{_CDN_PREFIX}{task_id}.mp4", status_code=307)
        if self.fault is Fault.CONTENT_TEXT_PLAIN:
            return Response(VIDEO_BYTES, media_type="text/plain")
        return Response(VIDEO_BYTES, media_type=self.targets.content_media_type)

    async def _cdn(self, request: Request) -> Response:
        """The 'CDN' the redirect variant points at: no auth, like a signed CDN URL."""
        task_id = str(request.path_params["task_id"])
        with self._lock:
            known = task_id in self._tasks
        if not known:
            return Response(b"not found", status_code=404, media_type="text/plain")
        media_types = list(self._ops[CONTENT_OP].responses["200"].content)
        media_type = media_types[-1 if self.variant is Variant.OTHER_ALLOWED_FORMS else 0]
        return Response(VIDEO_BYTES, media_type=media_type)
