"""In-memory video tasks: a thread-safe store and a lifecycle computed from the clock.

A task is ``queued`` for the first fifth of its duration, then ``in_progress`` with its
progress rising with time, then ``completed`` (or ``failed``, per its scenario) once
``task_seconds`` have passed. Nothing runs in the background: the state is derived from
the creation time whenever the task is read, so concurrent readers always agree.

A stored task is a flat tuple of a few strings and numbers; the fields it echoes from
the request are kept inside the JSON text of the create call's answer, not as the parsed
request objects. A full store (100k tasks by default) therefore holds a few objects per task
instead of every list, dict and string of every request body, which keeps the create
call's memory traffic (and so ``make bench``) flat however many tasks it has made.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import deque
from collections.abc import Mapping
from typing import Any, NamedTuple

from seedance.mock import vocabulary as v
from seedance.mock.bodies import decode_json
from seedance.mock.responses import encode_json
from seedance.mock.vocabulary import Vocabulary

_QUEUED_FRACTION = 0.2
_EXPIRY_SECONDS = 24 * 3600
_FAILURE = {v.CODE: "mock_task_failed", v.MESSAGE: "the mock failed this task on request"}


_PREFIX = f"task_{random.SystemRandom().getrandbits(64):016x}"
_serial = itertools.count(random.SystemRandom().getrandbits(48))


def new_task_id() -> str:
    """``task_`` and 32 hex digits: a random per-process half, then a serial number.

    Unique within the process and across restarts; cheap, because the create call is the
    mock's hot path (a mock needs no unguessable ids).
    """
    return f"{_PREFIX}{next(_serial):016x}"


class Task(NamedTuple):
    """One task as created: its id, the create call's answer and its scenario outcome.

    ``created`` is the JSON the create call answered (the task ``queued``, with the echoed
    request fields); later answers are derived from it. Stored as a plain tuple (see
    :class:`TaskStore`).
    """

    id: str
    created: bytes
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

    def render(self, content_url: str) -> bytes:
        """The task as the gateway shows it now, as JSON; ``content_url`` once completed."""
        status, progress, updated = self.state(time.monotonic())
        body = decode_json(self.created)
        body[v.STATUS] = status
        body[v.PROGRESS] = progress
        body[v.METADATA] = {v.URL: content_url if status == v.COMPLETED else ""}
        body[v.COMPLETED_AT] = int(updated)
        if status == v.COMPLETED:
            body[v.EXPIRES_AT] = int(self.created_wall + self.duration + _EXPIRY_SECONDS)
        if status == v.FAILED and self.outcome == "fail":
            body[v.ERROR] = _FAILURE
        return encode_json(body)


class TaskStore:
    """Tasks by id; safe for concurrent use; forgets the oldest beyond ``max_tasks``.

    A dict by id and a queue of ids in creation order, with no lock: each step is one
    atomic operation of a built-in container, and a create only evicts after adding its own
    task, so concurrent creates never leave more than ``max_tasks`` behind them nor evict a
    task that is not among the oldest.
    """

    def __init__(self, max_tasks: int, vocabulary: Vocabulary) -> None:
        self._tasks: dict[str, tuple[Any, ...]] = {}
        self._order: deque[str] = deque()
        self._max = max_tasks
        self._object = vocabulary.object_value
        self._echoed = tuple((name, vocabulary.defaults.get(name)) for name in vocabulary.echoed)

    def create(
        self,
        request: Mapping[str, Any],
        outcome: str,
        duration: float,
        echoed: tuple[tuple[str, Any], ...] | None = None,
    ) -> bytes:
        """Store a new task for a valid create ``request``; returns the create call's answer.

        The answer (JSON) is the task ``queued``, echoing the request fields the bundle's
        task declares, with their defaults where the request left them out (``echoed``:
        ``(name, default)`` per echoed field, by the page that judged the request (see
        :meth:`echoed_by`); else the bundle's create request's).
        """
        task_id = new_task_id()
        wall = time.time()
        answer: dict[str, Any] = {v.ID: task_id, v.TASK_ID: task_id, v.OBJECT: self._object}
        for name, default in self._echoed if echoed is None else echoed:
            value = request.get(name, default)
            if value is not None:
                answer[name] = value
        answer[v.STATUS] = v.QUEUED
        answer[v.PROGRESS] = 0
        answer[v.CREATED_AT] = int(wall)
        answer[v.METADATA] = {v.URL: ""}
        # orjson's output keeps its whole working buffer (4 KiB); the copy kept is exact-size
        created = bytes(memoryview(encode_json(answer)))
        self._tasks[task_id] = (task_id, created, outcome, duration, wall, time.monotonic())
        order = self._order
        order.append(task_id)
        if len(order) > self._max:
            del self._tasks[order.popleft()]
        return created

    def echoed_by(self, defaults: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
        """``(name, default)`` of each echoed field under a page's ``defaults``."""
        return tuple((name, defaults.get(name)) for name, _ in self._echoed)

    def get(self, task_id: str) -> Task | None:
        """The task with this id, or None."""
        found = self._tasks.get(task_id)
        if found is None:
            return None
        return Task._make(found)

    def __len__(self) -> int:
        return len(self._tasks)
