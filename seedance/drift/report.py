"""Render a drift run as text, Markdown, JSON or GitHub annotations, grouped by page; write
the reports. Each renderer takes the whole family (:class:`FamilyResult`) or one page's
comparison (:class:`DriftResult`, rendered as a family of one)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from seedance.drift.model import Change, DriftResult, FamilyResult
from seedance.drift.pointer import short
from seedance.drift.summarise import MAX_PER_KIND

Result = DriftResult | FamilyResult


def _family(result: Result) -> FamilyResult:
    return result if isinstance(result, FamilyResult) else FamilyResult.of(result)


def _summary(result: Result) -> str:
    errors = result.errors if isinstance(result, FamilyResult) else [result.error]
    errors = [e for e in errors if e]
    if errors:
        what = "; ".join(errors)
        if isinstance(result, FamilyResult) and result.pages and not result.error:
            return (
                f"UPSTREAM UNREADABLE: {what} (those pages were not compared; this is not a "
                f"pass); the others: {_counts(result)}"
            )
        return f"UPSTREAM UNREADABLE: {what} (nothing was compared; this is not a pass)"
    return _counts(result)


def _counts(result: Result) -> str:
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


def _omitted_lines(result: Result) -> list[str]:
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


def _change_lines(change: Change) -> list[str]:
    mark = " [ignored]" if change.ignored else ""
    lines = [f"  {change.level.upper():7} {change.id}{mark}", f"          at {change.location}"]
    if change.component:
        lines.append(f"          component {change.component}")
    lines.append(f"          {change.message}")
    if change.ignored:
        lines.append(f"          accepted: {change.ignore_reason}")
    return lines


def render_text(result: Result) -> str:
    """Plain text for a terminal: the family's summary, then each page with anything to say."""
    family = _family(result)
    lines = [
        f"spec drift: {family.upstream} vs {family.vendored}",
        f"  {_summary(family)}",
    ]
    for page in family.pages:
        if not (page.changes or page.error or page.notes or page.omitted or page.impact):
            continue
        lines.append(f"page {page.page or '(unnamed)'}: {page.upstream} vs {page.vendored}")
        lines.append(f"  {_summary(page)}")
        for change in page.changes:
            lines.extend(_change_lines(change))
        lines.extend(f"  {line}" for line in _omitted_lines(page))
        lines.extend(f"  note: {note}" for note in page.notes)
        for title, body in _impact_lines(page.impact):
            lines.append(f"  what it means for us - {title}:")
            lines.extend(f"    - {line}" for line in body)
    quiet = [p.page for p in family.pages if not (p.changes or p.error or p.omitted)]
    if quiet and len(family.pages) > 1:
        lines.append(f"in sync: {len(quiet)} page(s): {', '.join(quiet)}")
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


def _page_markdown(page: DriftResult) -> list[str]:
    lines = [
        f"## Page `{page.page or '(unnamed)'}`",
        "",
        f"- Published: `{page.upstream}`",
        f"- Vendored: `{page.vendored}`",
        f"- Result: {_summary(page)}",
        *[f"- Not drift: {_cell(note)}" for note in page.notes],
        "",
    ]
    if page.active:
        lines += ["### Changes", "", *_table(page.active), ""]
    if page.omitted:
        lines += [*[f"- {line}" for line in _omitted_lines(page)], ""]
    ignored = [c for c in page.changes if c.ignored]
    if ignored:
        lines += ["### Accepted changes (openapi/drift-ignore.yaml)", "", *_table(ignored), ""]
        lines += [f"- `{c.id}` at `{c.location}`: {_cell(c.ignore_reason)}" for c in ignored]
        lines.append("")
    sections = _impact_lines(page.impact)
    if sections:
        lines += ["### What it means for us", ""]
        for title, body in sections:
            lines += [f"#### {title}", "", *[f"- {_cell(line)}" for line in body], ""]
    return lines


def render_markdown(result: Result) -> str:
    """The ``reports/drift.md`` document: the family's summary, a table of pages, then one
    section per page with anything to say."""
    family = _family(result)
    lines = [
        "# Spec drift report",
        "",
        f"- Published (upstream): `{family.upstream}`",
        f"- Vendored: `{family.vendored}`",
        f"- Result: {_summary(family)}",
        "",
    ]
    if family.pages:
        lines += ["| page | error | warning | info | note |", "|---|---|---|---|---|"]
        for page in family.pages:
            counts = page.counts()
            note = "unreadable" if page.error else ("; ".join(page.notes) or "")
            lines.append(
                f"| `{page.page}` | {counts['error']} | {counts['warning']} | {counts['info']} | "
                f"{_cell(note)} |"
            )
        lines.append("")
    for page in family.pages:
        if page.changes or page.error or page.notes or page.omitted or page.impact:
            lines += _page_markdown(page)
    return "\n".join(lines)


def render_json(result: Result) -> str:
    """The ``reports/drift.json`` document (:meth:`FamilyResult.as_dict`)."""
    return json.dumps(_family(result).as_dict(), indent=2, sort_keys=False, default=str) + "\n"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(result: Result) -> str:
    """GitHub Actions workflow commands: one annotation per active change, its title naming
    its page, then a summary."""
    family = _family(result)
    command = {"error": "error", "warning": "warning", "info": "notice"}
    lines = [
        f"::error title=spec drift: upstream unreadable::{_escape(error)}"
        for error in family.errors
    ]
    for change in family.active:
        page = f"{change.page}: " if change.page else ""
        title = _escape(f"{page}{change.id} at {change.location}")
        title = title.replace(",", "%2C").replace(":", "%3A")
        lines.append(f"::{command[change.level]} title={title}::{_escape(page + change.message)}")
    lines.extend(
        f"::notice title=spec drift: summarised::{line}" for line in _omitted_lines(family)
    )
    lines.append(_summary(family))
    return "\n".join(lines) + "\n"


RENDERERS = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
}


def write_reports(result: Result, directory: Path) -> tuple[Path, Path]:
    """Write ``drift.json`` and ``drift.md`` into ``directory``; return both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "drift.json", directory / "drift.md"
    json_path.write_text(render_json(result), encoding="utf-8")
    md_path.write_text(render_markdown(result), encoding="utf-8")
    return json_path, md_path
