"""Adopt one published page: its vendored file, its lock entry, the bundle and the client.

Usage: ``python scripts/vendor_spec.py --from SRC [--docs-url URL] [--spec-url URL]``.
SRC is a URL or a path to OpenAPI 3 (JSON or YAML) or to a docs page whose fenced yaml block
is the spec. The page is matched to a vendored one by its file name, else by its model and
mode (read from its request schema): a later copy replaces that page's file (the seed's is
``openapi/upstream.yaml``, the others' ``openapi/pages/<name>.json``); a page matching none is
a new model's page, added as ``openapi/pages/<its file name>.json`` with URLs beside the
seed's unless given. Everything is first built in a scratch tree: the page text (verbatim, the
fenced block byte for byte) and the lock (docs page URL, raw spec URL, sha256, date taken),
the bundle of every page with ``openapi/overlay.yaml``, the generated client, and a lint of
that client (ruff's correctness rules). Only when all of that succeeds are the files written
into the checkout (the page, the lock, ``openapi/seedance.yaml``,
``seedance/_data/seedance.json``, ``generated_client/seedance_client``); on any failure nothing
is written and the exit code is 1 (2: the source is unreadable or not OpenAPI 3). Then it
prints the drift report of the change (previous copy of the page -> new copy); that report
never changes the exit code. Last, the example recording of a run against the embedded mock
(``recordings/mock``, :func:`remake_recording`) is made again for the models it was made
for, since its cases come from the pages; when that fails, it says the command to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import checkout

from seedance.drift import drift_result, render_text
from seedance.drift.inputs import check_openapi3
from seedance.spec import (
    LOCK_PATH,
    OPENAPI_DIR,
    SpecError,
    build_bundle,
    dump_json,
    dump_yaml,
    load_yaml_file,
    read_lock,
    read_spec_source,
)
from seedance.spec.pages import (
    PAGES_DIR,
    SEED_FILE,
    VendoredPage,
    family_of_lock,
    match_page,
    page_name_of,
    sibling_url,
    vendored_pages,
)
from seedance.spec.sources import SpecSource

UPSTREAM_PATH = OPENAPI_DIR / "upstream.yaml"
Generator = Callable[[Path, Path], None]
#: ruff rules the generated client must pass before it is adopted (syntax and name errors).
LINT_RULES = "E9,F63,F7,F82"


#: The example recording of a run against the embedded mock (``make record``).
MOCK_RECORDING = checkout.ROOT / "recordings" / "mock"


def remake_recording(directory: Path) -> str:
    """Record ``directory`` again against the embedded mock, for the models its
    ``settings.json`` names, replacing it only once the new recording is complete; returns
    what was done ('' when ``directory`` holds no recording of the mock)."""
    settings_path = directory / "settings.json"
    if not settings_path.is_file():
        return ""
    settings = json.loads(settings_path.read_text(encoding="utf-8"))
    if settings.get("target") != "mock":
        return ""
    models = ",".join(settings.get("models") or [])
    again = f"make record DIR={directory}" + (f" MODELS={models}" if models else "")
    with tempfile.TemporaryDirectory(dir=directory.parent) as scratch:
        fresh = Path(scratch) / directory.name
        command = [sys.executable, "-c", "from seedance.cli import main; main()"]
        command += ["contract-test", "--record", str(fresh), "--report-dir", f"{scratch}/reports"]
        command += ["--model", models] if models else []
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not (fresh / "settings.json").is_file():
            tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
            return f"could not make {directory} again (exit {done.returncode}): {tail}; run {again}"
        old = Path(scratch) / "previous"
        directory.rename(old)
        fresh.rename(directory)
    return f"made {directory} again under the new pages ({models or 'every model'})"


@dataclass(frozen=True)
class Tree:
    """Where one adoption writes: the checkout by default, a copy of it in tests.

    The seed page is ``upstream``; every other page is the file its lock entry names,
    relative to ``lock``'s directory (``pages/<name>.json``).
    """

    upstream: Path = checkout.UPSTREAM
    lock: Path = checkout.LOCK
    overlay: Path = checkout.OVERLAY
    bundle_yaml: Path = checkout.BUNDLE_YAML
    bundle_json: Path = checkout.BUNDLE_JSON
    client: Path = checkout.CLIENT
    config_dir: Path = checkout.OPENAPI


@dataclass(frozen=True)
class Adopted:
    """What one adoption wrote: the page's name, its file, its lock record, and the page as
    vendored before (None: a new page)."""

    page: str
    path: Path
    lock: dict[str, Any]
    previous: dict[str, Any] | None


def _default_generator(config_dir: Path) -> Generator:
    from seedance.spec.generate import generate

    def run(spec: Path, output: Path) -> None:
        generate(spec, output, config_dir=config_dir)

    return run


def _lint(client: Path) -> None:
    ruff = Path(sys.executable).with_name("ruff")
    command = [str(ruff) if ruff.exists() else "ruff", "check", "--isolated", "--no-cache"]
    done = subprocess.run(
        [*command, "--select", LINT_RULES, str(client)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SpecError(f"the generated client fails lint ({LINT_RULES}):\n{done.stdout}")


def _pages(tree: Tree) -> list[VendoredPage]:
    """The tree's vendored pages, the seed's file being ``tree.upstream``."""
    pages = vendored_pages(tree.lock)
    if not pages:
        return []
    seed = pages[0]
    return [VendoredPage(seed.name, tree.upstream, seed.provenance, True), *pages[1:]]


def _copy_tree(tree: Tree, pages: list[VendoredPage], scratch: Path) -> None:
    if tree.lock.exists():
        shutil.copyfile(tree.lock, scratch / LOCK_PATH.name)
    if tree.upstream.exists():
        shutil.copyfile(tree.upstream, scratch / SEED_FILE)
    for page in pages[1:]:
        target = scratch / page.path.relative_to(tree.lock.parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page.path, target)


@dataclass(frozen=True)
class Urls:
    """The docs page and raw spec URLs to record (None: keep or derive them)."""

    docs: str | None
    spec: str | None


def _stage(
    source: SpecSource,
    origin: str,
    name: str,
    *,
    page: VendoredPage | None,
    vendored: bool,
    scratch: Path,
    urls: Urls,
    today: dt.date | None,
    tree: Tree,
) -> tuple[str, dict[str, Any]]:
    """Write the page and the lock into ``scratch``; the page's file (relative to the lock)
    and its lock record."""
    scratch_lock = scratch / LOCK_PATH.name
    if page is None and vendored:  # a new model's page: a sibling beside the others
        seed = read_lock(scratch_lock)
        urls = Urls(
            urls.docs or sibling_url(str(seed.get("docs_page_url", "")), name),
            urls.spec or sibling_url(str(seed.get("spec_url", "")), name),
        )
    if page is not None and not page.seed:  # a later copy keeps its URLs unless told
        urls = Urls(
            urls.docs or str(page.provenance.get("docs_page_url", "")),
            urls.spec or str(page.provenance.get("spec_url", "")),
        )
    if (page is None and not vendored) or (page is not None and page.seed):
        relative = SEED_FILE
        lock = vendor(
            origin,
            docs_url=urls.docs,
            spec_url=urls.spec,
            today=today,
            upstream_path=scratch / SEED_FILE,
            lock_path=scratch_lock,
        )
        if page is None:  # the first page of an empty tree names itself
            whole = read_lock(scratch_lock)
            scratch_lock.write_text(
                json.dumps({**whole, "page": name}, indent=2) + "\n", encoding="utf-8"
            )
    else:
        relative = (
            f"{PAGES_DIR}/{name}.json"
            if page is None
            else page.path.relative_to(tree.lock.parent).as_posix()
        )
        lock = _vendor_sibling(source, origin, urls.docs, urls.spec, today)
        whole = read_lock(scratch_lock)
        whole.setdefault("pages", {})[name] = {"file": relative, **lock}
        (scratch / relative).parent.mkdir(parents=True, exist_ok=True)
        (scratch / relative).write_text(_page_text(source), encoding="utf-8")
        scratch_lock.write_text(json.dumps(whole, indent=2) + "\n", encoding="utf-8")
    return relative, lock


def adopt(
    origin: str,
    *,
    docs_url: str | None,
    spec_url: str | None,
    tree: Tree | None = None,
    generator: Generator | None = None,
    today: dt.date | None = None,
) -> Adopted:
    """Adopt one published page: a later copy of a vendored page (matched by file name, else
    by model and mode) or a new model's page. The page, the lock, the bundle and the client
    are built in a scratch tree and written only if all pass.

    Raises :class:`SpecError` (nothing written) when the source is unreadable or not OpenAPI 3,
    the overlay does not apply, the bundle is invalid, generation or the lint fails.
    """
    tree = tree or Tree()
    source = read_spec_source(origin)
    document = check_openapi3(source.document, origin=origin)
    pages = _pages(tree)
    name = match_page(origin, document, pages) or page_name_of(origin)
    known = {page.name: page for page in pages}
    page = known.get(name)
    with tempfile.TemporaryDirectory(prefix="seedance-vendor-") as raw:
        scratch = Path(raw)
        _copy_tree(tree, pages, scratch)
        scratch_lock = scratch / LOCK_PATH.name
        relative, lock = _stage(
            source,
            origin,
            name,
            page=page,
            vendored=bool(pages),
            scratch=scratch,
            urls=Urls(docs_url, spec_url),
            today=today,
            tree=tree,
        )
        bundle = build_bundle(
            check_openapi3(load_yaml_file(scratch / SEED_FILE), origin=str(tree.upstream)),
            load_yaml_file(tree.overlay),
            **family_of_lock(scratch_lock),
        )
        bundle_yaml, client = scratch / "seedance.yaml", scratch / "seedance_client"
        bundle_yaml.write_text(dump_yaml(bundle), encoding="utf-8")
        try:
            (generator or _default_generator(tree.config_dir))(bundle_yaml, client)
        except (OSError, SystemExit) as exc:
            raise SpecError(f"client generation failed: {exc}") from exc
        _lint(client)
        # everything built: now write, each file whole
        target = tree.upstream if relative == SEED_FILE else tree.lock.parent / relative
        previous = _previous(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((scratch / relative).read_text(encoding="utf-8"), encoding="utf-8")
        tree.lock.write_text(scratch_lock.read_text(encoding="utf-8"), encoding="utf-8")
        tree.bundle_yaml.write_text(bundle_yaml.read_text(encoding="utf-8"), encoding="utf-8")
        tree.bundle_json.write_text(dump_json(bundle), encoding="utf-8")
        if tree.client.exists():
            shutil.rmtree(tree.client)
        shutil.copytree(client, tree.client)
    return Adopted(name, target, lock, previous)


def _page_text(source: SpecSource) -> str:
    text = source.spec_text
    return text if text.endswith("\n") else text + "\n"


def _vendor_sibling(
    source: SpecSource,
    origin: str,
    docs_url: str | None,
    spec_url: str | None,
    today: dt.date | None,
) -> dict[str, Any]:
    """The lock record of a page other than the seed (its file is written by the caller)."""
    docs_page_url = docs_url or ""
    return {
        "docs_page_url": docs_page_url,
        "spec_url": spec_url or "",
        "source": origin if _is_url(origin) else (spec_url or docs_page_url),
        "source_sha256": sha256_text(source.raw_text),
        "sha256": sha256_text(_page_text(source)),
        "taken": (today or dt.datetime.now(dt.UTC).date()).isoformat(),
    }


def sha256_text(text: str) -> str:
    """Hex sha256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_url(origin: str) -> bool:
    return origin.startswith(("http://", "https://"))


