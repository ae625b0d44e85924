"""Source forms and exit codes: copies are in sync, unreadable upstreams exit 2, never a pass."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from seedance.drift.run import default_upstream
from seedance.spec import OPENAPI_DIR, SpecError

REPO_ROOT = Path(__file__).resolve().parents[2]

COPIES = ["copy.json", "copy-reformatted.yaml", "docs-page.md"]


@pytest.mark.parametrize("name", COPIES)
def test_reformatted_copies_of_the_vendored_spec_report_no_change(variant_dir, drift, name):
    run = drift(variant_dir / name)
    assert run.code == 0
    assert run.report["changes"] == []
    assert run.report["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert "no drift" in run.stdout
    assert "no drift" in run.markdown


def test_a_docs_page_with_crlf_line_endings_reports_no_change(variant_dir, drift, tmp_path):
    page = (variant_dir / "docs-page.md").read_text(encoding="utf-8")
    crlf = tmp_path / "docs-page-crlf.md"
    crlf.write_bytes(page.replace("\n", "\r\n").encode("utf-8"))
    run = drift(crlf)
    assert run.code == 0
    assert run.report["changes"] == []


def test_the_copies_really_are_differently_formatted(variant_dir):
    vendored = (OPENAPI_DIR / "upstream.yaml").read_text(encoding="utf-8")
    for name in COPIES:
        assert (variant_dir / name).read_text(encoding="utf-8") != vendored
    json.loads((variant_dir / "copy.json").read_text(encoding="utf-8"))


def test_a_copy_with_identical_bundle_needs_no_generation_and_reports_an_unchanged_client(
    variant_dir, drift
):
    run = drift(variant_dir / "docs-page.md", client=True)
    assert run.code == 0
    client = run.report["impact"]["client"]
    assert client == {"checked": True, "changed": False, "differences": []}
    assert "What it means for us" in run.markdown


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read"),
        ("openapi: [unclosed\n  - :\n", "not valid YAML"),
        ('{"swagger_like": true, "paths": {}}', "not an OpenAPI document"),
        ("# A docs page\n\nNo spec here, only prose.\n\n```yaml\nkey: value\n```\n", "no fenced"),
        ("- just\n- a list\n", "expected an OpenAPI document"),
    ],
    ids=["missing-file", "broken-yaml", "not-openapi", "page-without-spec", "not-a-mapping"],
)
def test_an_unreadable_upstream_exits_2_with_a_message_and_never_claims_sync(
    tmp_path, drift, content, expected
):
    source = tmp_path / "published.yaml"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    run = drift(source)
    assert run.code == 2
    assert expected in run.stderr
    assert "in sync" not in run.stdout + run.markdown
    assert "no drift" not in run.stdout + run.markdown
    assert "UNREADABLE" in run.markdown
    assert run.report["error"]
    assert run.report["changes"] == []


def test_an_unreachable_url_exits_2(drift):
    run = drift("http://127.0.0.1:9/spec.json")
    assert run.code == 2
    assert "request failed" in run.stderr


def test_a_structurally_malformed_document_exits_2_without_a_traceback(tmp_path, drift):
    source = tmp_path / "published.yaml"
    source.write_text("openapi: 3.0.1\npaths:\n  /v1/videos: [1, 2]\ncomponents: 7\n")
    run = drift(source)
    assert run.code == 2
    assert "Traceback" not in run.stderr


def test_the_default_upstream_is_the_raw_spec_url_of_the_lock():
    lock = json.loads((OPENAPI_DIR / "upstream.lock.json").read_text(encoding="utf-8"))
    assert default_upstream() == lock["spec_url"]


def test_a_lock_without_spec_url_raises_a_spec_error_naming_the_key(tmp_path):
    lock = tmp_path / "lock.json"
    lock.write_text("{}", encoding="utf-8")
    with pytest.raises(SpecError, match="no 'spec_url'"):
        default_upstream(lock)


def test_the_drift_command_runs_standalone_with_the_documented_exit_codes(variant_dir, tmp_path):
    command = [sys.executable, "-m", "seedance.cli", "drift"]
    base = [*command, "--no-client", "--reports-dir", str(tmp_path)]
    same = subprocess.run(
        [*base, "--upstream", str(variant_dir / "copy.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    changed = subprocess.run(
        [*base, "--upstream", str(variant_dir / "max-decreased.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    missing = subprocess.run(
        [*base, "--upstream", str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (same.returncode, changed.returncode, missing.returncode) == (0, 1, 2)
    assert "Traceback" not in missing.stderr
    assert (tmp_path / "drift.json").exists()
    assert "UNREADABLE" in (tmp_path / "drift.md").read_text(encoding="utf-8")
