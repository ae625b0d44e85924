"""Run the harness CLI as a user would (``python -m seedance.contract``) and collect what it left.

Only the documented interface is used: environment variables, the exit code, stdout/stderr and
the files in ``REPORT_DIR`` (``summary.json``, ``summary.md``, ``junit.xml``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seedance.contract import ENVIRONMENT_VARIABLES

__all__ = [
    "DEADLINE_ENV",
    "REPO_ROOT",
    "HarnessRun",
    "run_harness",
]

REPO_ROOT = Path(__file__).resolve().parents[2]

#: How the harness is told its lifecycle deadline (seconds).
DEADLINE_ENV = "DEADLINE"

#: Variables that steer a run, cleared so the caller's environment cannot leak into one: every
#: variable the CLI reads (its own list), plus the ones the reports and the mock read.
_HARNESS_ENV = frozenset(
    {*ENVIRONMENT_VARIABLES, DEADLINE_ENV, "GITHUB_STEP_SUMMARY", "MOCK_TASK_SECONDS"}
)


@dataclass(frozen=True)
class HarnessRun:
    """One finished harness run."""

    args: tuple[str, ...]
    env: dict[str, str]
    returncode: int
    stdout: str
    stderr: str
    report_dir: Path
    seconds: float

    def file_text(self, name: str) -> str:
        """A report file's text, or '' when the harness did not write it."""
        path = self.report_dir / name
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    @property
    def summary_md(self) -> str:
        return self.file_text("summary.md")

    @property
    def summary(self) -> Any:
        """``summary.json`` parsed (``None`` when absent)."""
        text = self.file_text("summary.json")
        return json.loads(text) if text else None

    @property
    def junit(self) -> str:
        return self.file_text("junit.xml")

    def everything_written(self) -> str:
        """stdout, stderr and every file under the report directory."""
        parts = [self.stdout, self.stderr]
        if self.report_dir.is_dir():
            for path in sorted(self.report_dir.rglob("*")):
                if path.is_file():
                    parts.append(path.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(parts)

    def describe(self) -> str:
        """For assertion messages: how to reproduce, what came back."""
        shown = " ".join(
            f"{k}={'<redacted>' if 'KEY' in k else v}" for k, v in sorted(self.env.items())
        )
        return (
            f"`{shown} {' '.join(self.args)}` exited {self.returncode} after {self.seconds:.1f}s\n"
            f"--- stdout (tail) ---\n{self.stdout[-3000:]}\n"
            f"--- stderr (tail) ---\n{self.stderr[-3000:]}"
        )


def run_harness(
    report_dir: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 170.0,
) -> HarnessRun:
    """Run ``python -m seedance.contract`` with ``env`` (plus REPORT_DIR) from the repo root."""
    given = {"REPORT_DIR": str(report_dir), **(env or {})}
    full_env = {k: v for k, v in os.environ.items() if k not in _HARNESS_ENV}
    full_env.update(given)
    args = (sys.executable, "-m", "seedance.contract")
    started = time.monotonic()
    proc = subprocess.run(
        args,
        cwd=REPO_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return HarnessRun(
        args=("python", "-m", "seedance.contract"),
        env=given,
        returncode=proc.returncode,
        stdout=proc.stdout,
        stderr=proc.stderr,
        report_dir=report_dir,
        seconds=time.monotonic() - started,
    )
