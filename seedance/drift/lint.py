"""Spec lint: where a spec's prose promises something its schema does not say.

Rules are general patterns over descriptions, never field names of one spec:

- ``prose-range-mismatch``: a numeric range in prose (``"4" to "15"``, ``range [-1, 10]``,
  ``[4, 15] or set to -1``, ``between 1 and 5``) that the enum does not cover or the bounds
  do not match;
- ``prose-length-without-bound``: a length or count limit in prose (``not exceeding 64
  characters``, ``at most 3 items``) without the matching ``maxLength``/``minLength``/
  ``maxItems``/``minItems``;
- ``prose-required-without-rule``: "required when/if/for ..." on a property, or "X requires
  the `Y` field", where no schema rule requires it (the property is not in ``required`` of
  its object or of any member of the union the object belongs to).

Only schemas reachable from the operations are checked: a component nothing refers to is not
part of the contract. ``seedance lint-spec`` lints every vendored page (the lock's, each on
its own, the report grouped by page), or the one ``--spec`` given; it exits 0 with findings (it
reports), 1 with findings under ``--strict``, 2 when a spec cannot be read.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seedance.drift.pointer import MISSING, join, prose
from seedance.exitcode import ExitCode
from seedance.spec import LOCK_PATH, OPENAPI_DIR, SpecError, read_spec_source, resolve_ref
from seedance.spec.pages import vendored_pages
from seedance.spec.reach import Site, reachable

_NUM = r'["\'`]?(-?\d+(?:\.\d+)?)["\'`]?'
_RANGES = (
    re.compile(rf"{_NUM}\s+(?:to|through|-|\u2013)\s+{_NUM}", re.IGNORECASE),
    # an interval, with or without the word "range": "range [-1, 10]", "Supports [4, 15] or …"
    re.compile(
        r"(?:range\s*(?:of\s*)?)?[\[(]\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*[\])]",
        re.I,
    ),
    re.compile(rf"between\s+{_NUM}\s+and\s+{_NUM}", re.IGNORECASE),
)
_LIMIT = re.compile(
    r"(?P<verb>not\s+exceed(?:ing)?|exceed(?:ing)?|at\s+most|no\s+more\s+than|up\s+to|maximum(?:\s+of)?|"
    r"max(?:imum)?\s+length(?:\s+of)?|at\s+least|minimum(?:\s+of)?|no\s+(?:less|fewer)\s+than)"
    r"\s+(?P<n>\d+)\s+(?P<unit>characters?|chars?|items?|elements?|entries)",
    re.IGNORECASE,
)
_REQUIRED_WHEN = re.compile(
    r"(?<!not )(?<!Not )\brequired\s+(?:when|if|for|unless)\b", re.IGNORECASE
)
_REQUIRES_FIELD = re.compile(
    r"requires?\s+(?:the\s+|a\s+|an\s+)?`?([A-Za-z_][\w.-]*)`?\s+field", re.I
)
_ENUM_RANGE_LIMIT = 10_000


@dataclass(frozen=True)
class Finding:
    """One disagreement between prose and schema."""

    rule: str
    location: str
    message: str
    text: str


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _fmt(value: float | None) -> str:
    if value is None:
        return "unset"
    return str(int(value)) if value == int(value) else str(value)


def _range_findings(pointer: str, text: str, schema: dict[str, Any]) -> list[Finding]:
    findings = []
    for pattern in _RANGES:
        for match in pattern.finditer(text):
            lo, hi = _number(match.group(1)), _number(match.group(2))
            if lo is None or hi is None or lo >= hi:
                continue
            quoted = match.group(0)
            enum = schema.get("enum")
            if isinstance(enum, list):
                values = {_number(v) for v in enum} - {None}
                if hi - lo <= _ENUM_RANGE_LIMIT and lo == int(lo) and hi == int(hi):
                    missing = [v for v in range(int(lo), int(hi) + 1) if float(v) not in values]
                    if missing:
                        findings.append(
                            Finding(
                                "prose-range-mismatch",
                                join(pointer, "enum"),
                                f"the description says {quoted} but the enum lacks "
                                f"{', '.join(map(str, missing))}",
                                prose(text),
                            )
                        )
                continue
            low, high = _number(schema.get("minimum")), _number(schema.get("maximum"))
            if low != lo or high != hi:
                have = f"minimum={_fmt(low)}, maximum={_fmt(high)}"
                findings.append(
                    Finding(
                        "prose-range-mismatch",
                        pointer,
                        f"the description says {quoted} but the schema has {have}",
                        prose(text),
                    )
                )
    return findings


def _limit_findings(pointer: str, text: str, schema: dict[str, Any]) -> list[Finding]:
    findings = []
    for match in _LIMIT.finditer(text):
        verb, n, unit = (
            match.group("verb").lower(),
            int(match.group("n")),
            match.group("unit").lower(),
        )
        lower = verb.startswith(("at least", "minimum", "no less", "no fewer"))
        kind = "Length" if unit.startswith("char") else "Items"
        keyword = ("min" if lower else "max") + kind
        if schema.get(keyword) != n:
            have = schema.get(keyword, "no " + keyword)
            findings.append(
                Finding(
                    "prose-length-without-bound",
                    pointer,
                    f"the description says '{match.group(0)}' but the schema has {have}",
                    prose(text),
                )
            )
    return findings


def _family_requires(parent: Site, name: str) -> bool:
    if name in (parent.schema.get("required") or []):
        return True
    return any(name in (member.get("required") or []) for member in parent.union)


def _required_findings(parent: Site, name: str, pointer: str, text: str) -> list[Finding]:
    findings = []
    if _REQUIRED_WHEN.search(text) and not _family_requires(parent, name):
        findings.append(
            Finding(
                "prose-required-without-rule",
                pointer,
                f"the description makes '{name}' conditionally required but no schema rule "
                "(required, oneOf/anyOf member) requires it",
                prose(text),
            )
        )
    properties = parent.schema.get("properties") or {}
    for match in _REQUIRES_FIELD.finditer(text):
        other = match.group(1)
        if other in properties and not _family_requires(parent, other):
            findings.append(
                Finding(
                    "prose-required-without-rule",
                    join(parent.pointer, "properties", other),
                    f"the description of '{name}' says it requires the '{other}' field but no "
                    "schema rule requires it",
                    prose(text),
                )
            )
    return findings


def lint_spec(doc: dict[str, Any]) -> list[Finding]:
    """Every finding for ``doc``, sorted by location and rule."""
    reached = reachable(doc)
    findings: list[Finding] = []
    for node in reached.schemas.values():
        text = node.schema.get("description")
        if isinstance(text, str):
            findings += _range_findings(node.pointer, text, node.schema)
            findings += _limit_findings(node.pointer, text, node.schema)
        for name, raw in (node.schema.get("properties") or {}).items():
            prop = resolve_ref(doc, raw, MISSING)
            description = prop.get("description") if isinstance(prop, dict) else None
            if isinstance(description, str):
                pointer = join(node.pointer, "properties", name)
                findings += _required_findings(node, name, pointer, description)
    for pointer, param in reached.params:
        text, schema = param.get("description"), param.get("schema")
        if isinstance(text, str) and isinstance(schema, dict):
            resolved = resolve_ref(doc, schema, MISSING)
            if isinstance(resolved, dict):
                findings += _range_findings(pointer, text, resolved)
                findings += _limit_findings(pointer, text, resolved)
    unique = {(f.rule, f.location, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.location, f.rule, f.message))


def _findings_markdown(findings: list[Finding], heading: str) -> list[str]:
    lines: list[str] = []
    for rule in sorted({f.rule for f in findings}):
        lines += [f"{heading} {rule}", ""]
        for f in (f for f in findings if f.rule == rule):
            lines += [f"- `{f.location}`: {f.message}", f"  > {f.text}"]
        lines.append("")
    if not findings:
        lines += ["No disagreement found between descriptions and schema.", ""]
    return lines


def render_lint_markdown(origin: str, findings: list[Finding]) -> str:
    """The ``reports/spec-lint.md`` document for one spec."""
    lines = [
        "# Spec lint: prose versus schema",
        "",
        f"- Spec: `{origin}`",
        f"- Findings: {len(findings)}",
        "",
    ]
    return "\n".join(lines + _findings_markdown(findings, "##"))


def render_pages_markdown(linted: list[tuple[str, str, list[Finding]]]) -> str:
    """The ``reports/spec-lint.md`` document for every vendored page: ``(page, file,
    findings)`` each, one section per page."""
    total = sum(len(findings) for _, _, findings in linted)
    lines = [
        "# Spec lint: prose versus schema, page by page",
        "",
        f"- Pages: {len(linted)}",
        f"- Findings: {total}",
        "",
        "| page | findings |",
        "|---|---|",
        *[f"| `{page}` | {len(findings)} |" for page, _, findings in linted],
        "",
    ]
    for page, origin, findings in linted:
        lines += [f"## Page `{page}`", "", f"- Spec: `{origin}`", ""]
        lines += _findings_markdown(findings, "###")
    return "\n".join(lines)


def _targets(spec: str | None, lock: Path) -> list[tuple[str, str]]:
    """``(page, source)`` to lint: the one ``--spec``, else every vendored page."""
    if spec:
        return [("", spec)]
    pages = vendored_pages(lock)
    if not pages:
        return [("", str(OPENAPI_DIR / "upstream.yaml"))]
    return [(page.name, str(page.path)) for page in pages]


def main(argv: list[str] | None = None) -> int:
    """``seedance lint-spec``: lint the pages, write the report, return the exit code."""
    parser = argparse.ArgumentParser(
        prog="seedance lint-spec", description="Report where a spec's prose and schema disagree."
    )
    parser.add_argument(
        "--spec", help="path or URL of one spec (default: every vendored page, one by one)"
    )
    parser.add_argument("--lock", type=Path, default=LOCK_PATH, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, default=Path("reports") / "spec-lint.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when there are findings")
    args = parser.parse_args(argv)
    try:
        targets = _targets(args.spec, args.lock)
    except SpecError as exc:
        print(f"seedance lint-spec: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    linted: list[tuple[str, str, list[Finding]]] = []
    for page, origin in targets:
        try:
            doc = read_spec_source(origin).document
        except SpecError as exc:
            print(f"seedance lint-spec: {page + ': ' if page else ''}{exc}", file=sys.stderr)
            return ExitCode.USAGE
        linted.append((page, origin, lint_spec(doc)))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    if args.spec:
        text = render_lint_markdown(args.spec, linted[0][2])
    else:
        text = render_pages_markdown(linted)
    args.report.write_text(text, encoding="utf-8")
    total = 0
    for page, _, findings in linted:
        for f in findings:
            print(f"{page + ': ' if page else ''}{f.rule}: {f.location}: {f.message}")
        total += len(findings)
    where = f" over {len(linted)} page(s)" if not args.spec else ""
    print(f"seedance lint-spec: {total} finding(s){where}; report in {args.report}")
    return ExitCode.FAILED if total and args.strict else ExitCode.OK
