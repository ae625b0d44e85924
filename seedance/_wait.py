"""How :meth:`Videos.wait` polls: the schedule, and when a task has moved.

Polls come quickly at first (a task's first seconds are when ``queued`` turns into
``in_progress``), then settle at a steady interval; a ``Retry-After`` on a retrieve answer
replaces the next interval, clamped like every wait the gateway asks for: never below the
schedule's ``first`` interval (the poll floor), never above the retry policy's
``retry_after_cap``. The wait's ``timeout`` is a deadline (:mod:`seedance._deadline`) that
holds whatever a poll does: a poll that hangs or is told to retry later ends by it, and the
wait then raises :class:`WaitTimeoutError` with the last task seen. Completion is read
from ``status`` only, never from ``completed_at`` (the gateway sets that on every
retrieve: it is the last update time). :class:`Waiting` makes every decision of one wait,
so the sync and async loops only fetch and sleep.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from seedance_client.models.video_task import VideoTask
from seedance_client.models.video_task_status import VideoTaskStatus

from seedance._deadline import Deadline, current_deadline, deadline_scope
from seedance._retry import clamp_wait, retry_after_seconds
from seedance.errors import APIStatusError, SeedanceError, TaskFailedError, WaitTimeoutError

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
_TRY_LATER, _SERVER_ERRORS = 429, 500
ProgressCallback = Callable[[VideoTask], object]
"""Called with the task each time its status or progress changes."""


@dataclass(frozen=True)
class PollSchedule:
    """Seconds between polls: ``first``, growing by ``factor`` up to ``steady``."""

    first: float = 1.0
    factor: float = 1.5
    steady: float = 5.0

    def interval(
        self, polls_so_far: int, retry_after: float | None = None, cap: float | None = None
    ) -> float:
        """The wait before the next poll: ``retry_after`` wins when the gateway sent one,
        clamped to ``[first, cap]`` (``cap`` ``None``: no upper bound)."""
        if retry_after is not None:
            return clamp_wait(retry_after, self.first, math.inf if cap is None else cap)
        return min(self.steady, self.first * self.factor**polls_so_far)


def moved(before: VideoTask | None, now: VideoTask) -> bool:
    """True when ``now`` differs from ``before`` in status or progress (or is the first)."""
    return before is None or (before.status, before.progress) != (now.status, now.progress)


class Waiting:
    """One wait's decisions, made on each task seen: what to report, when to stop, how
    long to pause before the next poll."""

    def __init__(
        self,
        schedule: PollSchedule,
        timeout: float,
        on_progress: ProgressCallback | None,
        retry_after_cap: float | None = None,
    ) -> None:
        self._schedule = schedule
        self._timeout = timeout
        own, outer = Deadline.after(timeout), current_deadline()
        self._deadline = outer if outer is not None and outer.at < own.at else own
        self._on_progress = on_progress
        self._cap = retry_after_cap
        self._last: VideoTask | None = None
        self._polls = 0

    def scope(self) -> contextlib.AbstractContextManager[Deadline | None]:
        """The block the wait runs in: every poll inside ends by the wait's deadline."""
        return deadline_scope(self._deadline)

    def _timed_out(self) -> WaitTimeoutError | None:
        if self._last is None or not self._deadline.expired:
            return None
        return WaitTimeoutError(self._last, self._timeout)

    def pause_after_error(self, exc: SeedanceError) -> float:
        """The seconds to sleep before polling again after a poll raised ``exc`` (its own
        retries spent): a gateway saying "try later" (429, 5xx) is polled again, within the
        deadline. Else raises: past the deadline, with a task seen,
        :class:`WaitTimeoutError` (the poll failed because time ran out), otherwise ``exc``."""
        try_later = isinstance(exc, APIStatusError) and (
            exc.status_code == _TRY_LATER or exc.status_code >= _SERVER_ERRORS
        )
        if try_later and self._last is not None and not self._deadline.expired:
            assert isinstance(exc, APIStatusError)
            pause = self._schedule.interval(self._polls, exc.retry_after, self._cap)
            self._polls += 1
            return min(pause, self._deadline.remaining())
        raise self._timed_out() or exc

    def check(self) -> None:
        """Raise :class:`WaitTimeoutError` once the deadline has passed."""
        if (timed_out := self._timed_out()) is not None:
            raise timed_out

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
        self.check()
        pause = self._schedule.interval(self._polls, retry_after_seconds(headers), self._cap)
        self._polls += 1
        return min(pause, self._deadline.remaining())
