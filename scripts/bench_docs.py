"""The figures section of ``docs/benchmarks.md``, which ``make bench`` rewrites.

The page keeps its prose and history by hand; only what lies between the two markers is
replaced by the latest report, its headings moved below the page's own. A page without both
markers is refused rather than appended to, so a moved marker never duplicates the figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

__all__ = ["END", "PAGE", "START", "replace_figures", "write_figures"]

PAGE = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
START = "<!-- bench:figures:start -->"
END = "<!-- bench:figures:end -->"
#: The page's figures sit under a level-2 heading, so a report's ``#`` becomes ``###``.
_DEMOTE = 2
_HEADING = re.compile(r"^(#{1,6}) ")


def replace_figures(page: str, report: Sequence[str]) -> str:
    """``page`` with the text between :data:`START` and :data:`END` replaced by ``report``."""
    before, start, rest = page.partition(START)
    _, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError(f"the page lacks the markers {START} and {END} (in this order)")
    lines = [_demoted(line) for line in report]
    return f"{before}{START}\n" + "\n".join(lines).strip("\n") + f"\n{END}{after}"


def write_figures(report: Sequence[str], page: Path = PAGE) -> Path:
    """Rewrite the figures section of ``page`` with ``report``; returns the page."""
    page.write_text(replace_figures(page.read_text(encoding="utf-8"), report), encoding="utf-8")
    return page


def _demoted(line: str) -> str:
    match = _HEADING.match(line)
    if not match:
        return line
    level = min(len(match.group(1)) + _DEMOTE, 6)
    return "#" * level + line[match.end(1) :]
