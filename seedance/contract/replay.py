"""``seedance contract-test --replay DIR``: the checks of a run, judged again from a recording.

Nothing goes to the network. The run's checks run unchanged against a :class:`ReplayTransport`
that answers each request with the recorded answer to the same request: the same check, method,
operation (or path), ``Authorization`` (as recorded: the placeholder for the key) and body; among
several, the next in recorded order, one with the same URL first (lifecycle polls, re-sends
after a 429). So "judged against today's pages and rules" needs nothing of its own: the checks,
the conformance and the client-read rules are today's. A request the recording has no answer
for raises :class:`~seedance.contract.errors.NotRecordedError`: its check is "not run", never a
pass. Waiting is virtual: the clock is the recorded time of the last answer served, and sleeps
return at once, so a lifecycle that timed out live times out again, in no time.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import math
import secrets
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from seedance.contract.cassette import (
    CASSETTE_NAME,
    CassetteError,
    RecordedExchange,
    body_digest,
    read_cassette,
)
from seedance.contract.config import RunConfig, Target
from seedance.contract.curl import REDACTED_AUTH
from seedance.contract.errors import ConfigError, NotRecordedError
from seedance.contract.recording import (
    PAGES_NAME,
    RECORDING_VERSION,
    SETTINGS_NAME,
    pages_fingerprint,
)
from seedance.contract.transport import MAX_ANSWER_BYTES

__all__ = [
    "Replay",
    "ReplayTransport",
    "load_replay",
    "page_changes",
    "replay_key",
]

_KEY_ALPHABET = string.ascii_letters + string.digits


def replay_key() -> str:
    """A key for a replay's requests (never sent anywhere). Random letters and digits: the
    harness redacts every run of six characters of the key in what it shows, so a readable
    key ("replay", "network") would cut words out of the recorded answers' excerpts."""
    return "".join(secrets.choice(_KEY_ALPHABET) for _ in range(40))


#: Headers not served again: the body is kept decoded and may be cut, httpx sets its length.
_NOT_SERVED = frozenset({"content-length", "content-encoding", "transfer-encoding"})

