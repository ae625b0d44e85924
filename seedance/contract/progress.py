"""Progress of a contract run: the phase, checks done, billed of budget and elapsed time.

On a terminal, one live line (rich, redrawn in place, gone at the end); elsewhere (CI logs,
pipes) one plain line every :data:`PLAIN_EVERY` seconds and at each new phase, never wrapped
mid-phrase. Reads the run's :class:`Recorder` and :class:`Budget`; sends nothing itself.
"""

from __future__ import annotations

import math
import threading
import time
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.text import Text

from seedance.contract.results import Recorder
from seedance.contract.transport import Budget

__all__ = ["PLAIN_EVERY", "RunProgress"]

PLAIN_EVERY = 10.0
_LIVE_EVERY = 0.25


class RunProgress:
    """A context manager showing a run's progress until it ends; :meth:`phase` names the part
    of the run under way."""

    def __init__(
        self,
        console: Console,
        recorder: Recorder,
        budget: Budget,
        *,
        plain_every: float = PLAIN_EVERY,
    ) -> None:
        self._console = console
        self._recorder = recorder
        self._budget = budget
        self._plain_every = plain_every
        self._phase = "starting"
        self._phase_start = 0
        self._phase_total: int | None = None
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, name="contract-progress", daemon=True)
        self._live: Live | None = None
        if console.is_terminal:
            self._live = Live(
                Text(self.line()), console=console, transient=True, auto_refresh=False
            )

    def line(self) -> str:
        """The progress as one line."""
        limit = self._budget.max_billable
        budget = "unlimited" if math.isinf(limit) else str(int(limit))
        elapsed = time.monotonic() - self._started
        done = len(self._recorder.results)
        phase = self._phase
        if self._phase_total is not None:
            phase += f" {min(done - self._phase_start, self._phase_total)} of {self._phase_total}"
        return (
            f"contract-test: {phase}; {done} checks done; "
            f"billed {self._budget.billed} of {budget}; {elapsed:.0f}s elapsed"
        )

    def phase(self, name: str, total: int | None = None) -> None:
        """A new part of the run begins (shown at once); ``total``: how many checks it makes,
        when that is known before it starts (shown as "done of total")."""
        self._phase = name
        self._phase_start = len(self._recorder.results)
        self._phase_total = total
        self._show()

    def _show(self) -> None:
        if self._live is not None:
            self._live.update(Text(self.line()), refresh=True)
        else:
            self._console.print(self.line(), markup=False, soft_wrap=True)

    def _tick(self) -> None:
        every = _LIVE_EVERY if self._live is not None else self._plain_every
        while not self._stop.wait(every):
            self._show()

    def __enter__(self) -> RunProgress:
        if self._live is not None:
            self._live.start()
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        if self._live is not None:
            self._live.stop()
