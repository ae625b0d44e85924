"""The ``seedance drift`` command: compare, classify, explain, write reports, exit.

Every vendored page is compared with its own published copy (:mod:`seedance.drift.family`
says which copy: each page's lock ``spec_url``, or the pages ``--upstream`` gives, matched by
file name, else model and mode); ``--vendored FILE`` compares that one file with one
``--upstream`` instead. Exit codes: 0 no active change at or above ``--fail-on``; 1 drift at or
above it (what breaks our own build, :class:`seedance.drift.model.ImpactCheck`, is an error at
every level), or an expired or malformed entry in the ignore file; 2 a published page (or a
vendored one) could not be read or parsed, or is not OpenAPI 3.x, or expands past the alias
bound. Reports are written in every case, an unreadable page included (then they say so, and
list every other page's changes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from seedance.drift.compare import compare_documents
from seedance.drift.errors import IgnoreFileError
from seedance.drift.family import compare_family
from seedance.drift.ignore import apply_ignores, expired_entries, load_ignore_file
from seedance.drift.impact import Generator, analyse_impact, impact_changes
from seedance.drift.inputs import read_published, read_vendored
from seedance.drift.model import DriftResult, FamilyResult
from seedance.drift.reliance import relied_prose_changes
from seedance.drift.report import RENDERERS, write_reports
from seedance.drift.servers import domain_of
from seedance.drift.summarise import summarise
from seedance.exitcode import ExitCode
from seedance.spec import LOCK_PATH, OPENAPI_DIR, SpecError, load_yaml_file, read_lock
from seedance.spec.levels import LEVELS, level_rank
from seedance.spec.pages import match_page, vendored_pages
from seedance.spec.sources import read_text

OVERLAY_PATH = OPENAPI_DIR / "overlay.yaml"
#: Unreadable pages named on stderr (the reports name every one).
_SHOWN_ERRORS = 3


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
    publisher: Iterable[str] = (),
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
            *compare_documents(vendored, published, publisher=publisher),
        ],
        impact=impact,
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seedance drift",
        description="Compare every vendored Seedance page with its published copy.",
    )
    parser.add_argument(
        "--upstream",
        action="append",
        help="a published page (URL or path: OpenAPI JSON/YAML or docs page) or a directory of "
        "them; repeatable. Each is matched to the vendored page of the same file name, else "
        "model and mode; several pages (or a directory) are the publisher's whole list. "
        "Default: every vendored page's own spec_url from the lock",
    )
    parser.add_argument(
        "--index",
        help="the publisher's documentation index (llms.txt, URL or path): online, a model page "
        "it links beside the vendored pages that is not vendored is page-added",
    )
    parser.add_argument(
        "--vendored",
        type=Path,
        help="compare this one file with one --upstream (default: every vendored page)",
    )
    parser.add_argument("--lock", type=Path, default=LOCK_PATH, help=argparse.SUPPRESS)
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


def _finish(result: FamilyResult, args: argparse.Namespace, code: ExitCode, note: str = "") -> int:
    write_reports(result, args.reports_dir)
    sys.stdout.write(RENDERERS[args.format](result))
    if note:
        print(f"seedance drift: {note}", file=sys.stderr)
    return code


def _one_file(args: argparse.Namespace, generator: Generator | None) -> DriftResult:
    """``--vendored FILE``: that file against the one ``--upstream`` (or the lock's seed URL)."""
    vendored_label = str(args.vendored)
    if args.upstream and len(args.upstream) > 1:
        error = "--vendored compares one file: give one --upstream with it"
        return DriftResult(upstream=", ".join(args.upstream), vendored=vendored_label, error=error)
    try:
        origin = args.upstream[0] if args.upstream else default_upstream(args.lock)
    except SpecError as exc:
        return DriftResult(upstream="(none)", vendored=vendored_label, error=str(exc))
    try:
        vendored = read_vendored(args.vendored)
    except SpecError as exc:
        error = f"the vendored spec is unreadable: {exc}"
        return DriftResult(upstream=origin, vendored=vendored_label, error=error)
    try:
        published = read_published(origin)
    except SpecError as exc:
        return DriftResult(upstream=origin, vendored=vendored_label, error=str(exc))
    pages = vendored_pages(args.lock)
    page = match_page(origin, published, pages) if pages else None
    provenance = next((p.provenance for p in pages if p.name == page), {})
    urls = (provenance.get("spec_url"), provenance.get("docs_page_url"))
    try:
        result = drift_result(
            vendored,
            published,
            upstream=origin,
            vendored_label=vendored_label,
            overlay_path=args.overlay,
            generator=generator,
            with_client=not args.no_client,
            publisher={domain_of(url) for url in urls if isinstance(url, str)} - {""},
        )
    except Exception as exc:  # a malformed document must never end in a traceback
        error = f"{origin}: cannot compare, the document is malformed: {exc!r}"
        return DriftResult(upstream=origin, vendored=vendored_label, error=error)
    result.page = page or args.vendored.stem
    for change in result.changes:
        change.page = result.page
    return result


def _family(args: argparse.Namespace, generator: Generator | None) -> FamilyResult:
    upstream = ", ".join(args.upstream or []) or "each page's spec_url in the lock"
    try:
        pages = vendored_pages(args.lock)
    except SpecError as exc:
        return FamilyResult(upstream, str(args.lock), error=f"the lock is unreadable: {exc}")
    if not pages:
        return FamilyResult(upstream, str(args.lock), error=f"{args.lock}: no vendored pages")

    def compare_seed(
        vendored: dict[str, Any],
        published: dict[str, Any],
        origin: str,
        label: str,
        publisher: frozenset[str],
    ) -> DriftResult:
        return drift_result(
            vendored,
            published,
            upstream=origin,
            vendored_label=label,
            overlay_path=args.overlay,
            generator=generator,
            with_client=not args.no_client,
            publisher=publisher,
        )

    index_text = None
    if args.index:
        if args.upstream:
            error = "--index is for the online run, without --upstream (pages given are the list)"
            return FamilyResult(upstream, str(args.lock), error=error)
        try:
            index_text = read_text(args.index)
        except SpecError as exc:
            return FamilyResult(upstream, str(args.lock), error=f"the index is unreadable: {exc}")
    results = compare_family(pages, args.upstream or [], compare_seed, index_text=index_text)
    return FamilyResult(upstream, f"{len(pages)} vendored page(s) in {args.lock.parent}", results)


def main(argv: list[str] | None = None, *, generator: Generator | None = None) -> int:
    """Run the drift check; return the exit code."""
    args = _parser().parse_args(argv)
    if args.vendored is not None:
        result = FamilyResult.of(_one_file(args, generator))
    else:
        result = _family(args, generator)
    try:
        entries = load_ignore_file(args.ignore_file)
    except IgnoreFileError as exc:
        entries, bad_ignore_file = [], str(exc)
    else:
        bad_ignore_file = ""
    for page in result.pages:
        apply_ignores(page.changes, entries)
        page.changes, page.omitted = summarise(page.changes)
    if result.errors:
        shown = "; ".join(result.errors[:_SHOWN_ERRORS])
        more = len(result.errors) - _SHOWN_ERRORS
        tail = (
            f"; and {more} more (each page's in {args.reports_dir}/drift.json)" if more > 0 else ""
        )
        return _finish(result, args, ExitCode.USAGE, f"cannot read or compare: {shown}{tail}")
    if bad_ignore_file:
        return _finish(result, args, ExitCode.FAILED, f"ignore file: {bad_ignore_file}")
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
