"""The ``seedance drift`` command: compare, classify, explain, write reports, exit.

Exit codes: 0 no active change at or above ``--fail-on``; 1 drift at or above it (what breaks
our own build, :class:`seedance.drift.model.ImpactCheck`, is an error at every level), or an
expired or malformed entry in the ignore file; 2 the published spec (or the vendored one)
could not be read or parsed, or is not OpenAPI 3.x, or expands past the alias bound.
Reports are written in every case, an unreadable upstream
included (then they say so and list no changes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from seedance.drift.compare import compare_documents
from seedance.drift.errors import IgnoreFileError
from seedance.drift.ignore import apply_ignores, expired_entries, load_ignore_file
from seedance.drift.impact import Generator, analyse_impact, impact_changes
from seedance.drift.inputs import read_published, read_vendored
from seedance.drift.model import DriftResult
from seedance.drift.reliance import relied_prose_changes
from seedance.drift.report import RENDERERS, write_reports
from seedance.drift.summarise import summarise
from seedance.exitcode import ExitCode
from seedance.spec import LOCK_PATH, OPENAPI_DIR, SpecError, load_yaml_file, read_lock
from seedance.spec.levels import LEVELS, level_rank

OVERLAY_PATH = OPENAPI_DIR / "overlay.yaml"


def default_upstream(lock_path: Path = LOCK_PATH) -> str:
    """The raw spec URL recorded in ``openapi/upstream.lock.json``."""
    try:
        lock = read_lock(lock_path)
    except SpecError as exc:
        raise SpecError(f"no --upstream given and {exc}") from exc
    url = lock.get("spec_url")
    if not url:
        raise SpecError(f"no --upstream given and {lock_path} has no 'spec_url'")
    return str(url)


def drift_result(
    vendored: dict[str, Any],
    published: dict[str, Any],
    *,
    upstream: str,
    vendored_label: str,
    overlay_path: Path = OVERLAY_PATH,
    generator: Generator | None = None,
    with_client: bool = True,
) -> DriftResult:
    """The classified changes from ``vendored`` to ``published`` and what they mean for us
    (overlay, bundle, values the overlay now overrides, client surface). What breaks our
    build comes first, as error-level changes with :class:`ImpactCheck` ids, then a warning
    for each sentence the overlay relies on that the publisher reworded. The ignore file is
    not applied and nothing is summarised: that is the caller's policy. ``make drift`` and
    ``make vendor`` both use it.
    """
    impact = analyse_impact(
        published,
        overlay_path=overlay_path,
        generator=generator,
        with_client=with_client,
        vendored=vendored,
    )
    try:
        overlay = load_yaml_file(overlay_path)
    except SpecError:
        overlay = None  # reported by the impact analysis (overlay-unreadable)
    return DriftResult(
        upstream=upstream,
        vendored=vendored_label,
        changes=[
            *impact_changes(impact),
            *relied_prose_changes(vendored, published, overlay),
            *compare_documents(vendored, published),
        ],
        impact=impact,
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seedance drift",
        description="Compare the published Seedance spec with openapi/upstream.yaml.",
    )
    parser.add_argument(
        "--upstream",
        help="URL or path (OpenAPI JSON/YAML or docs page); default: the lock's spec_url",
    )
    parser.add_argument("--vendored", type=Path, default=OPENAPI_DIR / "upstream.yaml")
    parser.add_argument("--fail-on", choices=LEVELS, default="info")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
    parser.add_argument("--ignore-file", type=Path, default=OPENAPI_DIR / "drift-ignore.yaml")
    parser.add_argument("--overlay", type=Path, default=OVERLAY_PATH)
    parser.add_argument("--reports-dir", type=Path, default=Path("reports"))
    parser.add_argument(
        "--no-client", action="store_true", help="skip generating the client (surface analysis)"
    )
    parser.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    return parser


def _finish(result: DriftResult, args: argparse.Namespace, code: ExitCode, note: str = "") -> int:
    write_reports(result, args.reports_dir)
    sys.stdout.write(RENDERERS[args.format](result))
    if note:
        print(f"seedance drift: {note}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None, *, generator: Generator | None = None) -> int:
    """Run the drift check; return the exit code."""
    args = _parser().parse_args(argv)
    vendored_label = str(args.vendored)
    try:
        origin = args.upstream or default_upstream()
    except SpecError as exc:
        result = DriftResult(upstream="(none)", vendored=vendored_label, error=str(exc))
        return _finish(result, args, ExitCode.USAGE, str(exc))
    result = DriftResult(upstream=origin, vendored=vendored_label)
    try:
        vendored = read_vendored(args.vendored)
    except SpecError as exc:
        result.error = f"the vendored spec is unreadable: {exc}"
        return _finish(result, args, ExitCode.USAGE, result.error)
    try:
        published = read_published(origin)
    except SpecError as exc:
        result.error = str(exc)
        return _finish(result, args, ExitCode.USAGE, f"cannot read the published spec: {exc}")
    try:
        result = drift_result(
            vendored,
            published,
            upstream=origin,
            vendored_label=vendored_label,
            overlay_path=args.overlay,
            generator=generator,
            with_client=not args.no_client,
        )
    except Exception as exc:  # a malformed document must never end in a traceback
        result.error = f"{origin}: cannot compare, the document is malformed: {exc!r}"
        return _finish(result, args, ExitCode.USAGE, result.error)
    try:
        entries = load_ignore_file(args.ignore_file)
    except IgnoreFileError as exc:
        return _finish(result, args, ExitCode.FAILED, f"ignore file: {exc}")
    apply_ignores(result.changes, entries)
    result.changes, result.omitted = summarise(result.changes)
    expired = expired_entries(entries, args.today or dt.date.today())
    if expired:
        names = "; ".join(
            f"{e.id} at {e.location} (expired {e.expires.isoformat()})" for e in expired
        )
        return _finish(
            result,
            args,
            ExitCode.FAILED,
            f"{args.ignore_file}: expired entries, review or renew them: {names}",
        )
    top = result.top_level()
    failed = top is not None and top.rank >= level_rank(args.fail_on)
    note = f"drift at or above --fail-on {args.fail_on}" if failed else ""
    return _finish(result, args, ExitCode.FAILED if failed else ExitCode.OK, note)
