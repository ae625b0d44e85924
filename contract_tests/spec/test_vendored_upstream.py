"""``openapi/upstream.yaml`` is the published docs page's spec, verbatim, with its provenance.

The lock records the page's URL and the sha256 of the page the spec was taken from
(``source_sha256``). The byte-for-byte checks need a copy of that very page: the seed page in
``../shared/seed/`` when its digest is the lock's. Without it (a clone elsewhere, or after
``make vendor`` adopted a later release) they skip and say why; the lock's own checks
always run.
"""

import datetime as dt
import hashlib
import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from seedance.spec import OPENAPI_DIR, load_yaml_file, read_spec_source
from seedance.spec.loading import parse_yaml_text
from seedance.spec.sources import extract_fenced_yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = REPO_ROOT.parent / "shared" / "seed"
UPSTREAM = OPENAPI_DIR / "upstream.yaml"
LOCK = OPENAPI_DIR / "upstream.lock.json"


def _lock() -> dict[str, str]:
    lock: dict[str, str] = json.loads(LOCK.read_text(encoding="utf-8"))
    return lock


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()


@pytest.fixture
def source_page() -> Path:
    """The local copy of the page the lock says the spec was taken from."""
    wanted = _lock()["source_sha256"]
    pages = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    for page in pages:
        if _digest(page) == wanted:
            return page
    pytest.skip(
        f"no copy of the vendored docs page (sha256 {wanted[:12]}…) in {SEED_DIR}: "
        "the byte-for-byte provenance checks need it (CI has ../shared beside the clone)"
    )


def test_upstream_sha256_matches_the_lock():
    recorded = _lock()["sha256"]
    actual = hashlib.sha256(UPSTREAM.read_bytes()).hexdigest()

    assert actual == recorded, (
        f"{UPSTREAM} has sha256 {actual} but {LOCK} records {recorded}: the file was edited by "
        "hand; restore it or re-vendor with `make vendor FROM=...`"
    )


def test_lock_records_provenance_as_urls_and_digests():
    lock = _lock()

    for key in ("docs_page_url", "spec_url", "source"):
        url = urlparse(lock[key])
        assert url.scheme == "https", f"{key}: expected an https URL, got {lock[key]!r}"
        assert url.netloc, f"{key}: expected an https URL, got {lock[key]!r}"
    for key in ("sha256", "source_sha256"):
        assert len(lock[key]) == 64, f"{key}: expected a hex sha256, got {lock[key]!r}"
        int(lock[key], 16)
    assert dt.date.fromisoformat(lock["taken"]) <= dt.datetime.now(dt.UTC).date()


def test_upstream_is_the_source_pages_yaml_block_byte_for_byte(source_page: Path):
    block = extract_fenced_yaml(source_page.read_text(encoding="utf-8"))

    assert block is not None, f"{source_page}: no fenced OpenAPI yaml block"
    assert UPSTREAM.read_text(encoding="utf-8") == block
    assert load_yaml_file(UPSTREAM) == parse_yaml_text(block, origin=str(source_page))


def test_the_vendoring_reader_extracts_the_same_block_from_the_source_page(source_page: Path):
    source = read_spec_source(str(source_page))

    assert source.from_docs_page
    assert source.spec_text == UPSTREAM.read_text(encoding="utf-8")
    assert hashlib.sha256(source.raw_text.encode("utf-8")).hexdigest() == _lock()["source_sha256"]
