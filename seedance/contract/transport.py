"""The one place requests leave the harness: budget, rate limit, recording, network errors.

Every request of a run — the harness's own cases and schemathesis' generated ones (through
:class:`RequestsAdapter`) — goes through :meth:`Sender.send`. A request to a billable
operation (``x-billable``) is sent only if the budget allows it:

* a request that *should be accepted* (billable on a faithful target) needs
  ``billed < MAX_BILLABLE``; otherwise it is not sent (:class:`NotSentError`, "not run: budget");
* a request that *should be refused* (free on a faithful target) is sent while no refusal
  has been billed yet or the budget still has room: if the target wrongly bills one, every
  further billable request is stopped, so a faulty target costs at most one unexpected charge.

Every 2xx answer of a billable operation counts as billed. Creates are never retried.

Whatever the target sends, a request stays bounded: its answer is streamed, a JSON or text
answer beyond :data:`MAX_ANSWER_BYTES` is cut off and reported (no documented answer comes
near it), a binary answer (the video) is counted and hashed with only its first
:data:`KEPT_BINARY_BYTES` kept; one request ends after its total deadline however slowly the
bytes come, the run stops at its own deadline, and a target that leaves
:data:`SILENT_LIMIT` requests in a row unanswered is taken to have stopped answering
(:class:`RunStoppedError`). The key goes only to the configured origin
(:func:`seedance.reading.same_origin`): never to another host or port, never over http after
an https start.
"""

from __future__ import annotations

import collections
import datetime
import hashlib
import io
import math
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import httpx
import requests
import requests.adapters
import urllib3
from requests.structures import CaseInsensitiveDict

from seedance.contract.config import DEFAULT_REQUEST_DEADLINE, DEFAULT_RESEND_CAP
from seedance.contract.curl import REDACTED_AUTH, curl_line
from seedance.contract.errors import KeyRefusedError, NotSentError, RunStoppedError
from seedance.gateway import Status
from seedance.reading import parse_retry_after, redact, same_origin
from seedance.spec import OperationInfo

#: A key no gateway issues, for the "invalid key" cases (not a secret).
INVALID_KEY = "sk-contract-test-invalid-key"
#: The status a refused key is answered with.
UNAUTHORIZED = 401
_UNSET: Any = object()
#: Largest JSON or text answer read (bytes). Every documented answer is a few KB; a larger one
#: is a violation ("answer larger than …"), and reading it stops there.
MAX_ANSWER_BYTES = 1 << 20
#: Bytes of a binary answer (the video) kept for its checks; the rest is counted and hashed.
KEPT_BINARY_BYTES = 64 * 1024
#: Most recent exchanges the sender keeps (:attr:`Sender.exchanges`); older ones are dropped.
KEPT_EXCHANGES = 32
#: Requests in a row without an answer after which the target has stopped answering.
SILENT_LIMIT = 3


class Auth(StrEnum):
    """Which key a request carries (its value is the word the auth rows' ids use)."""

    VALID = "valid"
    INVALID = "invalid"
    MISSING = "missing"


@dataclass
class Exchange:
    """One request sent and what came back (or the network error)."""

    seq: int
    operation_id: str | None
    method: str
    url: str
    request_headers: dict[str, str]  # Authorization redacted
    request_body: bytes | None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    elapsed: float = 0.0
    error: str | None = None
    billed: bool = False
    attempt: int = 1  # 2 and up: a re-send after a 429
    body_size: int = 0  # bytes of the answer received (all of them, also those not kept)
    body_sha256: str = ""  # of every byte received
    oversize: bool = False  # a JSON/text answer over MAX_ANSWER_BYTES: cut off, not all read
    not_resent: str = ""  # why a 429 answer was not re-sent ("" when it was, or is no 429)
    secret: str | None = field(default=None, repr=False, compare=False)

    @property
    def content_type(self) -> str:
        """The response media type without parameters, lower-case ("" when absent)."""
        value = next(
            (v for k, v in self.response_headers.items() if k.lower() == "content-type"), ""
        )
        return value.split(";")[0].strip().lower()

    def header(self, name: str) -> str | None:
        """A response header by case-insensitive name."""
        return next(
            (v for k, v in self.response_headers.items() if k.lower() == name.lower()), None
        )

    def curl(self) -> str:
        """A curl line that reproduces the request, the key redacted."""
        return curl_line(self.method, self.url, self.request_headers, self.request_body)

    def body_excerpt(self, limit: int = 300) -> str:
        """The start of the response body as text, the key redacted before it is cut."""
        window = (limit + 2 * len(self.secret or "")) * 4  # enough bytes for limit characters
        text = redact(self.response_body[:window].decode("utf-8", errors="replace"), self.secret)
        more = len(text) > limit or self.body_size > min(window, len(self.response_body))
        return text[:limit] + ("…" if more else "")


