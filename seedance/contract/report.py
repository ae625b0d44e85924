"""Reports of a run: junit.xml, summary.json, summary.md (also appended to
``$GITHUB_STEP_SUMMARY``) and a short summary on the terminal."""

from __future__ import annotations

import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from seedance.contract.results import (
    NETWORK_ERROR,
    NOT_RUN,
    PASS,
    VERDICTS,
    VIOLATION,
    CheckResult,
    Recorder,
)
from seedance.reading import redact

SUMMARY_SCHEMA_VERSION = 1
#: Row fields that may quote what the target or the request said (and so a key).


@dataclass
class RunInfo:
    """What the run was pointed at and what it spent."""

    target: str
    base_url: str
    budget: str
    billed: int
    unexpected_charges: int
    plan_mode: str
    planned_requests: int
    duration_seconds: float
    exit_code: int
    notes: list[str] = field(default_factory=list)


#: What a row of the endpoint's own checks (not-found, auth, schemathesis) is grouped under.
_ENDPOINT = ("", "")


def by_page(recorder: Recorder) -> dict[tuple[str, str], dict[str, int]]:
    """Verdict counts per (model, mode), in the order the rows came (``("", "")``: the
    endpoint's own checks)."""
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for row in recorder.results:
        counts = groups.setdefault((row.model, row.mode), dict.fromkeys(VERDICTS, 0))
        counts[row.verdict] += 1
    return groups


def _page_label(key: tuple[str, str]) -> str:
    return f"{key[0]} {key[1]}" if key != _ENDPOINT else "the endpoint (not-found, auth, …)"


def summary_data(info: RunInfo, recorder: Recorder) -> dict[str, Any]:
    """The content of summary.json."""
    return {
        "schema_version": SUMMARY_SCHEMA_VERSION,
        "target": info.target,
        "base_url": info.base_url,
        "budget": {
            "max_billable": info.budget,
            "billed": info.billed,
            "unexpected_charges": info.unexpected_charges,
            "plan_mode": info.plan_mode,
            "planned_requests": info.planned_requests,
        },
        "duration_seconds": round(info.duration_seconds, 2),
        "exit_code": info.exit_code,
        "counts": recorder.counts(),
        "notes": info.notes,
        "results": [r.as_dict() for r in recorder.results],
        "pages": [
            {"model": model, "mode": mode, "counts": counts}
            for (model, mode), counts in by_page(recorder).items()
        ],
    }


