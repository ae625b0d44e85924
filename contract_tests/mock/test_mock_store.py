"""The task store's memory: a kept task is its answer's JSON and a few numbers, not more."""

from __future__ import annotations

import tracemalloc

from seedance.mock.tasks import TaskStore
from seedance.mock.vocabulary import load_vocabulary
from seedance.spec import OperationRoles

_TASKS = 2000
_MAX_BYTES_PER_TASK = 1024


def test_a_kept_task_costs_well_under_a_kilobyte(ops: OperationRoles, body: dict):
    store = TaskStore(_TASKS, load_vocabulary(ops.create))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        answers = [store.create(body, "complete", 3.0) for _ in range(_TASKS)]
        per_task = (tracemalloc.get_traced_memory()[0] - before) / _TASKS
    finally:
        tracemalloc.stop()
    assert len(store) == _TASKS
    assert per_task < _MAX_BYTES_PER_TASK, (
        f"a kept task costs {per_task:.0f} bytes (its answer is {len(answers[0])} bytes): "
        "expected under 1 KiB; is an encoder's working buffer being kept?"
    )
