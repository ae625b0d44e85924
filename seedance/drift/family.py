"""Drift over the family: every vendored page against its own published copy, page by page.

Which published copy each vendored page is compared with:

- **online** (no ``--upstream``): every page the lock lists is fetched from its own
  ``spec_url``; a page the publisher answers 404 or 410 for is ``page-removed``. New pages are
  found in the publisher's documentation index (``--index URL|PATH``: the ``llms.txt`` each of
  its docs pages names in its header, "Fetch the complete documentation index at: …"): every
  page it links in the folder of a vendored page's ``docs_page_url`` that no vendored page is,
  is fetched from the same place as its neighbours' specs (:func:`seedance.spec.pages.sibling_url`)
  and is ``page-added`` when it is a model's page (one JSON request whose model and mode can be
  read; other pages of that folder, like the task status page, are not models).
- **given** (``--upstream`` once or more, each a URL, a file or a directory of ``.json``,
  ``.yaml``, ``.yml`` pages): each published page is matched to the vendored page of the same
  file name, else of the same model and mode (:func:`seedance.spec.pages.match_page`). A page
  no vendored page matches is ``page-added`` (info: a model or mode to vendor). When more
  than one page is given (a directory or several sources), the given pages are the
  publisher's whole list, so a vendored page none of them matches is ``page-removed``
  (error); one page given is compared with its own vendored page only.

Pages are never composed: each comparison sees one vendored document and one published one,
so the same path in 20 documents is 20 separate findings, each naming its page. The seed page
also gets the overlay and generated-client analysis (:func:`seedance.drift.run.drift_result`);
any other page lives in the bundle under ``x-seedance-pages``, which the generator ignores, so
for it the question is whether the bundle still takes the published copy
(:func:`sibling_impact`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seedance.drift.compare import compare_documents
from seedance.drift.impact import impact_changes
from seedance.drift.inputs import check_openapi3, read_published
from seedance.drift.model import Change, DriftResult, ImpactCheck, PageCheck
from seedance.drift.servers import domain_of, publisher_flip
from seedance.spec import SpecError, load_bundle
from seedance.spec.errors import SpecGoneError
from seedance.spec.levels import Level
from seedance.spec.pages import (
    VendoredPage,
    match_page,
    page_identity,
    page_name_of,
    sibling_url,
)

__all__ = [
    "Published",
    "compare_family",
    "index_candidates",
    "published_sources",
    "read_all",
    "sibling_impact",
]

#: The file kinds a directory of published pages is read for.
PAGE_SUFFIXES = (".json", ".yaml", ".yml")
#: Pages fetched at once online.
_FETCHERS = 8
#: A link in a documentation index (Markdown links or bare URLs).
_LINK = re.compile(r"https?://[^\s()<>\"'\]\[]+")
#: Compares one vendored page with its published copy (the seed's analysis included).
SeedComparer = Callable[[dict[str, Any], dict[str, Any], str, str, frozenset[str]], DriftResult]


@dataclass(frozen=True)
class Published:
    """One published page as read: where from, its document, or why it could not be read."""

    origin: str
    document: dict[str, Any] | None
    error: str = ""
    gone: bool = False


def published_sources(upstreams: Sequence[str]) -> tuple[list[str], bool]:
    """The sources ``--upstream`` names (each directory expanded to its page files, sorted),
    and whether they are the publisher's whole list (a directory, or more than one source)."""
    found: list[str] = []
    listing = len(upstreams) > 1
    for origin in upstreams:
        path = Path(origin)
        if not origin.startswith(("http://", "https://")) and path.is_dir():
            listing = True
            found += [str(p) for p in sorted(path.iterdir()) if p.suffix in PAGE_SUFFIXES]
        else:
            found.append(origin)
    return found, listing


def _read(origin: str) -> Published:
    try:
        return Published(origin, read_published(origin))
    except SpecGoneError as exc:
        return Published(origin, None, str(exc), gone=True)
    except SpecError as exc:
        return Published(origin, None, str(exc))


