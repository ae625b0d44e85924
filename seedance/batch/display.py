"""How a batch run looks: a live table of the jobs in flight and an overall bar on a
terminal; one plain line per job event elsewhere (CI logs, pipes). Both go to stderr."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console, Group
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from seedance.batch.events import Event, EventKind

__all__ = ["BatchDisplay"]

_MAX_ROWS = 12


class BatchDisplay:
    """A listener for :func:`seedance.batch.run_batch` events; a context manager."""

    def __init__(self, console: Console, total: int) -> None:
        self._console = console
        self._total = total
        self._finished = 0
        self._active: dict[int, Event] = {}
        self._started = time.monotonic()
        self._bar = Progress(
            TextColumn("batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self._overall = self._bar.add_task("batch", total=total)
        self._live: Live | None = None
        if console.is_terminal:
            self._live = Live(self._render(), console=console, transient=True)

    def _render(self) -> Group:
        table = Table("job", "task", "status", "progress", box=None, pad_edge=False)
        for event in list(self._active.values())[:_MAX_ROWS]:
            table.add_row(
                event.name, event.task_id or "-", event.status or event.kind, f"{event.progress}%"
            )
        hidden = len(self._active) - _MAX_ROWS
        if hidden > 0:
            table.add_row(f"… {hidden} more", "", "", "")
        return Group(table, self._bar)

    def __call__(self, event: Event) -> None:
        if event.kind is EventKind.FINISHED:
            self._active.pop(event.line, None)
            self._finished += 1
            self._bar.update(self._overall, completed=self._finished)
        else:
            self._active[event.line] = event
        if self._live is not None:
            self._live.update(self._render())
        elif event.kind is not EventKind.PROGRESS:
            self._plain(event)

    def _plain(self, event: Event) -> None:
        elapsed = time.monotonic() - self._started
        what = event.outcome if event.kind is EventKind.FINISHED else event.kind
        task = f" {event.task_id}" if event.task_id else ""
        # written as it is (no rich rendering): one line per job, cheap for 100,000 jobs
        self._console.file.write(
            f"[{self._finished}/{self._total} {elapsed:.0f}s] {event.name}{task}: {what}\n"
        )

    def __enter__(self) -> BatchDisplay:
        if self._live is not None:
            self._live.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.stop()
