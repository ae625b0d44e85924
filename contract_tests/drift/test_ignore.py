"""Accepted changes: matching entries are reported as ignored; expired entries fail the run."""

from __future__ import annotations

import datetime as dt

import pytest

from seedance.drift.errors import IgnoreFileError
from seedance.drift.ignore import expired_entries, load_ignore_file
from seedance.spec import OPENAPI_DIR


def _first_change(drift, upstream):
    run = drift(upstream)
    return run.report["changes"][0]


def _write(path, entries):
    lines = ["ignore:"]
    for entry in entries:
        lines.append(f"  - id: '{entry['id']}'")
        for key in ("location", "reason", "expires"):
            if key in entry:
                lines.append(f"    {key}: '{entry[key]}'")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_accepted_change_is_reported_as_ignored_and_does_not_fail(tmp_path, variant_dir, drift):
    upstream = variant_dir / "server-url-changed.yaml"
    change = _first_change(drift, upstream)
    ignore = _write(
        tmp_path / "ignore.yaml",
        [{"id": change["id"], "location": change["location"], "reason": "test host week",
          "expires": "2999-12-31"}],
    )  # fmt: skip
    run = drift(upstream, "--ignore-file", str(ignore))
    assert run.code == 0
    assert run.report["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert run.report["ignored"] == 1
    (reported,) = run.report["changes"]
    assert reported["ignored"] is True
    assert "test host week" in reported["ignore_reason"]
    assert "Accepted changes" in run.markdown
    assert "[ignored]" in run.stdout


def test_an_entry_may_name_the_component_location_with_wildcards_but_never_a_broken_build(
    tmp_path, variant_dir, drift
):
    upstream = variant_dir / "nested-enum-value-added.yaml"
    changes = drift(upstream).report["changes"]
    change = next(c for c in changes if c["id"].startswith("request-property-enum-"))
    pattern = change["component"].rsplit("/", 2)[0] + "/*"
    ignore = _write(
        tmp_path / "ignore.yaml",
        [{"id": "request-property-enum-*", "location": pattern, "reason": "r",
          "expires": "2999-01-01"},
         {"id": "*", "location": "*", "reason": "accept everything", "expires": "2999-01-01"}],
    )  # fmt: skip
    run = drift(upstream, "--ignore-file", str(ignore))
    # the enum change is accepted; our media union no longer covering it never is
    assert [c["id"] for c in run.report["changes"] if not c["ignored"]] == [
        "media-union-not-covering-enum"
    ]
    assert run.code == 1


def test_only_matching_changes_are_ignored(tmp_path, variant_dir, drift):
    upstream = variant_dir / "max-decreased.yaml"
    ignore = _write(
        tmp_path / "ignore.yaml",
        [{"id": "request-property-max-decreased", "location": "/somewhere/else", "reason": "r",
          "expires": "2999-01-01"}],
    )  # fmt: skip
    run = drift(upstream, "--ignore-file", str(ignore))
    assert run.code == 1
    assert run.report["counts"]["error"] == 1


def test_an_expired_entry_fails_the_run_and_is_named(tmp_path, variant_dir, drift):
    ignore = _write(
        tmp_path / "ignore.yaml",
        [{"id": "api-server-url-changed", "location": "/servers/0/url", "reason": "r",
          "expires": "2001-02-03"}],
    )  # fmt: skip
    run = drift(variant_dir / "copy.json", "--ignore-file", str(ignore))
    assert run.code == 1
    assert "expired" in run.stderr
    assert "api-server-url-changed" in run.stderr
    assert "2001-02-03" in run.stderr


def test_an_entry_is_valid_through_its_expiry_day(tmp_path, variant_dir, drift):
    ignore = _write(
        tmp_path / "ignore.yaml",
        [{"id": "x", "location": "/x", "reason": "r", "expires": "2030-06-01"}],
    )
    assert (
        drift(variant_dir / "copy.json", "--ignore-file", str(ignore), "--today", "2030-06-01").code
        == 0
    )
    assert (
        drift(variant_dir / "copy.json", "--ignore-file", str(ignore), "--today", "2030-06-02").code
        == 1
    )


@pytest.mark.parametrize(
    "entry",
    [
        {"id": "x", "location": "/x", "reason": "r"},
        {"id": "x", "location": "/x", "reason": "r", "expires": "soon"},
        {"id": "x", "reason": "r", "expires": "2999-01-01"},
    ],
    ids=["no-expiry", "bad-date", "no-location"],
)
def test_a_malformed_entry_fails_with_a_message(tmp_path, variant_dir, drift, entry):
    ignore = _write(tmp_path / "ignore.yaml", [entry])
    with pytest.raises(IgnoreFileError):
        load_ignore_file(ignore)
    run = drift(variant_dir / "copy.json", "--ignore-file", str(ignore))
    assert run.code == 1
    assert "ignore file" in run.stderr


def test_the_committed_ignore_file_is_valid_and_has_nothing_expired():
    entries = load_ignore_file(OPENAPI_DIR / "drift-ignore.yaml")  # raises when malformed
    assert not expired_entries(entries, dt.date.today())
