"""In-memory video tasks: a thread-safe store and a lifecycle computed from the clock.

A task is ``queued`` for the first fifth of its duration, then ``in_progress`` with its
progress rising with time, then ``completed`` (or ``failed``, per its scenario) once
``task_seconds`` have passed. Nothing runs in the background: the state is derived from
the creation time whenever the task is read, so concurrent readers always agree.
"""

from __future__ import annotations

import random
import threading
import time
from collections import OrderedDict
from typing import Any, NamedTuple

from seedance.mock import vocabulary as v

_QUEUED_FRACTION = 0.2
_EXPIRY_SECONDS = 24 * 3600
_FAILURE = {v.CODE: "mock_task_failed", v.MESSAGE: "the mock failed this task on request"}


_random = random.Random()


def new_task_id() -> str:
    """``task_`` followed by 32 letters or digits (random hex; a mock needs no secrecy)."""
    return f"task_{_random.getrandbits(128):032x}"


class Task(NamedTuple):
    """One task as created: its id, the echoed request fields and its scenario outcome.

    Stored as a plain tuple (see :class:`TaskStore`).
    """

    id: str
    echoed: tuple[tuple[str, Any], ...]
    outcome: str
    duration: float
    created_wall: float
    created_mono: float

    def state(self, now_mono: float) -> tuple[str, int, float]:
        """``(status, progress, last update as unix time)`` at monotonic time ``now_mono``."""
        elapsed = now_mono - self.created_mono
        if elapsed >= self.duration:
            status = v.COMPLETED if self.outcome == "complete" else v.FAILED
            return status, 100, self.created_wall + self.duration
        updated = self.created_wall + elapsed
        if elapsed < self.duration * _QUEUED_FRACTION:
            return v.QUEUED, 0, updated
        return v.IN_PROGRESS, max(1, min(99, int(100 * elapsed / self.duration))), updated

    def render(
        self, object_value: str, content_url: str, *, created: bool = False
    ) -> dict[str, Any]:
        """The task as the gateway shows it (``created``: the answer to the create call)."""
        if created:
            status, progress, updated = v.QUEUED, 0, self.created_wall
        else:
            status, progress, updated = self.state(time.monotonic())
        body: dict[str, Any] = {
            v.ID: self.id,
            v.TASK_ID: self.id,
            v.OBJECT: object_value,
            **dict(self.echoed),
            v.STATUS: status,
            v.PROGRESS: progress,
            v.CREATED_AT: int(self.created_wall),
            v.METADATA: {v.URL: content_url if status == v.COMPLETED else ""},
        }
        if not created:
            body[v.COMPLETED_AT] = int(updated)
        if status == v.COMPLETED:
            body[v.EXPIRES_AT] = int(self.created_wall + self.duration + _EXPIRY_SECONDS)
        if status == v.FAILED and self.outcome == "fail":
            body[v.ERROR] = dict(_FAILURE)
        return body


class TaskStore:
    """Tasks by id; safe for concurrent use; forgets the oldest beyond ``max_tasks``."""

    def __init__(self, max_tasks: int) -> None:
        # Plain tuples of strings and numbers, not Task instances (a tuple subclass): the
        # collector untracks such tuples, so a store of 100k tasks adds nothing to
        # garbage-collection pauses.
        self._tasks: OrderedDict[str, tuple[Any, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_tasks

    def create(self, echoed: dict[str, Any], outcome: str, duration: float) -> Task:
        """Make, store and return a new task."""
        task = Task(
            new_task_id(), tuple(echoed.items()), outcome, duration, time.time(), time.monotonic()
        )
        with self._lock:
            self._tasks[task.id] = tuple(task)
            while len(self._tasks) > self._max:
                self._tasks.popitem(last=False)
        return task

    def get(self, task_id: str) -> Task | None:
        """The task with this id, or None."""
        with self._lock:
            found = self._tasks.get(task_id)
        if found is None:
            return None
        return Task._make(found)

    def __len__(self) -> int:
        with self._lock:
            return len(self._tasks)