def read_all(origins: Sequence[str]) -> list[Published]:
    """Every source read (URLs fetched a few at a time), in order."""
    if len(origins) <= 1:
        return [_read(origin) for origin in origins]
    with ThreadPoolExecutor(max_workers=min(_FETCHERS, len(origins))) as pool:
        return list(pool.map(_read, origins))


def sibling_impact(
    page: VendoredPage, published: dict[str, Any], pages: Sequence[VendoredPage]
) -> dict[str, Any]:
    """Whether the bundle still takes ``published`` in place of the vendored ``page`` (not the
    seed): its model and mode readable and no other page's, its ``x-linkage`` honourable, its
    catalogue entry readable. ``errors`` as :func:`seedance.drift.impact.analyse_impact`'s."""
    from seedance.catalogue import PAGES_KEY, catalogue_of
    from seedance.spec.family import add_pages

    no_client = {
        "checked": False,
        "reason": f"the page lives under {PAGES_KEY}, which the generator ignores: "
        "the generated client cannot change",
    }
    seed = pages[0]
    try:
        bundle = load_bundle()
        bundle.pop(PAGES_KEY, None)
        siblings = [
            (p.name, published if p.name == page.name else p.document())
            for p in pages
            if not p.seed
        ]
        add_pages(bundle, (seed.name, seed.document()), siblings)
        catalogue_of(bundle)
    except (SpecError, ValueError, KeyError, TypeError, AttributeError) as exc:
        error = {
            "id": ImpactCheck.BUNDLE_INVALID.value,
            "location": "/",
            "message": f"the bundle does not take the published page {page.name}: {exc}",
        }
        return {"bundle": {"builds": False, "error": str(exc)}, "client": no_client,
                "errors": [error]}  # fmt: skip
    return {"bundle": {"builds": True, "error": ""}, "client": no_client, "errors": []}


def index_candidates(index_text: str, pages: Sequence[VendoredPage]) -> list[tuple[str, str]]:
    """``(name, spec URL)`` of every page ``index_text`` links in the folder of a vendored
    page's ``docs_page_url`` that is not a vendored page, by name."""
    folders: dict[str, str] = {}
    for page in pages:
        docs, spec = page.provenance.get("docs_page_url"), page.provenance.get("spec_url")
        if isinstance(docs, str) and isinstance(spec, str) and "/" in docs:
            folders.setdefault(docs.rsplit("/", 1)[0], spec)
    names = {page.name for page in pages}
    found: dict[str, str] = {}
    for raw in _LINK.findall(index_text):
        link = raw.rstrip(".,;:")
        name = page_name_of(link)
        folder = link.rsplit("/", 1)[0]
        if folder in folders and name and name not in names:
            found.setdefault(name, sibling_url(folders[folder], name))
    return sorted(found.items())


def _indexed(index_text: str, pages: Sequence[VendoredPage]) -> list[DriftResult]:
    """``page-added`` for every model page the index links that is not vendored."""
    candidates = index_candidates(index_text, pages)
    read = read_all([url for _, url in candidates])
    return [
        _added(item, name, f" (listed in the publisher's index as {name})")
        for (name, _), item in zip(candidates, read, strict=True)
        if item.document is not None and page_identity(item.document, name) is not None
    ]


def _page_change(check: PageCheck, level: Level, page: str, message: str) -> Change:
    return Change(id=check.value, level=level, location="/", message=message, page=page)


def _added(item: Published, name: str, why: str = "") -> DriftResult:
    message = (
        f"a published page with no vendored counterpart{why}: adopt it with "
        f"`make vendor FROM={item.origin}`"
    )
    result = DriftResult(upstream=item.origin, vendored="(none)", page=name)
    result.changes.append(_page_change(PageCheck.ADDED, Level.INFO, name, message))
    return result


def _removed(page: VendoredPage, upstream: str, why: str) -> DriftResult:
    message = (
        f"the vendored page {page.name} is no longer published ({why}); its model and mode "
        "may be gone: check before relying on them"
    )
    result = DriftResult(upstream=upstream, vendored=str(page.path), page=page.name)
    result.changes.append(_page_change(PageCheck.REMOVED, Level.ERROR, page.name, message))
    return result