#: Names the operation a method + URL addresses (``None`` when none does).
Route = Callable[[str, str], str | None]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CassetteError(f"cannot read {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise CassetteError(f"{path} is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise CassetteError(f"{path} is not a JSON object")
    return data


@dataclass
class Replay:
    """A recording read back: its exchanges, settings and the pages it ran under."""

    directory: Path
    exchanges: list[RecordedExchange]
    settings: dict[str, Any]
    pages: dict[str, Any]

    def config(self, current: RunConfig, api_key: str) -> RunConfig:
        """The recorded run's settings, with ``api_key``; the reports go where ``current``
        says."""
        s = self.settings
        try:
            target = Target(str(s.get("target", Target.SERVER)))
        except ValueError:
            target = Target.SERVER
        max_billable = s.get("max_billable")
        return dataclasses.replace(
            current,
            target=target,
            base_url=str(s.get("base_url") or "http://recorded.invalid"),
            api_key=api_key,
            max_billable=math.inf if max_billable is None else float(max_billable),
            rate=0.0,  # nothing to spare: no request leaves
            deadline=float(s.get("deadline", current.deadline)),
            request_timeout=float(s.get("request_timeout", current.request_timeout)),
            retries=int(s.get("retries", current.retries)),
            request_deadline=float(s.get("request_deadline", current.request_deadline)),
            run_deadline=math.inf,
            resend_cap=int(s.get("resend_cap", current.resend_cap)),
            schemathesis=bool(s.get("schemathesis", current.schemathesis)),
            max_examples=int(s.get("max_examples", current.max_examples)),
            # the models the recording checked (none named: every vendored one)
            models=tuple(map(str, s.get("models") or ())),
        )


def load_replay(directory: Path) -> Replay:
    """Read the recording in ``directory`` (:class:`ConfigError` when it cannot be read)."""
    try:
        if not directory.is_dir():
            raise CassetteError(f"{directory} is not a folder with a recording")
        exchanges = read_cassette(directory / CASSETTE_NAME)
        settings = _read_json(directory / SETTINGS_NAME)
        pages_path = directory / PAGES_NAME
        pages = _read_json(pages_path) if pages_path.exists() else {}
    except CassetteError as exc:
        raise ConfigError(f"REPLAY: {exc} (make one with --record DIR)") from exc
    version = settings.get("recording_version", RECORDING_VERSION)
    if not isinstance(version, int) or version > RECORDING_VERSION:
        raise ConfigError(
            f"REPLAY: {directory} was written by a later seedance (recording version "
            f"{version!r}; this one reads {RECORDING_VERSION})"
        )
    return Replay(directory, exchanges, settings, pages)


def page_changes(recorded: dict[str, Any], today: dict[str, Any] | None = None) -> list[str]:
    """What changed in the pages (and the bundle) since a recording was made ([] if nothing)."""
    today = pages_fingerprint() if today is None else today
    before, now = recorded.get("pages") or {}, today.get("pages") or {}
    added = sorted(set(now) - set(before))
    removed = sorted(set(before) - set(now))
    changed = sorted(p for p in set(before) & set(now) if before[p] != now[p])
    notes = [
        _listed(f"page{'s' if len(names) > 1 else ''} {what}", names)
        for what, names in (
            ("changed", changed),
            ("vendored since", added),
            ("no longer vendored", removed),
        )
        if names
    ]
    if len(changed) == 1:
        page = changed[0]
        notes[0] += f" (sha256 {str(before[page])[:12]}… → {str(now[page])[:12]}…)"
    old_bundle, new_bundle = recorded.get("bundle_sha256"), today.get("bundle_sha256")
    if old_bundle and new_bundle and old_bundle != new_bundle and not notes:
        notes.append("the bundle (overlay or generator rules) changed")
    return notes


def _listed(label: str, names: list[str], shown: int = 5) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return f"{len(names)} {label}: " + ", ".join(names[:shown]) + more


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class RecordedNetworkError(httpx.TransportError):
    """The recorded run got no answer here (its error, as recorded)."""


class ReplayTransport(httpx.BaseTransport):
    """Serves recorded answers; never opens a connection.

    :attr:`route` names the operation of a request (the sender's
    :meth:`~seedance.contract.transport.Sender.operation_for`); :meth:`begin` names the check
    the next requests belong to; :meth:`clock` is the virtual time.
    """

    def __init__(self, exchanges: list[RecordedExchange], api_key: str) -> None:
        self.api_key = api_key
        self.check = ""
        self.route: Route = lambda _method, _url: None
        self.served = 0
        self.missing: list[str] = []
        self._now = 0.0
        self._used: set[int] = set()
        self._buckets: dict[tuple[str, ...], list[int]] = collections.defaultdict(list)
        self._exchanges = exchanges
        for index, recorded in enumerate(exchanges):
            self._buckets[self._key(recorded.check, recorded, recorded.operation)].append(index)
        self._lock = threading.Lock()

    def begin(self, check: str) -> None:
        """The requests from now on are sent by ``check``."""
        self.check = check

    def clock(self) -> float:
        """The recorded time (seconds since the run started) of the last answer served."""
        return self._now

    @staticmethod
    def sleep(_seconds: float) -> None:
        """Waiting is virtual in a replay."""

    @staticmethod
    def _key(check: str, recorded: RecordedExchange, operation: str) -> tuple[str, ...]:
        where = operation or urlsplit(recorded.url).path
        auth = recorded.auth
        # the run's key (the placeholder), none, or another one (the invalid key's text may
        # have been redacted in part, as it can share runs of characters with the key)
        kind = "key" if auth == REDACTED_AUTH else ("other" if auth else "none")
        return (check, recorded.method, where, kind, body_digest(recorded.request_body))

    def _find(self, check: str, asked: RecordedExchange, operation: str) -> int | None:
        for bucket_check in (check, ""):
            candidates = [
                i
                for i in self._buckets.get(self._key(bucket_check, asked, operation), [])
                if i not in self._used
            ]
            if not candidates:
                continue
            wanted = _path_and_query(asked.url)
            same_url = [i for i in candidates if _path_and_query(self._exchanges[i].url) == wanted]
            return (same_url or candidates)[0]
        return None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """The recorded answer to ``request`` (:class:`NotRecordedError` when there is none)."""
        body = request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() == "authorization"}
        auth = headers.get("authorization")
        if auth is not None and auth.split()[-1:] == [self.api_key]:
            headers = {"Authorization": REDACTED_AUTH}
        else:
            headers = {"Authorization": auth} if auth is not None else {}
        url = str(request.url)
        asked = RecordedExchange(
            method=request.method.upper(),
            url=url,
            request_headers=headers,
            request_body=body,
            status=None,
        )
        operation = self.route(request.method, url) or ""
        with self._lock:
            index = self._find(self.check, asked, operation)
            if index is None:
                what = f"{asked.method} {_path_and_query(url)}"
                self.missing.append(f"{self.check}: {what}")
                raise NotRecordedError(f"not in the recording: {what} ({self.check or 'run'})")
            self._used.add(index)
            recorded = self._exchanges[index]
            self.served += 1
            self._now = max(self._now, recorded.offset + recorded.elapsed)
        if recorded.error is not None:
            raise RecordedNetworkError(recorded.error, request=request)
        return httpx.Response(
            recorded.status or 0,
            headers=[
                (k, v) for k, v in recorded.response_headers.items() if k.lower() not in _NOT_SERVED
            ],
            content=_served_body(recorded),
            request=request,
        )

    @property
    def unused(self) -> int:
        """Recorded exchanges no request of the replay asked for."""
        return len(self._exchanges) - len(self._used)


def _served_body(recorded: RecordedExchange) -> bytes:
    """The body as the run received it, as far as the cassette kept it: an answer cut off for
    its size is padded past the limit again, so the replay finds it oversize as the run did;
    a video kept as its first bytes is served at its recorded size (the rest zeros), so its
    boxes are judged against the size the run received (:func:`seedance.reading.video_problem`)."""
    if recorded.oversize:
        return recorded.body + b" " * max(MAX_ANSWER_BYTES + 1 - len(recorded.body), 0)
    if recorded.truncated and recorded.body_size > len(recorded.body):
        return recorded.body + bytes(recorded.body_size - len(recorded.body))
    return recorded.body
