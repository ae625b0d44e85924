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
"""

from __future__ import annotations

import datetime
import email.utils
import io
import math
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import requests
import requests.adapters
import urllib3
from requests.structures import CaseInsensitiveDict

from seedance.contract.curl import REDACTED_AUTH, curl_line, redact
from seedance.contract.errors import NotSentError
from seedance.spec import OperationInfo

#: A key no gateway issues, for the "invalid key" cases (not a secret).
INVALID_KEY = "sk-contract-test-invalid-key"
_UNSET: Any = object()


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
        """The start of the response body as text."""
        text = self.response_body[:limit].decode("utf-8", errors="replace")
        return text + ("…" if len(self.response_body) > limit else "")


#: Statuses that say "try later": re-sent up to ``RETRY_429`` times.
RETRY_STATUSES = (429,)
#: A Retry-After longer than this (seconds) is not waited for; the answer stands.
MAX_RETRY_WAIT = 30.0


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """A Retry-After header in seconds (delta-seconds or an HTTP date), None if unusable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Budget:
    """Counts billed requests and decides whether a billable request may be sent."""

    def __init__(self, max_billable: float) -> None:
        self.max_billable = max_billable
        self.billed = 0
        self.unexpected = 0
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
            if not expect_accept and self.unexpected == 0:
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
            raise NotSentError(f"budget: {self.billed} billable request(s) used of {cap}")

    def record(self, billed: bool, expect_accept: bool) -> None:
        """Count an answered billable request."""
        if not billed:
            return
        with self._lock:
            self.billed += 1
            if not expect_accept:
                self.unexpected += 1


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
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.max_retry_wait = max_retry_wait
        self.api_key = api_key
        self.operations = dict(operations)
        self.budget = budget
        self.exchanges: list[Exchange] = []
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

    def auth_headers(self, auth: str) -> dict[str, str]:
        """``valid`` / ``invalid`` / ``missing`` key headers."""
        if auth == "valid":
            return {"Authorization": f"Bearer {self.api_key}"}
        if auth == "invalid":
            return {"Authorization": f"Bearer {INVALID_KEY}"}
        return {}

    def send(
        self,
        method: str,
        path_or_url: str,
        *,
        json_body: Any = _UNSET,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: str = "valid",
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
        return self.send_prepared(method, url, all_headers, content, expect_accept=expect_accept)

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
        (1, 2, 4 … s when it has none); each attempt is an exchange of its own, and the last
        one is returned. A 429 bills nothing, so re-sending a create cannot double-bill.
        """
        attempt = 1
        while True:
            exchange = self._send_once(
                method, url, headers, body, expect_accept=expect_accept, attempt=attempt
            )
            wait = self._retry_wait(exchange)
            if wait is None:
                return exchange
            time.sleep(wait)
            attempt += 1

    def _retry_wait(self, exchange: Exchange) -> float | None:
        """Seconds to wait before re-sending ``exchange``, or None: do not re-send it."""
        if exchange.status not in RETRY_STATUSES or exchange.attempt > self.retries:
            return None
        wait = retry_after_seconds(exchange.header("Retry-After"))
        if wait is None:
            wait = float(2 ** (exchange.attempt - 1))
        return wait if wait <= self.max_retry_wait else None

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
        op = self.operation_for(method, url)
        billable = bool(op and op.billable)
        if billable:
            self.budget.permit(expect_accept)
        shown = {
            k: (
                REDACTED_AUTH
                if k.lower() == "authorization" and v.split()[-1:] == [self.api_key]
                else redact(v, self.api_key)
            )
            for k, v in headers.items()
        }
        with self._lock:
            exchange = Exchange(
                seq=len(self.exchanges) + 1,
                operation_id=op.operation_id if op else None,
                method=method.upper(),
                url=url,
                request_headers=shown,
                request_body=body,
                attempt=attempt,
            )
            self.exchanges.append(exchange)
        self._rate.wait()
        started = time.monotonic()
        try:
            response = self._client.request(method, url, headers=dict(headers), content=body)
        except httpx.TransportError as exc:
            exchange.error = (
                redact(f"{type(exc).__name__}: {exc}", self.api_key) or type(exc).__name__
            )
            exchange.elapsed = time.monotonic() - started
            if billable:
                # the request may have reached the target: count it, never retry it
                self.budget.record(True, expect_accept)
                exchange.billed = True
            return exchange
        exchange.elapsed = time.monotonic() - started
        exchange.status = response.status_code
        exchange.response_headers = dict(response.headers.items())
        exchange.response_body = response.content
        exchange.billed = billable and 200 <= response.status_code < 300
        self.budget.record(exchange.billed, expect_accept)
        return exchange


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
