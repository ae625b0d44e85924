"""Reports: curl lines never carry the key; summary.json, summary.md and junit.xml agree."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import httpx

from seedance.contract.curl import curl_line
from seedance.contract.report import RunInfo, write_reports
from seedance.contract.results import (
    NETWORK_ERROR,
    NOT_RUN,
    PASS,
    VIOLATION,
    Check,
    CheckResult,
    Group,
    Recorder,
    Verdict,
)
from seedance.contract.run import exit_code
from seedance.contract.session import find_roles
from seedance.contract.transport import Budget, Sender
from seedance.spec import load_bundle, operations

SECRET = "sk-very-secret-key-0123456789"


def test_curl_lines_show_the_variable_never_the_key():
    line = curl_line(
        "POST",
        "http://t.test/v1/videos",
        {"Authorization": f"Bearer {SECRET}", "Content-Type": "application/json"},
        b'{"note": "' + SECRET.encode() + b'"}',
        secret=SECRET,
    )
    assert SECRET not in line
    assert '"Authorization: Bearer $SEEDANCE_API_KEY"' in line
    assert "<redacted>" in line
    assert line.startswith("curl ")


def test_recorded_exchanges_reproduce_without_the_key():
    ops = operations(load_bundle())
    create = find_roles(ops).create

    def _answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"code": "invalid_request", "message": "no"})

    sender = Sender("http://t.test", SECRET, ops, Budget(0), transport=httpx.MockTransport(_answer))
    exchange = sender.send(
        create.method, create.path, json_body={"model": "x"}, expect_accept=False
    )
    assert SECRET not in exchange.curl()
    assert SECRET not in json.dumps(exchange.request_headers)
    assert "$SEEDANCE_API_KEY" in exchange.curl()


def _row(verdict: Verdict, n: int) -> CheckResult:
    check = Check(
        id=f"check-{n}",
        group=Group.REQUEST,
        kind="enum",
        field="size",
        constraint="enum",
        case=f"size=value-{n} with {SECRET}",
        expected="400",
    )
    return check.row(
        verdict,
        observed="200" if verdict == VIOLATION else "400",
        reason=f"reason {n}",
        curl=f"curl -H 'Authorization: Bearer {SECRET}'" if verdict == VIOLATION else None,
        doc_gap="likely documentation gap" if verdict == VIOLATION else None,
    )


def _recorder() -> Recorder:
    recorder = Recorder()
    for n, verdict in enumerate([PASS, VIOLATION, NOT_RUN, NETWORK_ERROR]):
        recorder.add(_row(verdict, n))
    return recorder


def _info(code: int) -> RunInfo:
    return RunInfo("server", "http://t.test", "3", 2, 0, "combined", 3, 1.5, code)


def test_reports_carry_the_matrix_and_never_the_key(tmp_path, monkeypatch):
    step_summary = tmp_path / "step.md"
    step_summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    recorder = _recorder()
    write_reports(tmp_path / "r", _info(1), recorder, secret=SECRET)
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["counts"] == {PASS: 1, VIOLATION: 1, NOT_RUN: 1, NETWORK_ERROR: 1}
    assert summary["budget"] == {
        "max_billable": "3",
        "billed": 2,
        "unexpected_charges": 0,
        "plan_mode": "combined",
        "planned_requests": 3,
    }
    assert summary["exit_code"] == 1
    row = summary["results"][1]
    assert (row["id"], row["verdict"], row["expected"], row["observed"]) == (
        "check-1",
        VIOLATION,
        "400",
        "200",
    )
    assert row["case"] == "size=value-1 with <redacted>"
    assert row["curl"] == "curl -H 'Authorization: Bearer <redacted>'"
    assert row["doc_gap"] == "likely documentation gap"
    assert summary["results"][0]["curl"] is None
    junit = ET.parse(tmp_path / "r" / "junit.xml").getroot()
    suite = junit.find("testsuite")
    assert suite is not None
    assert (
        suite.get("tests"),
        suite.get("failures"),
        suite.get("skipped"),
        suite.get("errors"),
    ) == ("4", "1", "1", "1")
    markdown = (tmp_path / "r" / "summary.md").read_text()
    assert "## Violations" in markdown
    assert "likely documentation gap" in markdown
    assert step_summary.read_text().startswith("earlier step\n# Contract test")
    for name in ("summary.json", "summary.md", "junit.xml"):
        assert SECRET not in (tmp_path / "r" / name).read_text()


def test_exit_code_is_1_for_violations_3_for_network_errors_only_and_0_otherwise():
    assert exit_code(_recorder()) == 1
    only_network = Recorder()
    only_network.add(_row(NETWORK_ERROR, 1))
    only_network.add(_row(PASS, 2))
    assert exit_code(only_network) == 3
    clean = Recorder()
    clean.add(_row(PASS, 1))
    clean.add(_row(NOT_RUN, 2))
    assert exit_code(clean) == 0
