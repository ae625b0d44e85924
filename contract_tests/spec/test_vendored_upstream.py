"""``openapi/upstream.yaml`` is the published docs page's spec, verbatim, with its provenance."""

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from seedance.spec import OPENAPI_DIR, load_yaml_file, read_spec_source
from seedance.spec.loading import parse_yaml_text

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_PAGE = REPO_ROOT.parent / "shared" / "seed" / "000_f65147fd91512ebc.txt"
UPSTREAM = OPENAPI_DIR / "upstream.yaml"
LOCK = OPENAPI_DIR / "upstream.lock.json"
# A Markdown fence of three or more backticks whose info string starts with yaml.
_YAML_FENCE = re.compile(r"^(`{3,})yaml\b[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)


def _seed_page_text() -> str:
    if not SEED_PAGE.is_file():
        pytest.fail(
            f"the published docs page is missing: expected {SEED_PAGE} (the shared/ folder next "
            "to the repository, present in CI); cannot prove openapi/upstream.yaml is verbatim"
        )
    return SEED_PAGE.read_text(encoding="utf-8")


def _seed_yaml_block() -> str:
    blocks = [m.group(2) for m in _YAML_FENCE.finditer(_seed_page_text())]
    assert len(blocks) == 1, f"expected one fenced yaml block in {SEED_PAGE}, found {len(blocks)}"
    return blocks[0]


def test_upstream_sha256_matches_the_lock():
    recorded = json.loads(LOCK.read_text(encoding="utf-8"))["sha256"]
    actual = hashlib.sha256(UPSTREAM.read_bytes()).hexdigest()

    assert actual == recorded, (
        f"{UPSTREAM} has sha256 {actual} but {LOCK} records {recorded}: the file was edited by "
        "hand; restore it or re-vendor with `make vendor FROM=...`"
    )


def test_lock_records_provenance():
    lock = json.loads(LOCK.read_text(encoding="utf-8"))

    for key in ("docs_page_url", "spec_url"):
        url = urlparse(lock[key])
        assert url.scheme == "https", f"{key}: expected an https URL, got {lock[key]!r}"
        assert url.netloc, f"{key}: expected an https URL, got {lock[key]!r}"
    assert dt.date.fromisoformat(lock["taken"]) <= dt.datetime.now(dt.UTC).date()


def test_upstream_parses_equal_to_the_seed_pages_yaml_block():
    block = _seed_yaml_block()

    assert load_yaml_file(UPSTREAM) == parse_yaml_text(block, origin=str(SEED_PAGE))


def test_upstream_is_the_seed_pages_yaml_block_byte_for_byte():
    assert UPSTREAM.read_text(encoding="utf-8") == _seed_yaml_block()


def test_the_vendoring_reader_extracts_the_same_block_from_the_seed_page():
    _seed_page_text()  # fails with a clear message when shared/ is absent
    source = read_spec_source(str(SEED_PAGE))

    assert source.from_docs_page
    assert source.spec_text == UPSTREAM.read_text(encoding="utf-8")
