"""The vendored pages and their lock: which published page each file in ``openapi/`` copies.

The lock (``openapi/upstream.lock.json``) keeps the seed page's provenance at its top level
(``docs_page_url``, ``spec_url``, ``source``, ``source_sha256``, ``sha256``, ``taken``; the
file is ``upstream.yaml``), names that page in ``page``, and lists every other vendored page
under ``pages``: ``{name: {"file": "pages/<name>.json", <the same provenance keys>}}``, the
file relative to the lock's directory. A page's name is its published file's stem
(``seedance-1-5-pro-image-to-video``). Each fact is recorded once: the seed's provenance only at
the top level, each sibling's only in its entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seedance.spec.errors import SpecError, SpecSourceError
from seedance.spec.loading import LOCK_PATH, load_yaml_file, read_lock

#: The provenance keys every lock entry carries.
PROVENANCE_KEYS = ("docs_page_url", "spec_url", "source", "source_sha256", "sha256", "taken")
#: Where the seed page's file sits, relative to the lock.
SEED_FILE = "upstream.yaml"
#: The directory, relative to the lock, that holds every other vendored page.
PAGES_DIR = "pages"


@dataclass(frozen=True)
class VendoredPage:
    """One vendored page: its name, its file and its lock entry (provenance keys only)."""

    name: str
    path: Path
    provenance: dict[str, Any]
    seed: bool

    def document(self) -> dict[str, Any]:
        """The page's OpenAPI document as vendored."""
        data = load_yaml_file(self.path)
        if not isinstance(data, dict):
            raise SpecSourceError(f"{self.path}: expected an OpenAPI mapping")
        return data


def page_name_of(origin: str) -> str:
    """The page name a source's file name gives (``…/x-image-to-video.json`` ->
    ``x-image-to-video``)."""
    stem = origin.rstrip("/").rsplit("/", 1)[-1]
    for suffix in (".json", ".yaml", ".yml", ".md", ".txt"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    return stem


def sibling_url(url: str, name: str) -> str:
    """The URL page ``name`` has beside a page published at ``url`` (same folder, same file
    extension): ``…/a-image-to-video.json`` and ``b-text-to-video`` -> ``…/b-text-to-video.json``;
    empty when ``url`` has no folder."""
    if not url or "/" not in url:
        return ""
    base, last = url.rsplit("/", 1)
    suffix = "." + last.rsplit(".", 1)[1] if "." in last else ""
    return f"{base}/{name}{suffix}"


def vendored_pages(lock_path: Path = LOCK_PATH) -> list[VendoredPage]:
    """Every vendored page the lock lists, the seed first (empty when there is no lock)."""
    lock = read_lock(lock_path)
    if not lock:
        return []
    base = lock_path.parent
    seed_name = str(lock.get("page") or page_name_of(str(lock.get("spec_url", "upstream"))))
    found = [
        VendoredPage(
            seed_name,
            base / SEED_FILE,
            {k: lock[k] for k in PROVENANCE_KEYS if k in lock},
            seed=True,
        )
    ]
    pages = lock.get("pages") or {}
    if not isinstance(pages, dict):
        raise SpecSourceError(f"{lock_path}: 'pages' must map page names to entries")
    for name, entry in pages.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise SpecSourceError(f"{lock_path}: page {name!r} has no 'file'")
        provenance = {k: entry[k] for k in PROVENANCE_KEYS if k in entry}
        found.append(VendoredPage(str(name), base / entry["file"], provenance, seed=False))
    return found


def sibling_pages(lock_path: Path = LOCK_PATH) -> list[tuple[str, dict[str, Any]]]:
    """``(name, document)`` of every vendored page but the seed, in lock order."""
    return [(p.name, p.document()) for p in vendored_pages(lock_path) if not p.seed]


def seed_page_name(lock_path: Path = LOCK_PATH) -> str | None:
    """The seed page's name, or None when there is no lock."""
    pages = vendored_pages(lock_path)
    return pages[0].name if pages else None


def family_of_lock(lock_path: Path = LOCK_PATH) -> dict[str, Any]:
    """The keyword arguments of :func:`seedance.spec.build_bundle` that publish every page the
    lock lists (``seed_name`` and ``siblings``); empty when there is no lock."""
    name = seed_page_name(lock_path)
    return {} if name is None else {"seed_name": name, "siblings": sibling_pages(lock_path)}


def page_identity(document: Any, name: str) -> tuple[str, str] | None:
    """``(model, mode)`` of a page's document, or None when its request cannot tell."""
    from seedance.spec.family import identity  # the bundler's reading, imported on first use

    try:
        model, mode, _ = identity(document, name)
    except (SpecError, AttributeError, TypeError):
        return None
    return model, mode


def match_page(
    origin: str,
    document: dict[str, Any],
    pages: list[VendoredPage],
    *,
    fallback: bool = True,
) -> str | None:
    """The vendored page ``document`` (read from ``origin``) is a copy of, or None (a new page).

    By the source's file name when it is a vendored page's name, else by model and mode; with
    ``fallback``, a lock that lists the seed alone, or a document whose model and mode cannot
    be read, is taken as the seed's. ``make vendor`` and ``seedance drift`` both match pages
    this way (drift without ``fallback`` when it reads the publisher's whole list of pages).
    """
    by_name = {page.name: page for page in pages}
    if page_name_of(origin) in by_name:
        return page_name_of(origin)
    wanted = page_identity(document, page_name_of(origin))
    for page in pages:
        try:
            vendored = page.document()
        except SpecError:
            continue
        if wanted is not None and page_identity(vendored, page.name) == wanted:
            return page.name
    if fallback and (len(pages) == 1 or (pages and wanted is None)):
        return pages[0].name
    return None
