"""Render a :class:`DriftResult` as text, Markdown, JSON or GitHub annotations; write reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from seedance.drift.model import Change, DriftResult
from seedance.drift.pointer import short
from seedance.drift.summarise import MAX_PER_KIND


def _summary(result: DriftResult) -> str:
    if result.error:
        return f"UPSTREAM UNREADABLE: {result.error} (nothing was compared; this is not a pass)"
    counts = result.counts()
    ignored = sum(1 for c in result.changes if c.ignored)
    suffix = f", {ignored} ignored" if ignored else ""
    listed = len(result.active)
    total = listed + sum(result.omitted.values())
    if not total:
        return f"no drift: the published spec matches the vendored one{suffix}"
    return (
        f"{total} change(s){f' ({listed} listed)' if total != listed else ''}: "
        f"{counts['error']} error, {counts['warning']} warning, "
        f"{counts['info']} info{suffix}; top level: {result.top_level()}"
    )


def _omitted_lines(result: DriftResult) -> list[str]:
    return [
        f"... and {count} more {check_id} change(s), counted but not listed "
        f"(at most {MAX_PER_KIND} are listed per kind)"
        for check_id, count in sorted(result.omitted.items())
    ]


def _client_lines(client: dict[str, Any]) -> list[str]:
    if not client.get("checked"):
        return [f"not checked: {client.get('reason', 'unknown')}"]
    if not client.get("changed"):
        return [
            "unchanged: the generated client keeps every module, function, model field and literal"
        ]
    lines = []
    for item in client["differences"]:
        old, new = item["old"], item["new"]
        if old is not None and new is not None:
            detail = f": {old} -> {new}"
        elif old is not None or new is not None:
            detail = f": {old if new is None else new}"
        else:
            detail = ""
        lines.append(f"{item['kind']}: {item['name']}{detail}")
    return lines


def _impact_lines(impact: dict[str, Any]) -> list[tuple[str, list[str]]]:
    if not impact:
        return []
    overlay = impact.get("overlay", {})
    overlay_lines = (
        [
            f"applies: all {overlay.get('actions', 0)} actions of openapi/overlay.yaml "
            "match the published spec"
        ]
        if overlay.get("applies")
        else [f"DOES NOT APPLY: {overlay.get('error')}"]
    )
    bundle = impact.get("bundle", {})
    if bundle and not bundle.get("builds") and overlay.get("applies"):
        overlay_lines.append(f"the bundle does not build: {bundle.get('error')}")
    for item in impact.get("overrides") or []:
        overlay_lines.append(
            f"now overrides a published value at {item['pointer']} (action #{item['action']}): "
            f"the publisher says {short(item['published'])}, the bundle keeps "
            f"{short(item['ours'])}"
        )
    sections = [("Overlay (openapi/overlay.yaml)", overlay_lines)]
    if "client" in impact:
        sections.append(("Generated client public surface", _client_lines(impact["client"])))
    return sections


def render_text(result: DriftResult) -> str:
    """Plain text for a terminal."""
    lines = [
        f"spec drift: {result.upstream} vs {result.vendored}",
        f"  {_summary(result)}",
    ]
    for change in result.changes:
        mark = " [ignored]" if change.ignored else ""
        lines.append(f"  {change.level.upper():7} {change.id}{mark}")
        lines.append(f"          at {change.location}")
        if change.component:
            lines.append(f"          component {change.component}")
        lines.append(f"          {change.message}")
        if change.ignored:
            lines.append(f"          accepted: {change.ignore_reason}")
    lines.extend(f"  {line}" for line in _omitted_lines(result))
    for title, body in _impact_lines(result.impact):
        lines.append(f"  what it means for us - {title}:")
        lines.extend(f"    - {line}" for line in body)
    return "\n".join(lines) + "\n"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(changes: list[Change]) -> list[str]:
    rows = [
        "| level | id | operation | location | change |",
        "|---|---|---|---|---|",
    ]
    for c in changes:
        where = f"`{c.location}`" + (f"<br>component `{c.component}`" if c.component else "")
        rows.append(
            f"| {c.level} | `{c.id}` | {_cell(c.operation or '-')} | {_cell(where)} | "
            f"{_cell(c.message)} |"
        )
    return rows


def render_markdown(result: DriftResult) -> str:
    """The ``reports/drift.md`` document."""
    lines = [
        "# Spec drift report",
        "",
        f"- Published (upstream): `{result.upstream}`",
        f"- Vendored: `{result.vendored}`",
        f"- Result: {_summary(result)}",
        "",
    ]
    if result.active:
        lines += ["## Changes", "", *_table(result.active), ""]
    if result.omitted:
        lines += [*[f"- {line}" for line in _omitted_lines(result)], ""]
    ignored = [c for c in result.changes if c.ignored]
    if ignored:
        lines += ["## Accepted changes (openapi/drift-ignore.yaml)", "", *_table(ignored), ""]
        lines += [f"- `{c.id}` at `{c.location}`: {_cell(c.ignore_reason)}" for c in ignored]
        lines.append("")
    sections = _impact_lines(result.impact)
    if sections:
        lines += ["## What it means for us", ""]
        for title, body in sections:
            lines += [f"### {title}", "", *[f"- {_cell(line)}" for line in body], ""]
    return "\n".join(lines)


def render_json(result: DriftResult) -> str:
    """The ``reports/drift.json`` document."""
    return json.dumps(result.as_dict(), indent=2, sort_keys=False, default=str) + "\n"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(result: DriftResult) -> str:
    """GitHub Actions workflow commands: one annotation per active change, then a summary."""
    command = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    if result.error:
        lines.append(f"::error title=spec drift: upstream unreadable::{_escape(result.error)}")
    for change in result.active:
        title = _escape(f"{change.id} at {change.location}").replace(",", "%2C").replace(":", "%3A")
        lines.append(f"::{command[change.level]} title={title}::{_escape(change.message)}")
    lines.extend(
        f"::notice title=spec drift: summarised::{line}" for line in _omitted_lines(result)
    )
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


RENDERERS = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
}


def write_reports(result: DriftResult, directory: Path) -> tuple[Path, Path]:
    """Write ``drift.json`` and ``drift.md`` into ``directory``; return both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "drift.json", directory / "drift.md"
    json_path.write_text(render_json(result), encoding="utf-8")
    md_path.write_text(render_markdown(result), encoding="utf-8")
    return json_path, md_path
