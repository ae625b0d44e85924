"""How :meth:`Videos.wait` polls: the schedule, and when a task has moved.

Polls come quickly at first (a task's first seconds are when ``queued`` turns into
``in_progress``), then settle at a steady interval; a ``Retry-After`` on a retrieve answer
replaces the next interval. Completion is read from ``status`` only, never from
``completed_at`` (the gateway sets that on every retrieve: it is the last update time).
"""

from __future__ import annotations

from dataclasses import dataclass

from seedance_client.models.video_task import VideoTask
from seedance_client.models.video_task_status import VideoTaskStatus

__all__ = ["COMPLETED", "FAILED", "PollSchedule", "moved"]

COMPLETED: VideoTaskStatus = "completed"
FAILED: VideoTaskStatus = "failed"


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
