"""Spec lint: prose versus schema, with general rules, on the upstream and on the bundle."""

from __future__ import annotations

import copy
import re

from seedance.drift import run_lint
from seedance.drift.lint import Finding, lint_spec
from seedance.spec import BUNDLE_PATH, OPENAPI_DIR, load_yaml_file, lookup


def _rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def test_the_published_spec_has_range_length_and_required_when_findings():
    findings = lint_spec(load_yaml_file(OPENAPI_DIR / "upstream.yaml"))
    assert _rules(findings) == {
        "prose-range-mismatch",
        "prose-length-without-bound",
        "prose-required-without-rule",
    }


def test_the_overlay_closes_the_length_and_required_when_findings_but_not_the_range_one():
    upstream = lint_spec(load_yaml_file(OPENAPI_DIR / "upstream.yaml"))
    bundle = lint_spec(load_yaml_file(BUNDLE_PATH))
    assert _rules(bundle) == {"prose-range-mismatch"}
    ranges = [f for f in upstream if f.rule == "prose-range-mismatch"]
    assert [(f.location, f.message) for f in bundle] == [(f.location, f.message) for f in ranges]


def test_the_range_finding_names_the_enum_values_the_prose_promises_but_the_enum_lacks():
    doc = load_yaml_file(OPENAPI_DIR / "upstream.yaml")
    findings = [
        f
        for f in lint_spec(doc)
        if f.rule == "prose-range-mismatch" and " but the enum lacks " in f.message
    ]
    assert findings, "the vendored upstream has no range-versus-enum finding"
    for finding in findings:
        node = lookup(doc, "#" + finding.location.rsplit("/", 1)[0])
        promised, lacking = finding.message.split(" but the enum lacks ")
        low, high = map(int, re.findall(r"-?\d+", promised))
        missing = [int(v) for v in lacking.split(", ")]
        assert missing == sorted(set(range(low, high + 1)) - {int(v) for v in node["enum"]})


def _doc(props: dict, required: list | None = None, union: bool = False) -> dict:
    schema = {"type": "object", "properties": props, "required": required or []}
    body = {"oneOf": [schema]} if union else schema
    return {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": body}}},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }


def test_a_range_in_prose_is_checked_against_bounds():
    good = _doc(
        {"n": {"type": "integer", "description": "Between 1 and 9.", "minimum": 1, "maximum": 9}}
    )
    bad = copy.deepcopy(good)
    bad["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"][
        "properties"
    ]["n"]["maximum"] = 8
    assert lint_spec(good) == []
    (finding,) = lint_spec(bad)
    assert finding.rule == "prose-range-mismatch"
    assert "maximum=8" in finding.message


def test_a_length_limit_in_prose_needs_the_matching_keyword():
    text = {"type": "string", "description": "A label of at most 20 characters."}
    items = {"type": "array", "items": {"type": "string"}, "description": "No more than 3 items."}
    assert _rules(lint_spec(_doc({"label": text, "tags": items}))) == {"prose-length-without-bound"}
    assert len(lint_spec(_doc({"label": text, "tags": items}))) == 2
    closed = _doc({"label": {**text, "maxLength": 20}, "tags": {**items, "maxItems": 3}})
    assert lint_spec(closed) == []


def test_required_when_prose_is_closed_by_a_required_entry_and_negations_are_ignored():
    props = {
        "kind": {"type": "string", "description": "`a` requires the `extra` field."},
        "extra": {"type": "string", "description": "Required when kind is a."},
        "other": {"type": "string", "description": "Not required when kind is a."},
    }
    open_findings = lint_spec(_doc(props))
    assert _rules(open_findings) == {"prose-required-without-rule"}
    assert {f.location.rsplit("/", 1)[1] for f in open_findings} == {"extra"}
    assert lint_spec(_doc(props, required=["extra"], union=True)) == []


def test_unreferenced_schemas_are_not_linted():
    doc = _doc({})
    doc["components"] = {
        "schemas": {"Orphan": {"type": "string", "description": "At most 5 characters."}}
    }
    assert lint_spec(doc) == []


def test_the_command_writes_the_report_and_exits_by_its_documented_rule(tmp_path, capsys):
    report = tmp_path / "spec-lint.md"
    assert run_lint(["--report", str(report)]) == 0
    assert "prose-range-mismatch" in report.read_text(encoding="utf-8")
    assert run_lint(["--report", str(report), "--strict"]) == 1
    assert run_lint(["--report", str(report), "--spec", str(tmp_path / "missing.yaml")]) == 2
    assert "seedance lint-spec:" in capsys.readouterr().err


def test_lint_spec_lints_every_vendored_page_on_its_own_and_groups_the_report_by_page(
    tmp_path, capsys
):
    from seedance.spec.pages import vendored_pages

    report = tmp_path / "lint.md"
    capsys.readouterr()
    assert run_lint(["--report", str(report)]) == 0
    printed = capsys.readouterr().out.splitlines()
    text = report.read_text(encoding="utf-8")
    pages = vendored_pages()
    assert len(pages) > 1
    for page in pages:
        expected = [
            f"{page.name}: {f.rule}: {f.location}: {f.message}" for f in lint_spec(page.document())
        ]
        assert [line for line in printed if line.startswith(f"{page.name}: ")] == expected
        assert f"## Page `{page.name}`" in text
        assert f"| `{page.name}` | {len(expected)} |" in text
    assert f"over {len(pages)} page(s)" in printed[-1]