def _md_cell(text: str | None, limit: int = 160) -> str:
    value = (text or "").replace("|", "\\|").replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def summary_markdown(info: RunInfo, recorder: Recorder) -> str:
    """The content of summary.md."""
    counts = recorder.counts()
    verdict = (
        "no contract violation"
        if counts[VIOLATION] == 0
        else f"{counts[VIOLATION]} contract violation(s)"
    )
    lines = [
        f"# Contract test: {verdict}",
        "",
        f"- target: {info.target} ({info.base_url})",
        f"- checks: {counts[PASS]} pass, {counts[VIOLATION]} violation, {counts[NOT_RUN]} not run, "
        f"{counts[NETWORK_ERROR]} network error",
        f"- billable requests: {info.billed} billed of MAX_BILLABLE={info.budget}"
        + (
            f" ({info.unexpected_charges} billed although they should have been refused)"
            if info.unexpected_charges
            else ""
        )
        + f"; plan: {info.planned_requests} request(s), {info.plan_mode}",
        f"- duration: {info.duration_seconds:.1f} s; exit code {info.exit_code}",
    ]
    lines += [f"- {note}" for note in info.notes]
    pages = by_page(recorder)
    lines += [
        "",
        "## By model and mode",
        "",
        "| model | mode | pass | violation | not run | network error |",
        "|---|---|---|---|---|---|",
    ]
    for (model, mode), page_counts in pages.items():
        lines.append(
            f"| {model or 'the endpoint'} | {mode or '(not-found, lifecycle, auth, …)'} | "
            f"{page_counts[PASS]} | {page_counts[VIOLATION]} | {page_counts[NOT_RUN]} | "
            f"{page_counts[NETWORK_ERROR]} |"
        )
    violations = recorder.by_verdict(VIOLATION)
    if violations:
        lines += ["", "## Violations", ""]
        for row in violations:
            lines.append(f"### `{row.id}`")
            lines.append("")
            if row.model:
                lines.append(f"- model and mode: {row.model} {row.mode}")
            lines.append(f"- constraint: {row.constraint} ({row.field or row.group})")
            lines.append(f"- case: {row.case}")
            lines.append(f"- expected {row.expected}, observed {row.observed}")
            lines.append(f"- {row.reason}")
            if row.doc_gap:
                lines.append(f"- {row.doc_gap}")
            if row.curl:
                lines += ["", "```sh", row.curl, "```"]
            lines.append("")
    not_run = recorder.by_verdict(NOT_RUN)
    if not_run:
        lines += ["", "## Not run", ""]
        reasons: dict[str, list[str]] = {}
        for row in not_run:
            reasons.setdefault(row.reason, []).append(row.id)
        for reason, ids in reasons.items():
            shown = ", ".join(f"`{i}`" for i in ids[:30]) + (
                f" and {len(ids) - 30} more" if len(ids) > 30 else ""
            )
            lines.append(f"- {reason}: {shown}")
    network = recorder.by_verdict(NETWORK_ERROR)
    if network:
        lines += ["", "## Network errors (not contract violations)", ""]
        lines += [f"- `{row.id}`: {row.reason}" for row in network[:50]]
    lines += ["", "## Constraint matrix"]
    for key in pages:
        lines += [
            "",
            f"### {_page_label(key)}",
            "",
            "| check | constraint | case | expected | observed | verdict |",
            "|---|---|---|---|---|---|",
        ]
        for row in recorder.results:
            if (row.model, row.mode) != key:
                continue
            lines.append(
                f"| `{_md_cell(row.id, 200)}` | {_md_cell(row.constraint, 60)} | "
                f"{_md_cell(row.case, 90)} | {_md_cell(row.expected, 40)} | "
                f"{_md_cell(row.observed, 20)} | {row.verdict} |"
            )
    return "\n".join(lines) + "\n"


def junit_xml(info: RunInfo, recorder: Recorder) -> str:
    """A JUnit XML document: one testcase per row."""
    counts = recorder.counts()
    suite = ET.Element(
        "testsuite",
        name="contract",
        tests=str(len(recorder.results)),
        failures=str(counts[VIOLATION]),
        errors=str(counts[NETWORK_ERROR]),
        skipped=str(counts[NOT_RUN]),
        time=f"{info.duration_seconds:.3f}",
    )
    for row in recorder.results:
        page = f".{row.model}.{row.mode}" if row.model else ""
        case = ET.SubElement(
            suite, "testcase", classname=f"contract.{row.group}{page}", name=row.id
        )
        detail = (
            f"{row.constraint}\ncase: {row.case}\nexpected {row.expected}, observed {row.observed}"
        )
        if row.verdict == VIOLATION:
            failure = ET.SubElement(case, "failure", message=row.reason[:500])
            failure.text = (
                detail
                + f"\n{row.reason}"
                + (f"\n{row.doc_gap}" if row.doc_gap else "")
                + (f"\n{row.curl}" if row.curl else "")
            )
        elif row.verdict == NOT_RUN:
            ET.SubElement(case, "skipped", message=row.reason[:500])
        elif row.verdict == NETWORK_ERROR:
            error = ET.SubElement(case, "error", message=row.reason[:500])
            error.text = detail
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def redacted_copy(recorder: Recorder, secret: str | None) -> Recorder:
    """A copy of the rows with ``secret`` replaced in every text field."""
    if not secret:
        return recorder
    copy = Recorder()
    for row in recorder.results:
        copy.results.append(
            dataclasses.replace(
                row,
                case=redact(row.case, secret),
                observed=redact(row.observed, secret),
                reason=redact(row.reason, secret),
                curl=None if row.curl is None else redact(row.curl, secret),
                doc_gap=None if row.doc_gap is None else redact(row.doc_gap, secret),
            )
        )
    return copy


