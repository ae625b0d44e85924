"""How :meth:`Videos.wait` polls: the schedule, and when a task has moved.

Polls come quickly at first (a task's first seconds are when ``queued`` turns into
``in_progress``), then settle at a steady interval; a ``Retry-After`` on a retrieve answer
replaces the next interval. Completion is read from ``status`` only, never from
``completed_at`` (the gateway sets that on every retrieve: it is the last update time).
:class:`Waiting` makes every decision of one wait, so the sync and async loops only fetch
and sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from seedance_client.models.video_task import VideoTask
from seedance_client.models.video_task_status import VideoTaskStatus

from seedance._retry import retry_after_seconds
from seedance.errors import TaskFailedError, WaitTimeoutError

__all__ = [
    "COMPLETED",
    "DEFAULT_WAIT_TIMEOUT",
    "FAILED",
    "PollSchedule",
    "ProgressCallback",
    "Waiting",
    "moved",
]

COMPLETED: VideoTaskStatus = "completed"
FAILED: VideoTaskStatus = "failed"
DEFAULT_WAIT_TIMEOUT = 900.0
ProgressCallback = Callable[[VideoTask], object]
"""Called with the task each time its status or progress changes."""


@dataclass(frozen=True)
class PollSchedule:
    """Seconds between polls: ``first``, growing by ``factor`` up to ``steady``."""

    first: float = 1.0
    factor: float = 1.5
    steady: float = 5.0

    def interval(self, polls_so_far: int, retry_after: float | None = None) -> float:
        """The wait before the next poll (``retry_after`` wins when the gateway sent one)."""
        if retry_after is not None:
            return retry_after
        return min(self.steady, self.first * self.factor**polls_so_far)


def moved(before: VideoTask | None, now: VideoTask) -> bool:
    """True when ``now`` differs from ``before`` in status or progress (or is the first)."""
    return before is None or (before.status, before.progress) != (now.status, now.progress)


class Waiting:
    """One wait's decisions, made on each task seen: what to report, when to stop, how
    long to pause before the next poll."""

    def __init__(
        self, schedule: PollSchedule, timeout: float, on_progress: ProgressCallback | None
    ) -> None:
        self._schedule = schedule
        self._timeout = timeout
        self._deadline = time.monotonic() + timeout
        self._on_progress = on_progress
        self._last: VideoTask | None = None
        self._polls = 0

    def pause_after(self, current: VideoTask, headers: Mapping[str, str]) -> float | None:
        """``None`` when ``current`` is completed, else the seconds to sleep before the next
        poll; raises :class:`TaskFailedError` or, at the deadline, :class:`WaitTimeoutError`."""
        if self._on_progress is not None and moved(self._last, current):
            self._on_progress(current)
        self._last = current
        if current.status == COMPLETED:
            return None
        if current.status == FAILED:
            raise TaskFailedError(current)
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise WaitTimeoutError(current, self._timeout)
        pause = self._schedule.interval(self._polls, retry_after_seconds(headers))
        self._polls += 1
        return min(pause, remaining)