#: Statuses that say "try later": re-sent up to ``RETRY_429`` times.
RETRY_STATUSES = (Status.RATE_LIMITED,)
#: A Retry-After longer than this (seconds) is not waited for; the answer stands.
MAX_RETRY_WAIT = 30.0


class Budget:
    """Counts billed requests and decides whether a billable request may be sent."""

    def __init__(self, max_billable: float) -> None:
        self.max_billable = max_billable
        self.billed = 0
        self.unexpected = 0  # answered 2xx although it should have been refused
        self.uncertain = 0  # got no answer: may have been billed (counted in ``billed``)
        self.uncertain_refusals = 0  # of those, requests that should have been refused
        self.not_sent = 0
        self._lock = threading.Lock()

    @property
    def remaining(self) -> float:
        """How many more requests may be billed (``math.inf`` without a cap)."""
        return max(self.max_billable - self.billed, 0)

    def permit(self, expect_accept: bool) -> None:
        """Raise :class:`NotSentError` when a billable request may not be sent."""
        with self._lock:
            if self.billed < self.max_billable:
                return
            if not expect_accept and self.unexpected == 0 and self.uncertain_refusals == 0:
                return
            self.not_sent += 1
            cap = (
                "no cap"
                if math.isinf(self.max_billable)
                else f"MAX_BILLABLE={int(self.max_billable)}"
            )
            if self.unexpected:
                raise NotSentError(
                    f"budget: the target billed {self.unexpected} request(s) it should have "
                    f"refused, so no further billable request is sent ({cap})"
                )
            if self.uncertain_refusals:
                raise NotSentError(
                    f"budget: {self.uncertain_refusals} request(s) that should have been "
                    "refused got no answer and may have been billed, so no further billable "
                    f"request is sent ({cap})"
                )
            unanswered = f", {self.uncertain} of them unanswered" if self.uncertain else ""
            raise NotSentError(
                f"budget: {self.billed} billable request(s) used{unanswered} of {cap}"
            )

    def record(self, billed: bool, expect_accept: bool) -> None:
        """Count an answered billable request."""
        if not billed:
            return
        with self._lock:
            self.billed += 1
            if not expect_accept:
                self.unexpected += 1

    def record_unanswered(self, expect_accept: bool) -> None:
        """Count a billable request that got no answer: it may have reached the target."""
        with self._lock:
            self.billed += 1
            self.uncertain += 1
            if not expect_accept:
                self.uncertain_refusals += 1


class _RateLimiter:
    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            if self._next > now:
                time.sleep(self._next - now)
                now = self._next
            self._next = now + self.interval


