"""The cassette of a recorded run: every exchange as a HAR 1.2 entry (one JSON file).

HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) is read by browsers' developer tools,
HAR viewers, proxies and load-test converters, it is JSON (the standard library reads it fast;
no YAML parser is needed to replay), and it has a place for everything a replay needs: the
start time and duration of each exchange (``startedDateTime``, ``time``), the body's full size
beside the part kept (``content.size``, ``content.text``, ``encoding: base64``) and custom
fields, which HAR allows when their names start with ``_``. This harness adds:

* per entry: ``_check`` (the check of the run that sent it), ``_operation`` (the spec's
  operationId), ``_model`` (the model a create asked for), ``_seq``, ``_attempt`` (2 and up: a
  re-send after a 429), ``_billed``, ``_offset`` (seconds since the run started);
* per response: ``_error`` (a network error: ``status`` 0, as browsers write it);
* per content: ``_sha256`` of every byte received, ``_truncated`` (only the first bytes are
  kept: the video, of which :data:`KEPT_VIDEO_BYTES` stay), ``_oversize`` (an answer cut off
  at :data:`~seedance.contract.transport.MAX_ANSWER_BYTES`).

The key never reaches a cassette: the ``Authorization`` header is already the placeholder in an
:class:`~seedance.contract.transport.Exchange`, and every other text is passed through the
project's one redaction (:func:`seedance.contract.curl.redact`).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from seedance.contract.errors import ContractError
from seedance.contract.transport import Exchange
from seedance.reading import REDACTED, redact

__all__ = [
    "CASSETTE_NAME",
    "HAR_VERSION",
    "KEPT_DOCUMENT_BYTES",
    "KEPT_VIDEO_BYTES",
    "CassetteError",
    "RecordedExchange",
    "from_exchange",
    "read_cassette",
    "write_cassette",
]

CASSETTE_NAME = "cassette.har"
HAR_VERSION = "1.2"
#: Bytes of a binary answer (the video) a cassette keeps; its size and sha256 stand for the rest.
KEPT_VIDEO_BYTES = 64
#: Bytes of an oversize JSON or text answer a cassette keeps.
KEPT_DOCUMENT_BYTES = 4096
_BASE64 = "base64"


class CassetteError(ContractError):
    """A cassette cannot be read (missing, not JSON, not HAR)."""


@dataclass
class RecordedExchange:
    """One exchange as a cassette keeps it (the key already redacted)."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes | None
    status: int | None
    response_headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""  # what is kept: all of a document, the first bytes of a video
    body_size: int = 0
    body_sha256: str = ""
    truncated: bool = False
    oversize: bool = False
    error: str | None = None
    check: str = ""
    operation: str = ""
    model: str = ""
    seq: int = 0
    attempt: int = 1
    billed: bool = False
    offset: float = 0.0  # seconds since the run started, when the request left
    elapsed: float = 0.0

    @property
    def content_type(self) -> str:
        """The response media type without parameters, lower-case."""
        value = next(
            (v for k, v in self.response_headers.items() if k.lower() == "content-type"), ""
        )
        return value.split(";")[0].strip().lower()

    @property
    def auth(self) -> str:
        """The request's Authorization header as recorded ("" when there was none)."""
        return next(
            (v for k, v in self.request_headers.items() if k.lower() == "authorization"), ""
        )

    def json_body(self) -> Any:
        """The response body as JSON (``None`` when it is not JSON)."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def _redact_bytes(data: bytes, secret: str | None) -> bytes:
    if not secret:
        return data
    return data.replace(secret.encode("utf-8"), REDACTED.encode("ascii"))


def _model_of(body: bytes | None) -> str:
    try:
        data = json.loads(body or b"")
    except ValueError:
        return ""
    model = data.get("model") if isinstance(data, dict) else None
    return model if isinstance(model, str) else ""


def from_exchange(
    exchange: Exchange, *, check: str, offset: float, secret: str | None
) -> RecordedExchange:
    """What a cassette keeps of ``exchange``: the key redacted, a video cut to its first
    :data:`KEPT_VIDEO_BYTES` (its size and sha256 kept)."""
    body = exchange.response_body
    truncated = exchange.oversize or len(body) < exchange.body_size
    if exchange.oversize:
        body = body[:KEPT_DOCUMENT_BYTES]
    elif exchange.status is not None and not _is_text(exchange.content_type):
        truncated = truncated or len(body) > KEPT_VIDEO_BYTES
        body = body[:KEPT_VIDEO_BYTES]
    else:
        body = _redact_bytes(body, secret)
    text_body = _text(body)
    if text_body is not None and secret:
        body = redact(text_body, secret).encode("utf-8")
    request_body = exchange.request_body
    if request_body is not None:
        request_text = _text(request_body)
        if request_text is not None and secret:
            request_body = redact(request_text, secret).encode("utf-8")
        else:
            request_body = _redact_bytes(request_body, secret)
    return RecordedExchange(
        method=exchange.method,
        url=redact(exchange.url, secret),
        request_headers={k: redact(v, secret) for k, v in exchange.request_headers.items()},
        request_body=request_body,
        status=exchange.status,
        response_headers={k: redact(v, secret) for k, v in exchange.response_headers.items()},
        body=_redact_bytes(body, secret),
        body_size=exchange.body_size,
        body_sha256=exchange.body_sha256,
        truncated=truncated,
        oversize=exchange.oversize,
        error=None if exchange.error is None else redact(exchange.error, secret),
        check=check,
        operation=exchange.operation_id or "",
        model=_model_of(exchange.request_body),
        seq=exchange.seq,
        attempt=exchange.attempt,
        billed=exchange.billed,
        offset=offset,
        elapsed=exchange.elapsed,
    )


def _is_text(content_type: str) -> bool:
    return not content_type or "json" in content_type or content_type.startswith("text/")


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _headers(headers: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in headers.items()]


def _content(data: bytes) -> dict[str, str]:
    text = _text(data)
    if text is None:
        return {"text": base64.b64encode(data).decode("ascii"), "encoding": _BASE64}
    return {"text": text}


def _entry(recorded: RecordedExchange, started: datetime.datetime) -> dict[str, Any]:
    when = started + datetime.timedelta(seconds=recorded.offset)
    request: dict[str, Any] = {
        "method": recorded.method,
        "url": recorded.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _headers(recorded.request_headers),
        "queryString": [
            {"name": k, "value": v} for k, v in parse_qsl(urlsplit(recorded.url).query)
        ],
        "headersSize": -1,
        "bodySize": len(recorded.request_body) if recorded.request_body is not None else 0,
    }
    if recorded.request_body is not None:
        mime = next(
            (v for k, v in recorded.request_headers.items() if k.lower() == "content-type"), ""
        )
        post = _content(recorded.request_body)
        request["postData"] = {"mimeType": mime, "params": [], **post}
    content: dict[str, Any] = {
        "size": recorded.body_size,
        "mimeType": next(
            (v for k, v in recorded.response_headers.items() if k.lower() == "content-type"), ""
        ),
        **_content(recorded.body),
    }
    if recorded.body_sha256:
        content["_sha256"] = recorded.body_sha256
    if recorded.truncated:
        content["_truncated"] = True
    if recorded.oversize:
        content["_oversize"] = True
    response: dict[str, Any] = {
        "status": recorded.status or 0,
        "statusText": "",
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _headers(recorded.response_headers),
        "content": content,
        "redirectURL": next(
            (v for k, v in recorded.response_headers.items() if k.lower() == "location"), ""
        ),
        "headersSize": -1,
        "bodySize": recorded.body_size if recorded.status is not None else -1,
    }
    if recorded.error is not None:
        response["_error"] = recorded.error
    millis = round(recorded.elapsed * 1000, 3)
    return {
        "startedDateTime": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "time": millis,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 0, "wait": millis, "receive": 0},
        "_check": recorded.check,
        "_operation": recorded.operation,
        "_model": recorded.model,
        "_seq": recorded.seq,
        "_attempt": recorded.attempt,
        "_billed": recorded.billed,
        "_offset": round(recorded.offset, 4),
    }


def write_cassette(
    path: Path, exchanges: list[RecordedExchange], started: datetime.datetime, comment: str = ""
) -> Path:
    """Write ``exchanges`` as a HAR 1.2 log to ``path``."""
    head = {
        "version": HAR_VERSION,
        "creator": {"name": "seedance contract-test", "version": "1"},
        "pages": [],
        "comment": comment,
    }
    # one entry a line: small, and a re-recording's diff shows which exchanges changed
    entries = ",\n".join(_compact(_entry(e, started)) for e in exchanges)
    text = '{"log": ' + _compact(head)[:-1] + ', "entries": [\n' + entries + "\n]}}\n"
    path.write_text(text, encoding="utf-8")
    return path


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _decoded(content: dict[str, Any]) -> bytes:
    text = content.get("text") or ""
    if not isinstance(text, str):
        raise CassetteError(f"a body's text is not a string: {text!r:.80}")
    if content.get("encoding") == _BASE64 or content.get("_encoding") == _BASE64:
        try:
            return base64.b64decode(text, validate=True)
        except ValueError as exc:
            raise CassetteError(f"a base64 body is not valid base64: {exc}") from exc
    return text.encode("utf-8")


def _header_map(items: Any) -> dict[str, str]:
    if not isinstance(items, list):
        return {}
    return {
        str(h["name"]): str(h.get("value", ""))
        for h in items
        if isinstance(h, dict) and "name" in h
    }


def _parse_time(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _recorded(entry: dict[str, Any], first: datetime.datetime | None) -> RecordedExchange:
    request, response = entry["request"], entry["response"]
    post = request.get("postData")
    status = int(response.get("status") or 0)
    error = response.get("_error")
    content = response.get("content") or {}
    body = _decoded(content)
    offset = entry.get("_offset")
    if not isinstance(offset, (int, float)):
        when = _parse_time(entry.get("startedDateTime"))
        offset = (when - first).total_seconds() if when and first else 0.0
    return RecordedExchange(
        method=str(request["method"]).upper(),
        url=str(request["url"]),
        request_headers=_header_map(request.get("headers")),
        request_body=_decoded(post) if isinstance(post, dict) else None,
        status=None if status == 0 and error is not None else status,
        response_headers=_header_map(response.get("headers")),
        body=body,
        body_size=int(content.get("size", len(body)) or 0),
        body_sha256=str(content.get("_sha256", "")),
        truncated=bool(content.get("_truncated", False)),
        oversize=bool(content.get("_oversize", False)),
        error=(str(error) if error is not None else ("no answer" if status == 0 else None)),
        check=str(entry.get("_check", "")),
        operation=str(entry.get("_operation", "")),
        model=str(entry.get("_model", "")),
        seq=int(entry.get("_seq", 0) or 0),
        attempt=int(entry.get("_attempt", 1) or 1),
        billed=bool(entry.get("_billed", False)),
        offset=float(offset),
        elapsed=float(entry.get("time", 0) or 0) / 1000,
    )


def read_cassette(path: Path) -> list[RecordedExchange]:
    """The exchanges of the HAR file at ``path``; :class:`CassetteError` when unreadable."""
    try:
        har = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CassetteError(f"cannot read the cassette {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise CassetteError(f"the cassette {path} is not JSON: {exc}") from exc
    entries = har.get("log", {}).get("entries") if isinstance(har, dict) else None
    if not isinstance(entries, list):
        raise CassetteError(f"the cassette {path} is not a HAR log (no log.entries)")
    first = _parse_time(entries[0].get("startedDateTime")) if entries else None
    try:
        return [_recorded(entry, first) for entry in entries]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CassetteError(f"the cassette {path} has an entry HAR does not allow: {exc!r}") from (
            exc
        )


def body_digest(body: bytes | None) -> str:
    """The sha256 of a request body (``""`` for none or an empty one): how a replay matches
    requests."""
    return hashlib.sha256(body).hexdigest() if body else ""
