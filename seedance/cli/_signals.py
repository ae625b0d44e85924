"""SIGTERM handled like Ctrl-C: whatever a command does on an interrupt (the journal kept
consistent, the resume command printed, a half-written ``.part`` file removed) it also does
when it is terminated; only the exit code differs (143, 128 + SIGTERM, instead of 130).

The handler hands the signal to whatever handles Ctrl-C at that moment: Python's default
(raises ``KeyboardInterrupt``) or the one ``asyncio.run`` installs (cancels the main task,
which then ends in ``KeyboardInterrupt``), so both paths are the same code.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["terminate_as_interrupt", "terminated"]

_terminated = threading.Event()


def _on_terminate(signum: int, frame: FrameType | None) -> None:
    _terminated.set()
    handler = signal.getsignal(signal.SIGINT)
    if callable(handler):
        handler(signal.SIGINT, frame)
    else:
        raise KeyboardInterrupt


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """In the block, SIGTERM raises what Ctrl-C raises (main thread only; else a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _terminated.clear()
    previous = signal.signal(signal.SIGTERM, _on_terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def terminated() -> bool:
    """True once SIGTERM was received (the interrupt is then a termination)."""
    return _terminated.is_set()
