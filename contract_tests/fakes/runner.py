"""Run the harness CLI as a user would (``python -m seedance.contract``) and collect what it left.

Only the documented interface is used: environment variables, the exit code, stdout/stderr and
the files in ``REPORT_DIR`` (``summary.json``, ``summary.md``, ``junit.xml``).
:func:`run_harness` starts the command in its own process; :func:`run_harness_in_process`
runs the same entry point (:func:`seedance.contract.main`, what ``python -m
seedance.contract`` calls) in the calling process, with the same environment, capturing
stdout and stderr, without an interpreter start-up per run. The in-process form replaces the
whole process environment while it runs, so a process runs one of them at a time.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from seedance import contract
from seedance.contract import ENVIRONMENT_VARIABLES
from seedance.mock import embedded_target

__all__ = [
    "DEADLINE_ENV",
    "REPO_ROOT",
    "HarnessRun",
    "run_harness",
    "run_harness_in_process",
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
    code: str | None = None,
) -> HarnessRun:
    """Run ``python -m seedance.contract`` with ``env`` (plus REPORT_DIR) from the repo root
    (``code``: run ``python -c code`` instead, e.g. the entry point wrapped in a measurement)."""
    given, full_env = _environment(report_dir, env)
    args = (sys.executable, *(("-c", code) if code else ("-m", "seedance.contract")))
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


def _environment(
    report_dir: Path, env: dict[str, str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """(what the caller gave, plus REPORT_DIR; the whole environment of the run)."""
    given = {"REPORT_DIR": str(report_dir), **(env or {})}
    full_env = {k: v for k, v in os.environ.items() if k not in _HARNESS_ENV}
    full_env.update(given)
    return given, full_env


@contextlib.contextmanager
def _process_state(environ: dict[str, str]) -> Iterator[None]:
    """``os.environ``, the working directory and ``sys.argv`` as a ``python -m`` run has them."""
    saved_env, saved_cwd, saved_argv = dict(os.environ), os.getcwd(), sys.argv
    os.environ.clear()
    os.environ.update(environ)
    os.chdir(REPO_ROOT)
    sys.argv = [str(Path(contract.__file__).with_name("__main__.py"))]
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
        sys.argv = saved_argv


def _exit_status(code: object) -> int:
    """The process exit status ``SystemExit(code)`` or a return value gives."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run_harness_in_process(
    report_dir: Path,
    *,
    env: dict[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> HarnessRun:
    """:func:`run_harness` without a new interpreter: the CLI's entry point, in this process.

    What the process would print is captured; an exception escaping the entry point is
    printed as Python prints it and gives exit status 1, as for the command. ``transport``
    carries the run's requests (a gateway served in process) instead of the network.
    """
    given, full_env = _environment(report_dir, env)
    stdout, stderr = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with (
        _process_state(full_env),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        try:
            code = _exit_status(contract.main([], embedded=embedded_target, transport=transport))
        except SystemExit as exc:
            code = _exit_status(exc.code)
        except Exception:  # the command would die of it, printing the traceback
            traceback.print_exc()
            code = 1
    return HarnessRun(
        args=("python", "-m", "seedance.contract"),
        env=given,
        returncode=code,
        stdout=stdout.getvalue(),
        stderr=stderr.getvalue(),
        report_dir=report_dir,
        seconds=time.monotonic() - started,
    )
