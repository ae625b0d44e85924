"""--compare OLD NEW: what changed between two recordings of the same checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from seedance.contract import main

from .conftest import COMMITTED, compare_report

_compare = compare_report


def _edit_entry(directory: Path, check: str, operation: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the answers of one check's exchanges with an operation."""
    path = directory / "cassette.har"
    har = json.loads(path.read_text(encoding="utf-8"))
    edited = 0
    for entry in har["log"]["entries"]:
        content = entry["response"]["content"]
        if entry["_check"] == check and entry["_operation"] == operation and old in content["text"]:
            content["text"] = content["text"].replace(old, new)
            edited += 1
    assert edited
    path.write_text(json.dumps(har), encoding="utf-8")


def test_a_recording_compared_with_itself_has_no_difference(tmp_path, capsys):
    code, report = _compare(COMMITTED, COMMITTED, tmp_path)
    assert code == 0
    assert report["changes"] == []
    assert report["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert "0 error, 0 warning, 0 info" in capsys.readouterr().out


def test_a_new_field_and_an_unseen_status_are_classified_and_fail_on_filters_them(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(COMMITTED, new)
    _edit_entry(
        new, "check_lifecycle", "retrieveVideo", '"progress":', '"eta_seconds":7,"progress":'
    )
    _edit_entry(new, "check_lifecycle", "retrieveVideo", '"in_progress"', '"rendering"')
    code, report = _compare(COMMITTED, new, tmp_path / "default")
    assert code == 1
    found = {(c["id"], c["level"]) for c in report["changes"]}
    assert ("response-field-added", "info") in found
    assert ("task-status-new", "warning") in found
    assert any("eta_seconds" in c["message"] for c in report["changes"])
    assert any("'rendering'" in c["message"] for c in report["changes"])
    assert _compare(COMMITTED, new, tmp_path / "warning", "--fail-on", "warning")[0] == 1
    assert _compare(COMMITTED, new, tmp_path / "error", "--fail-on", "error")[0] == 0


def test_a_changed_content_type_and_error_shape_are_reported(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(COMMITTED, new)
    path = new / "cassette.har"
    har = json.loads(path.read_text(encoding="utf-8"))
    for entry in har["log"]["entries"]:
        response = entry["response"]
        if entry["_check"] == "check_auth" and response["status"] == 401:
            response["content"]["text"] = json.dumps({"code": "unauthorized", "message": "no"})
        if entry["_operation"] == "downloadVideoContent" and response["status"] == 200:
            for header in response["headers"]:
                if header["name"].lower() == "content-type":
                    header["value"] = "application/octet-stream"
    path.write_text(json.dumps(har), encoding="utf-8")
    code, report = _compare(COMMITTED, new, tmp_path / "reports")
    assert code == 1
    found = {(c["id"], c["level"]) for c in report["changes"]}
    assert ("error-shape-changed", "warning") in found
    assert ("content-type-changed", "error") in found


def test_an_unreadable_recording_exits_2(tmp_path, capsys):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "cassette.har").write_text("[]", encoding="utf-8")
    code = main(["--compare", str(COMMITTED), str(tmp_path / "broken")])
    assert code == 2
    assert "not a HAR log" in capsys.readouterr().err
    assert main(["--compare", str(COMMITTED), str(tmp_path / "absent")]) == 2