def _template_regex(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
    return re.compile(f"^{pattern}$")


class _DeadlineError(Exception):
    """The request's total deadline passed while its answer was still arriving."""


def _is_document(content_type: str) -> bool:
    """JSON and text answers are read (up to a cap); anything else is binary (the video)."""
    return not content_type or "json" in content_type or content_type.startswith("text/")


def _monotonic() -> float:
    return time.monotonic()


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


class Sender:
    """Sends requests to the target through the budget and the rate limiter, recording each."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        operations: Mapping[str, OperationInfo],
        budget: Budget,
        *,
        rate: float = 0.0,
        timeout: float = 30.0,
        retries: int = 0,
        max_retry_wait: float = MAX_RETRY_WAIT,
        request_deadline: float = DEFAULT_REQUEST_DEADLINE,
        run_deadline: float = math.inf,
        resend_cap: int = DEFAULT_RESEND_CAP,
        transport: httpx.BaseTransport | None = None,
        key_source: str = "the configured key",
        on_exchange: Callable[[Exchange], None] | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        #: Called with every finished exchange (a recording keeps them).
        self.on_exchange = on_exchange
        #: The clock and the sleep of waits between requests (a replay's are virtual).
        self.clock: Callable[[], float] = clock or _monotonic
        self.sleep: Callable[[float], None] = sleep or _sleep
        self.base_url = base_url.rstrip("/")
        #: Where the key came from (a flag or an environment variable), for messages.
        self.key_source = key_source
        #: Whether an authorised request was answered other than 401 (the key works).
        self._key_worked = False
        self.retries = retries
        self.max_retry_wait = max_retry_wait
        self.api_key = api_key
        self.operations = dict(operations)
        self.budget = budget
        #: The latest :data:`KEPT_EXCHANGES` exchanges (a run's rows keep what they need).
        self.exchanges: collections.deque[Exchange] = collections.deque(maxlen=KEPT_EXCHANGES)
        self.sent = 0
        self.resends = 0  # re-sends after a 429, over the whole run
        self.resent_limited_again = 0  # re-sends answered 429 again
        self.resend_cap = resend_cap
        self.answered = 0  # answers other than 429: a limiter letting most through is waited for
        self.timeout = timeout
        self.request_deadline = request_deadline
        self.run_deadline = run_deadline
        self._run_ends = time.monotonic() + run_deadline
        #: Why the run must stop (the target stopped answering, or the run deadline passed).
        self.stopped: str | None = None
        self._silent = 0
        self._rate = _RateLimiter(rate)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport)
        self._routes = [
            (op.method, _template_regex(op.path), op) for op in self.operations.values()
        ]
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def operation_for(self, method: str, url: str) -> OperationInfo | None:
        """The spec operation a method + URL addresses (``None`` when none does)."""
        path = urlsplit(url).path
        base_path = urlsplit(self.base_url).path
        if base_path and path.startswith(base_path):
            path = path[len(base_path) :] or "/"
        for route_method, regex, op in self._routes:
            if route_method == method.upper() and regex.match(path):
                return op
        return None

    def auth_headers(self, auth: Auth) -> dict[str, str]:
        """The headers of a request with the valid key, an invalid one or none."""
        if auth == Auth.VALID:
            return {"Authorization": f"Bearer {self.api_key}"}
        if auth == Auth.INVALID:
            return {"Authorization": f"Bearer {INVALID_KEY}"}
        return {}

    def may_receive_key(self, url: str) -> bool:
        """Whether ``url`` may get the key: the configured origin only (scheme, host, port)."""
        return same_origin(self.base_url, url)

    def send(
        self,
        method: str,
        path_or_url: str,
        *,
        json_body: Any = _UNSET,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: Auth = Auth.VALID,
        expect_accept: bool = False,
    ) -> Exchange:
        """Send one request (raises :class:`NotSentError` when the budget forbids it)."""
        url = path_or_url if "://" in path_or_url else self.base_url + path_or_url
        all_headers: dict[str, str] = dict(headers or {})
        if json_body is not _UNSET:
            content = httpx.Request("POST", url, json=json_body).content
            all_headers.setdefault("Content-Type", "application/json")
        elif content is not None:
            all_headers.setdefault("Content-Type", "application/json")
        all_headers.update(self.auth_headers(auth))
        exchange = self.send_prepared(
            method, url, all_headers, content, expect_accept=expect_accept
        )
        if auth == Auth.VALID and self.may_receive_key(url):
            self._judge_key(exchange)
        return exchange

    def _judge_key(self, exchange: Exchange) -> None:
        """Raise :class:`KeyRefusedError` when the key is refused before it ever worked."""
        if exchange.status == UNAUTHORIZED and not self._key_worked:
            raise KeyRefusedError(
                f"the key was refused: {exchange.method} {exchange.url} answered 401 to the "
                f"key from {self.key_source}; check that key (no further check was run)"
            )
        if exchange.status is not None and exchange.status not in RETRY_STATUSES:
            self._key_worked = True

    def send_prepared(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        *,
        expect_accept: bool,
    ) -> Exchange:
        """Send a fully prepared request through the budget; every request ends here.

        A 429 ("try later") is re-sent up to :attr:`retries` times, after its Retry-After
        (1, 2, 4 … s when it has none); over the whole run at most :attr:`resend_cap` times or
        as many times as the target gave other answers, whichever is more;
        each attempt is an exchange of its own, and the last one is returned. A 429 bills
        nothing, so re-sending a create cannot double-bill.
        """
        attempt = 1
        while True:
            exchange = self._send_once(
                method, url, headers, body, expect_accept=expect_accept, attempt=attempt
            )
            if attempt > 1 and exchange.status in RETRY_STATUSES:
                self.resent_limited_again += 1
            wait = self._retry_wait(exchange)
            if wait is None:
                return exchange
            self.sleep(wait)
            attempt += 1

    def _retry_wait(self, exchange: Exchange) -> float | None:
        """Seconds to wait before re-sending ``exchange``, or None: do not re-send it."""
        if exchange.status not in RETRY_STATUSES:
            return None
        if exchange.attempt > self.retries:
            exchange.not_resent = (
                f"RETRY_429={self.retries}" if self.retries == 0 else "no re-send left"
            )
            return None
        wait = parse_retry_after(exchange.header("Retry-After"))
        if wait is None:
            wait = float(2 ** (exchange.attempt - 1))
        if wait > self.max_retry_wait:
            exchange.not_resent = (
                f"its Retry-After asks for {wait:g} s, over {self.max_retry_wait:g} s"
            )
            return None
        with self._lock:
            if self.resends >= max(self.resend_cap, self.answered):
                exchange.not_resent = (
                    f"the run's re-sends after a 429 are used up: {self.resends}, "
                    f"RETRY_429_TOTAL={self.resend_cap} and {self.answered} other answer(s)"
                )
                return None
            self.resends += 1
        return wait

    def _check_running(self) -> None:
        """Raise :class:`RunStoppedError` once the run must stop."""
        if self.stopped is None and time.monotonic() >= self._run_ends:
            self.stopped = (
                f"the run deadline passed (RUN_DEADLINE={self.run_deadline:g} s): the target "
                "answers too slowly to finish the run"
            )
        if self.stopped is not None:
            raise RunStoppedError(self.stopped)

    def _note_answer(self, exchange: Exchange) -> None:
        """Count requests in a row without an answer; stop the run at :data:`SILENT_LIMIT`."""
        with self._lock:
            if exchange.error is None:
                self._silent = 0
                if exchange.status not in RETRY_STATUSES:
                    self.answered += 1
                return
            self._silent += 1
            if self._silent >= SILENT_LIMIT and self.stopped is None:
                self.stopped = (
                    f"the target stopped answering: {self._silent} requests in a row got no "
                    f"answer (the last: {exchange.method} {exchange.url}: {exchange.error})"
                )

    def _send_once(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        *,
        expect_accept: bool,
        attempt: int,
    ) -> Exchange:
        """One attempt: budget check, the request, and what came back, recorded."""
        self._check_running()
        op = self.operation_for(method, url)
        billable = bool(op and op.billable)
        if billable:
            self.budget.permit(expect_accept)
        if not self.may_receive_key(url):
            headers = {
                k: v
                for k, v in headers.items()
                if not (k.lower() == "authorization" and self.api_key in v)
            }
        shown = {
            k: (
                REDACTED_AUTH
                if k.lower() == "authorization" and v.split()[-1:] == [self.api_key]
                else redact(v, self.api_key)
            )
            for k, v in headers.items()
        }
        with self._lock:
            self.sent += 1
            exchange = Exchange(
                seq=self.sent,
                operation_id=op.operation_id if op else None,
                method=method.upper(),
                url=url,
                request_headers=shown,
                request_body=body,
                attempt=attempt,
                secret=self.api_key,
            )
            self.exchanges.append(exchange)
        self._rate.wait()
        started = time.monotonic()
        deadline = min(self.request_deadline, max(self._run_ends - started, 0.001))
        try:
            self._exchange(exchange, dict(headers), body, started + deadline, deadline)
        except (httpx.TransportError, _DeadlineError) as exc:
            if isinstance(exc, _DeadlineError):
                error = (
                    f"no complete answer within {deadline:g} s (REQUEST_DEADLINE); "
                    f"{exchange.body_size} byte(s) of the body had arrived"
                )
            else:
                error = redact(f"{type(exc).__name__}: {exc}", self.api_key)
            exchange.error = error or type(exc).__name__
            exchange.status = None
            exchange.elapsed = time.monotonic() - started
            if billable:
                # the request may have reached the target: count it, never retry it
                self.budget.record_unanswered(expect_accept)
                exchange.billed = True
            self._note_answer(exchange)
            self._finished(exchange)
            return exchange
        exchange.elapsed = time.monotonic() - started
        exchange.billed = billable and 200 <= (exchange.status or 0) < 300
        self.budget.record(exchange.billed, expect_accept)
        self._note_answer(exchange)
        self._finished(exchange)
        return exchange

    def _finished(self, exchange: Exchange) -> None:
        if self.on_exchange is not None:
            self.on_exchange(exchange)

    def _exchange(
        self,
        exchange: Exchange,
        headers: dict[str, str],
        body: bytes | None,
        ends: float,
        deadline: float,
    ) -> None:
        """Send and stream the answer into ``exchange``, within ``ends`` (monotonic)."""
        timeout = httpx.Timeout(min(self.timeout, deadline))
        with self._client.stream(
            exchange.method, exchange.url, headers=headers, content=body, timeout=timeout
        ) as response:
            exchange.status = response.status_code
            exchange.response_headers = dict(response.headers.items())
            document = _is_document(exchange.content_type)
            kept = bytearray()
            digest = hashlib.sha256()
            for chunk in response.iter_bytes():
                exchange.body_size += len(chunk)
                digest.update(chunk)
                room = (MAX_ANSWER_BYTES if document else KEPT_BINARY_BYTES) - len(kept)
                kept += chunk[: max(room, 0)]
                if document and exchange.body_size > MAX_ANSWER_BYTES:
                    exchange.oversize = True
                    break
                if time.monotonic() > ends:
                    raise _DeadlineError
            exchange.response_body = bytes(kept)
            exchange.body_sha256 = digest.hexdigest()


class RequestsAdapter(requests.adapters.BaseAdapter):
    """A ``requests`` transport adapter that sends through a :class:`Sender` (for schemathesis).

    :attr:`expect_accept` is read at send time: the test sets it per generated case.
    """

    def __init__(self, sender: Sender) -> None:
        super().__init__()
        self.sender = sender
        self.expect_accept = True
        self.last: Exchange | None = None

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        body = request.body
        raw = body.encode("utf-8") if isinstance(body, str) else body
        exchange = self.sender.send_prepared(
            str(request.method),
            str(request.url),
            {str(k): str(v) for k, v in request.headers.items()},
            raw if isinstance(raw, bytes) else None,
            expect_accept=self.expect_accept,
        )
        self.last = exchange
        if exchange.error is not None:
            raise requests.ConnectionError(exchange.error, request=request)
        response = requests.Response()
        response.status_code = exchange.status or 0
        response.headers = CaseInsensitiveDict(exchange.response_headers)
        response._content = exchange.response_body
        response.url = str(request.url)
        response.request = request
        response.reason = ""
        response.encoding = None
        response.raw = urllib3.HTTPResponse(
            body=io.BytesIO(b""),
            headers=urllib3.HTTPHeaderDict(exchange.response_headers),
            status=response.status_code,
            version=11,
            preload_content=False,
        )
        response.elapsed = datetime.timedelta(seconds=exchange.elapsed)
        return response

    def close(self) -> None:
        """Nothing to close: the sender owns the connections."""
