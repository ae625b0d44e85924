"""The fenced code blocks of the README and of docs/, and the shell commands inside them.

A block is ```` ```python ````, ```` ```sh ```` or ```` ```yaml ````; the tests refuse any other
kind, so every block is one the suite checks. A shell block is read as bash would read it:
lines joined at a trailing backslash, heredocs kept as data, ``NAME=value`` prefixes and
``NAME=$(…)`` captures unwrapped, pipelines split into their commands.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
README = REPO_ROOT / "README.md"
DOCUMENTS = (README, *sorted((REPO_ROOT / "docs").glob("*.md")))
#: The address and key of the mock the README and docs start (`seedance mock --port 4010`);
#: the tests substitute the address of the mock they start, nothing else.
MOCK_URL = "http://127.0.0.1:4010"
MOCK_KEY = "sk-mock"

_FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
_HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")
_CAPTURE = re.compile(r"^(\w+)=\$\((.*)\)$", re.S)
_ASSIGNMENT = re.compile(r"^\w+=")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its language and its text."""

    path: Path
    line: int
    language: str
    text: str
    section: str

    @property
    def name(self) -> str:
        """``README.md:42`` or ``docs/sdk.md:10``: where a reader finds it."""
        return f"{self.path.relative_to(REPO_ROOT)}:{self.line}"

    def commands(self) -> list[Command]:
        """The commands of a shell block, in order."""
        return commands_of(self.text)


@dataclass(frozen=True)
class Command:
    """One simple command: its words, with any ``NAME=value`` prefix removed."""

    words: tuple[str, ...]

    @property
    def program(self) -> str:
        """The program's name (``.venv/bin/seedance`` is ``seedance``)."""
        return Path(self.words[0]).name if self.words else ""

    def __str__(self) -> str:
        return shlex.join(self.words)


def blocks(path: Path) -> list[Block]:
    """Every fenced block of ``path``."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        before = text[: match.start()]
        headings = re.findall(r"^#{1,6} (.+)$", before, re.M)
        found.append(
            Block(
                path=path,
                line=before.count("\n") + 1,
                language=match.group(1),
                text=match.group(2),
                section=headings[-1] if headings else "",
            )
        )
    return found


def all_blocks() -> list[Block]:
    """Every fenced block of the README and of docs/."""
    return [block for path in DOCUMENTS for block in blocks(path)]


def _logical_lines(text: str) -> list[str]:
    lines, pending, heredoc = [], "", None
    for raw in text.splitlines():
        if heredoc is not None:
            if raw.strip() == heredoc:
                heredoc = None
            continue
        if raw.endswith("\\"):
            pending += raw[:-1] + " "
            continue
        line = (pending + raw).strip()
        pending = ""
        if match := _HEREDOC.search(line):
            heredoc = match.group(1)
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def commands_of(text: str) -> list[Command]:
    """The simple commands of a shell script, in order."""
    found = []
    for line in _logical_lines(text):
        captured = _CAPTURE.match(line)
        words = shlex.split(captured.group(2) if captured else line, comments=True)
        segment: list[str] = []
        for word in [*words, "|"]:
            if word in ("|", "&&", "||", ";"):
                while segment and _ASSIGNMENT.match(segment[0]):
                    segment.pop(0)
                if segment:
                    found.append(Command(tuple(segment)))
                segment = []
            else:
                segment.append(word)
    return found
