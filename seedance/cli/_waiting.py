"""Waiting for one task on the terminal: a progress bar, plain lines elsewhere, and Ctrl-C.

On a terminal (stderr) a rich bar shows the status, progress %, elapsed time and the task
id; otherwise one plain line is printed per change of status or progress. Ctrl-C while
waiting cancels nothing and creates nothing: it prints the task id and the command that
resumes (``seedance download ID --out FILE --wait``) and exits 130 (SIGTERM: the same,
exit 143).
"""

from __future__ import annotations

import contextlib
import shlex
import time
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from seedance import Seedance, VideoTask
from seedance.cli._connection import Connection
from seedance.cli._exit import fail, interrupt_code, interrupt_word

__all__ = ["resumable_on_interrupt", "resume_command", "stderr_console", "wait_with_progress"]


def stderr_console() -> Console:
    """The console progress goes to: stderr, never wrapping a line mid-phrase."""
    return Console(stderr=True, soft_wrap=True, highlight=False)


def resume_command(connection: Connection, task_id: str, out: Path) -> str:
    """The command that picks up waiting for ``task_id`` and saves it to ``out``."""
    quoted = f"{shlex.quote(task_id)} --out {shlex.quote(str(out))}"
    return f"seedance{connection.global_options()} download {quoted} --wait"


@contextlib.contextmanager
def resumable_on_interrupt(connection: Connection, task_id: str, out: Path) -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        fail(
            f"{interrupt_word()}; task {task_id} goes on on the gateway (nothing was "
            f"cancelled). Resume with: {resume_command(connection, task_id, out)}",
            interrupt_code(),
        )


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.fields[status]:<11}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[task_id]}"),
        console=console,
        transient=True,
    )


def wait_with_progress(
    client: Seedance,
    connection: Connection,
    task_id: str,
    out: Path,
    *,
    timeout: float,
    console: Console,
) -> VideoTask:
    """``client.videos.wait`` with progress shown; Ctrl-C prints how to resume, exits 130."""
    started = time.monotonic()
    with resumable_on_interrupt(connection, task_id, out):
        if not console.is_terminal:

            def line(task: VideoTask) -> None:
                elapsed = time.monotonic() - started
                console.print(
                    f"{task.id}: {task.status} {task.progress}% ({elapsed:.0f}s)", markup=False
                )

            return client.videos.wait(task_id, timeout=timeout, on_progress=line)
        with _progress(console) as progress:
            bar = progress.add_task("wait", total=100, status="waiting", task_id=task_id)

            def update(task: VideoTask) -> None:
                progress.update(bar, completed=task.progress, status=str(task.status))

            return client.videos.wait(task_id, timeout=timeout, on_progress=update)
