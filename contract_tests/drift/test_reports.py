"""Report formats: the JSON contract, Markdown, text and GitHub annotations."""

from __future__ import annotations

import json

import pytest

from seedance.drift import Change, DriftResult
from seedance.drift.report import render_github

REQUIRED_CHANGE_KEYS = {"id", "level", "location", "message"}


def test_drift_json_has_exactly_the_documented_shape(variant_dir, drift):
    run = drift(variant_dir / "release-2026-07-13.yaml")
    report = run.report
    assert {"upstream", "vendored", "changes", "counts"} <= set(report)
    assert isinstance(report["upstream"], str)
    assert isinstance(report["vendored"], str)
    assert set(report["counts"]) == {"error", "warning", "info"}
    for change in report["changes"]:
        assert set(change) >= REQUIRED_CHANGE_KEYS
        assert change["level"] in {"error", "warning", "info"}
        assert all(isinstance(change[k], str) for k in REQUIRED_CHANGE_KEYS)
    levels = [c["level"] for c in report["changes"]]
    assert report["counts"] == {lvl: levels.count(lvl) for lvl in ("error", "warning", "info")}


def test_the_json_format_on_stdout_is_the_report(variant_dir, drift):
    run = drift(variant_dir / "max-decreased.yaml", "--format", "json")
    assert json.loads(run.stdout) == run.report


def test_the_markdown_report_has_the_changes_and_what_they_mean_for_us(variant_dir, drift):
    run = drift(variant_dir / "max-decreased.yaml", "--format", "markdown")
    assert run.stdout == run.markdown
    assert "## Changes" in run.markdown
    assert "request-property-max-decreased" in run.markdown
    assert "## What it means for us" in run.markdown
    assert "### Overlay" in run.markdown


@pytest.mark.parametrize(
    ("name", "command"),
    [("max-decreased", "::error "), ("operation-id-changed", "::warning "),
     ("summary-changed", "::notice ")],
)  # fmt: skip
def test_the_github_format_annotates_each_change_at_its_level(variant_dir, drift, name, command):
    run = drift(variant_dir / f"{name}.yaml", "--format", "github")
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith(command + "title=")


def test_the_github_format_escapes_line_breaks_so_each_change_stays_one_annotation():
    changes = [
        Change("x-changed", "error", "/a", "first line\nsecond line"),
        Change("y-changed", "info", "/b", "100% sure\r\nand more"),
    ]
    lines = render_github(DriftResult("new", "old", changes)).splitlines()
    assert lines[:2] == [
        "::error title=x-changed at /a::first line%0Asecond line",
        "::notice title=y-changed at /b::100%25 sure%0D%0Aand more",
    ]
    assert len(lines) == 3  # the two annotations, then the summary line


def test_the_text_format_names_level_id_location_and_old_to_new(variant_dir, drift):
    run = drift(variant_dir / "request-enum-value-removed.yaml")
    (change,) = run.report["changes"]
    assert "ERROR" in run.stdout
    assert change["id"] in run.stdout
    assert change["location"] in run.stdout
    assert change["message"] in run.stdout