def _compare_one(
    page: VendoredPage,
    item: Published,
    pages: Sequence[VendoredPage],
    compare_seed: SeedComparer,
) -> DriftResult:
    label = str(page.path)
    if item.gone:
        return _removed(page, item.origin, item.error)
    if item.document is None:
        return DriftResult(upstream=item.origin, vendored=label, page=page.name, error=item.error)
    try:
        vendored = check_openapi3(page.document(), origin=label)
    except SpecError as exc:
        error = f"the vendored page is unreadable: {exc}"
        return DriftResult(upstream=item.origin, vendored=label, page=page.name, error=error)
    published = item.document
    urls = (page.provenance.get("spec_url"), page.provenance.get("docs_page_url"))
    publisher = frozenset(domain_of(url) for url in urls if isinstance(url, str)) - {""}
    try:
        if page.seed:
            result = compare_seed(vendored, published, item.origin, label, publisher)
        else:
            changes = compare_documents(vendored, published, publisher=publisher)
            impact = sibling_impact(page, published, pages) if changes else {}
            result = DriftResult(upstream=item.origin, vendored=label, impact=impact)
            result.changes = [*impact_changes(impact), *changes]
    except Exception as exc:  # a malformed document must never end in a traceback
        error = f"{item.origin}: cannot compare, the document is malformed: {exc!r}"
        return DriftResult(upstream=item.origin, vendored=label, page=page.name, error=error)
    result.page = page.name
    flip = publisher_flip(vendored, published, publisher)
    if flip:
        result.notes.append(flip)
    for change in result.changes:
        change.page = page.name
    return result


def compare_family(
    pages: Sequence[VendoredPage],
    upstreams: Sequence[str],
    compare_seed: SeedComparer,
    *,
    index_text: str | None = None,
) -> list[DriftResult]:
    """One result per page: each vendored page against its published copy (online from its
    lock ``spec_url`` when ``upstreams`` is empty), then each ``page-added`` (online: those
    ``index_text``, the publisher's documentation index, links); see the module docstring for
    how pages are matched."""
    if not upstreams:
        online = [(page, str(page.provenance.get("spec_url") or "")) for page in pages]
        missing = [p for p, url in online if not url]
        results = [
            DriftResult(upstream="(none)", vendored=str(p.path), page=p.name,
                        error="the lock records no spec_url for this page")
            for p in missing
        ]  # fmt: skip
        wanted = [(p, url) for p, url in online if url]
        read = read_all([url for _, url in wanted])
        compared = [
            _compare_one(page, item, pages, compare_seed)
            for (page, _), item in zip(wanted, read, strict=True)
        ]
        indexed = _indexed(index_text, pages) if index_text is not None else []
        return compared + results + indexed
    origins, listing = published_sources(upstreams)
    read = read_all(origins)
    by_page: dict[str, Published] = {}
    added: list[DriftResult] = []
    unreadable: list[DriftResult] = []
    names = {page.name for page in pages}
    for item in read:
        if item.document is None:
            name = page_name_of(item.origin)
            if name in names:
                by_page.setdefault(name, item)  # reported as that page's error
                continue
            unreadable.append(
                DriftResult(upstream=item.origin, vendored="(unmatched)", page=name,
                            error=item.error)
            )  # fmt: skip
            continue
        matched = match_page(item.origin, item.document, list(pages), fallback=not listing)
        if matched is None:
            added.append(_added(item, page_name_of(item.origin)))
        elif matched in by_page:
            first = by_page[matched].origin
            why = f" (it names the model and mode of {matched}, already compared with {first})"
            added.append(_added(item, page_name_of(item.origin), why))
        else:
            by_page[matched] = item
    results = [
        _compare_one(page, by_page[page.name], pages, compare_seed)
        for page in pages
        if page.name in by_page
    ]
    if listing:
        shown = ", ".join(upstreams)
        results += [
            _removed(page, shown, f"none of the published pages given ({shown}) is it")
            for page in pages
            if page.name not in by_page
        ]
    return results + added + unreadable
