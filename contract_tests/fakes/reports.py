"""Read what a harness run reported: the rows of ``summary.json`` and their verdicts.

``summary.json`` carries the constraint matrix, one row per check, each with a ``verdict``
(``pass``, ``violation``, ``not run``, ``network error``) and what it was about (``id``,
``operation``, ``field``, ``constraint``, ``case``, ``reason``).
"""

from __future__ import annotations

import re
from typing import Any

from seedance.contract.results import NETWORK_ERROR, NOT_RUN, PASS, VIOLATION

from .runner import HarnessRun

__all__ = [
    "ABOUT_KEYS",
    "NETWORK_ERROR",
    "NOT_RUN",
    "PASS",
    "VIOLATION",
    "brief",
    "md_matrix",
    "mentioning",
    "rows",
    "rows_with",
    "verdicts",
]

#: The row keys that say what a check was about.
ABOUT_KEYS = ("id", "operation", "group", "kind", "field", "constraint", "case", "reason")


def rows(run: HarnessRun) -> list[dict[str, Any]]:
    """Every row of the constraint matrix; fails with the run's output when there is none."""
    summary = run.summary
    assert isinstance(summary, dict), f"no summary.json object was written\n{run.describe()}"
    found = summary.get("results")
    assert isinstance(found, list), (
        f"summary.json has no 'results' list (keys: {sorted(summary)})\n{run.describe()}"
    )
    return [row for row in found if isinstance(row, dict)]


def rows_with(run: HarnessRun, verdict: str) -> list[dict[str, Any]]:
    """The rows whose verdict is ``verdict``."""
    return [row for row in rows(run) if str(row.get("verdict", "")).lower() == verdict]


def verdicts(run: HarnessRun) -> dict[str, int]:
    """How many rows have each verdict."""
    counts: dict[str, int] = {}
    for row in rows(run):
        verdict = str(row.get("verdict", ""))
        counts[verdict] = counts.get(verdict, 0) + 1
    return counts


#: A row of summary.md's constraint matrix:
#: | `id` | constraint | case | expected | observed | verdict |
_MD_ROW = re.compile(r"^\| `(?P<id>[^`]*)` \|.*\| (?P<verdict>[^|]*) \|$")


def md_matrix(run: HarnessRun) -> dict[str, str]:
    """The check ids listed in summary.md's constraint matrix, with the verdict shown for each."""
    listed: dict[str, str] = {}
    for line in run.summary_md.splitlines():
        match = _MD_ROW.match(line)
        if match:
            listed[match["id"].replace("\\|", "|")] = match["verdict"].strip()
    return listed


def _about(row: dict[str, Any]) -> str:
    return " ".join(str(row.get(key) or "") for key in ABOUT_KEYS).lower()


def mentioning(found: list[dict[str, Any]], token: str) -> list[dict[str, Any]]:
    """The rows whose description names ``token`` as a whole word (case-insensitive).

    Whole words, so that a field ``seed`` is not "named" by a model id containing "seedance".
    """
    pattern = re.compile(rf"(?<![a-z0-9_]){re.escape(token.lower())}(?![a-z0-9_])")
    return [row for row in found if pattern.search(_about(row))]


def brief(found: list[dict[str, Any]], limit: int = 15) -> str:
    """A few rows, one line each, for assertion messages."""
    lines = [
        f"  {row.get('verdict')}: {row.get('id')} | {row.get('operation')} | "
        f"{row.get('field')} | {row.get('constraint')} | {row.get('case')} | "
        f"expected {row.get('expected')} observed {row.get('observed')}"
        for row in found[:limit]
    ]
    if len(found) > limit:
        lines.append(f"  ... and {len(found) - limit} more")
    return "\n".join(lines) or "  (none)"