def write_reports(
    report_dir: Path, info: RunInfo, recorder: Recorder, *, secret: str | None
) -> list[Path]:
    """Write junit.xml, summary.json and summary.md (the key redacted everywhere)."""
    report_dir.mkdir(parents=True, exist_ok=True)
    recorder = redacted_copy(recorder, secret)
    markdown = redact(summary_markdown(info, recorder), secret)
    files = {
        "junit.xml": junit_xml(info, recorder),
        "summary.json": redact(
            json.dumps(summary_data(info, recorder), indent=2, ensure_ascii=False), secret
        )
        + "\n",
        "summary.md": markdown,
    }
    written = []
    for name, text in files.items():
        path = report_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with Path(step_summary).open("a", encoding="utf-8") as handle:
            handle.write(markdown)
    return written


def print_summary(console: Console, info: RunInfo, recorder: Recorder, report_dir: Path) -> None:
    """A short readable summary: totals, then each violation with its reproduction."""
    counts = recorder.counts()
    violations: list[CheckResult] = recorder.by_verdict(VIOLATION)
    if violations:
        table = Table(title=f"{len(violations)} contract violation(s)", show_lines=False)
        table.add_column("model and mode", overflow="fold")
        table.add_column("check", overflow="fold")
        table.add_column("expected")
        table.add_column("observed")
        table.add_column("why", overflow="fold")
        for row in violations[:40]:
            table.add_row(
                f"{row.model} {row.mode}".strip() or "-",
                row.id,
                row.expected,
                row.observed,
                (row.doc_gap + "; " if row.doc_gap else "") + row.reason[:300],
            )
        console.print(table)
        if len(violations) > 40:
            console.print(f"… and {len(violations) - 40} more in {report_dir / 'summary.md'}")
        first = next((r for r in violations if r.curl), None)
        if first is not None:
            console.print("reproduce the first one:", style="bold")
            console.print(first.curl, markup=False, soft_wrap=True)
    not_run = recorder.by_verdict(NOT_RUN)
    if not_run:
        reasons: dict[str, int] = {}
        for row in not_run:
            reasons[row.reason] = reasons.get(row.reason, 0) + 1
        console.print("not run:", style="bold yellow")
        for reason, n in list(reasons.items())[:10]:
            console.print(f"  {n} check(s): {reason}", markup=False)
    if counts[NETWORK_ERROR]:
        console.print(
            f"{counts[NETWORK_ERROR]} network error(s) (not contract violations)", style="bold red"
        )
    pages = by_page(recorder)
    if len(pages) > 1:
        for key, page_counts in pages.items():
            console.print(
                f"  {_page_label(key)}: {page_counts[PASS]} pass, {page_counts[VIOLATION]} "
                f"violation, {page_counts[NOT_RUN]} not run",
                markup=False,
            )
    for note in info.notes:
        console.print(note, markup=False)
    style = "bold green" if counts[VIOLATION] == 0 and counts[NETWORK_ERROR] == 0 else "bold red"
    console.print(
        f"{info.target} {info.base_url}: {counts[PASS]} pass, {counts[VIOLATION]} violation, "
        f"{counts[NOT_RUN]} not run, {counts[NETWORK_ERROR]} network error; "
        f"billed {info.billed} of {info.budget}; {info.duration_seconds:.1f} s; "
        f"reports in {report_dir}/ (exit {info.exit_code})",
        style=style,
        markup=False,
    )
