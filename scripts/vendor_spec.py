"""Adopt a published spec: write openapi/upstream.yaml and openapi/upstream.lock.json.

Usage: ``python scripts/vendor_spec.py --from SRC [--docs-url URL] [--spec-url URL]``.
SRC is a URL or a path to OpenAPI (JSON or YAML) or to a docs page whose fenced yaml block is
the spec. The spec text is written verbatim (the fenced block byte for byte); its provenance
(docs page URL, raw spec URL, sha256, date taken) goes into the lock file. Then it prints the
drift report of the change (previous upstream -> new upstream, classified as by
``scripts/spec_drift.py``, with whether the overlay still applies); that report never changes
the exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from seedance.drift import drift_result, render_text
from seedance.spec import (
    LOCK_PATH,
    OPENAPI_DIR,
    SpecError,
    load_yaml_file,
    read_lock,
    read_spec_source,
)

UPSTREAM_PATH = OPENAPI_DIR / "upstream.yaml"


def sha256_text(text: str) -> str:
    """Hex sha256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_url(origin: str) -> bool:
    return origin.startswith(("http://", "https://"))


def vendor(
    origin: str,
    *,
    docs_url: str | None,
    spec_url: str | None,
    today: dt.date | None = None,
    upstream_path: Path = UPSTREAM_PATH,
    lock_path: Path = LOCK_PATH,
) -> dict[str, Any]:
    """Write the upstream file and its lock; return the lock record."""
    source = read_spec_source(origin)
    text = source.spec_text if source.spec_text.endswith("\n") else source.spec_text + "\n"
    previous = read_lock(lock_path)
    docs_page_url = docs_url or previous.get("docs_page_url", "")
    lock = {
        "docs_page_url": docs_page_url,
        "spec_url": spec_url or previous.get("spec_url", ""),
        # a URL, never a local path: a copy read from disk is recorded as the page it copies
        # (its digest says which copy it was)
        "source": origin if _is_url(origin) else docs_page_url,
        "source_sha256": sha256_text(source.raw_text),
        "sha256": sha256_text(text),
        "taken": (today or dt.datetime.now(dt.UTC).date()).isoformat(),
    }
    upstream_path.write_text(text, encoding="utf-8")
    lock_path.write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
    return lock


def drift_of_change(previous: dict[str, Any] | None, upstream_path: Path = UPSTREAM_PATH) -> str:
    """The text drift report from ``previous`` to the upstream now at ``upstream_path``."""
    if previous is None:
        return "vendor_spec: no previous upstream to compare with (first vendoring)\n"
    result = drift_result(
        previous,
        load_yaml_file(upstream_path),
        upstream=f"{upstream_path} (new)",
        vendored_label=f"{upstream_path} (previous)",
        with_client=False,
    )
    return render_text(result)


def _previous(path: Path) -> dict[str, Any] | None:
    try:
        data = load_yaml_file(path) if path.exists() else None
    except SpecError:
        return None
    return data if isinstance(data, dict) else None


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and vendor; return the exit code (2: source unreadable)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="origin", required=True, help="URL or path of the spec")
    parser.add_argument("--docs-url", help="docs page URL to record (default: keep the lock's)")
    parser.add_argument("--spec-url", help="raw spec URL to record (default: keep the lock's)")
    args = parser.parse_args(argv)
    previous = _previous(UPSTREAM_PATH)
    try:
        lock = vendor(args.origin, docs_url=args.docs_url, spec_url=args.spec_url)
    except SpecError as exc:
        print(f"vendor_spec: {exc}", file=sys.stderr)
        return 2
    print(f"vendor_spec: wrote {UPSTREAM_PATH} (sha256 {lock['sha256']})")
    try:
        sys.stdout.write(drift_of_change(previous))
    except Exception as exc:  # the report is informative; it must not undo a vendoring
        print(f"vendor_spec: could not compute the drift report: {exc!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
