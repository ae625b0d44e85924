"""``seedance contract-test --record DIR``: keep every exchange of a run, and what it ran under.

A recording is a folder:

* ``cassette.har`` — every exchange (:mod:`seedance.contract.cassette`, HAR 1.2), each naming
  the check that sent it;
* ``pages.json`` — the pages the run was judged against: the vendored pages' lock and the
  sha256 of the bundle (:func:`pages_fingerprint`), so a replay says what changed since;
* ``settings.json`` — the run's settings (never the key), which a replay runs with again;
* ``verdicts.json`` — the run's verdicts, as ``summary.json`` has them.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import threading
import time
from pathlib import Path
from typing import Any

from seedance.contract.cassette import (
    CASSETTE_NAME,
    RecordedExchange,
    from_exchange,
    write_cassette,
)
from seedance.contract.config import RunConfig
from seedance.contract.transport import Exchange
from seedance.reading import redact
from seedance.spec import read_lock
from seedance.spec.loading import BUNDLE_JSON

__all__ = [
    "PAGES_NAME",
    "SETTINGS_NAME",
    "VERDICTS_NAME",
    "Recording",
    "pages_fingerprint",
    "recorded_settings",
]

PAGES_NAME = "pages.json"
SETTINGS_NAME = "settings.json"
VERDICTS_NAME = "verdicts.json"
#: The format of the folder (a replay refuses a later one it cannot read).
RECORDING_VERSION = 1


def _sha256_file(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _lock_pages(lock: dict[str, Any]) -> dict[str, str]:
    """Page -> sha256 from a lock: the page at its top (the seed's), and each page listed (or
    mapped) under ``pages``."""
    pages: dict[str, str] = {}
    listed = lock.get("pages")
    items: list[Any] = [lock] if lock.get("sha256") else []
    if isinstance(listed, list):
        items += listed
    elif isinstance(listed, dict):
        items += [{"page": k, **(v if isinstance(v, dict) else {})} for k, v in listed.items()]
    for item in items:
        if not isinstance(item, dict):
            continue
        name = next(
            (str(item[k]) for k in ("page", "name", "spec_url", "source") if item.get(k)), ""
        )
        if name:
            pages[name] = str(item.get("sha256", ""))
    return pages


def pages_fingerprint() -> dict[str, Any]:
    """What a run is judged against: the vendored pages (their lock) and the bundle."""
    lock = read_lock()
    return {
        "bundle_sha256": _sha256_file(BUNDLE_JSON),
        "pages": _lock_pages(lock),
        "lock": lock,
    }


def recorded_settings(config: RunConfig, base_url: str) -> dict[str, Any]:
    """The settings a replay needs to run the same checks again (never the key)."""
    return {
        "recording_version": RECORDING_VERSION,
        "target": str(config.target),
        "base_url": base_url,
        "max_billable": None if math.isinf(config.max_billable) else int(config.max_billable),
        "rate": config.rate,
        "deadline": config.deadline,
        "request_timeout": config.request_timeout,
        "retries": config.retries,
        "request_deadline": config.request_deadline,
        "run_deadline": config.run_deadline,
        "resend_cap": config.resend_cap,
        "schemathesis": config.schemathesis,
        "max_examples": config.max_examples,
        "models": list(config.models),
    }


def _write_json(path: Path, data: Any, secret: str | None) -> None:
    path.write_text(
        redact(json.dumps(data, indent=2, ensure_ascii=False), secret) + "\n", encoding="utf-8"
    )


class Recording:
    """Collects a run's exchanges (:meth:`keep` is the sender's ``on_exchange``) and writes
    the folder at the end (:meth:`write`)."""

    def __init__(self, directory: Path, secret: str | None) -> None:
        self.directory = directory
        self.secret = secret
        self.check = ""
        self.exchanges: list[RecordedExchange] = []
        self.started_at = datetime.datetime.now(datetime.UTC)
        self._started = time.monotonic()
        self._lock = threading.Lock()

    def begin(self, check: str) -> None:
        """The exchanges from now on belong to ``check``."""
        self.check = check

    def keep(self, exchange: Exchange) -> None:
        """Keep one finished exchange (called by the sender)."""
        offset = max(time.monotonic() - self._started - exchange.elapsed, 0.0)
        recorded = from_exchange(exchange, check=self.check, offset=offset, secret=self.secret)
        with self._lock:
            self.exchanges.append(recorded)

    def write(self, settings: dict[str, Any], verdicts: dict[str, Any]) -> list[Path]:
        """Write the cassette, the pages, the settings and the verdicts into the folder."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._lock:
            exchanges = sorted(self.exchanges, key=lambda e: e.seq)
        cassette = write_cassette(
            self.directory / CASSETTE_NAME,
            exchanges,
            self.started_at,
            comment=f"seedance contract-test against {settings.get('target')}",
        )
        paths = [cassette]
        for name, data in (
            (PAGES_NAME, pages_fingerprint()),
            (SETTINGS_NAME, settings),
            (VERDICTS_NAME, verdicts),
        ):
            path = self.directory / name
            _write_json(path, data, self.secret)
            paths.append(path)
        return paths