#: The lock's keys that are not the seed page's own record: they survive a new seed copy.
_FAMILY_KEYS = ("page", "pages")


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
    # the seed's record is rewritten; the family's keys (its page name, the other pages) stay
    family = {key: value for key, value in previous.items() if key in _FAMILY_KEYS}
    lock_path.write_text(json.dumps({**lock, **family}, indent=2) + "\n", encoding="utf-8")
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
    tree = Tree()
    try:
        read_source = read_spec_source(args.origin)
        check_openapi3(read_source.document, origin=args.origin)
    except SpecError as exc:
        print(f"vendor_spec: {exc}", file=sys.stderr)
        return 2
    try:
        adopted = adopt(args.origin, docs_url=args.docs_url, spec_url=args.spec_url, tree=tree)
    except SpecError as exc:
        print(f"vendor_spec: nothing written: {exc}", file=sys.stderr)
        return 1
    news = "a new page" if adopted.previous is None else "a later copy"
    print(
        f"vendor_spec: page {adopted.page} ({news}): wrote {adopted.path} "
        f"(sha256 {adopted.lock['sha256']}), the lock, the bundle and the generated client"
    )
    try:
        sys.stdout.write(drift_of_change(adopted.previous, adopted.path))
    except Exception as exc:  # the report is informative; it must not undo a vendoring
        print(f"vendor_spec: could not compute the drift report: {exc!r}", file=sys.stderr)
    if said := remake_recording(MOCK_RECORDING):
        print(f"vendor_spec: {said}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
