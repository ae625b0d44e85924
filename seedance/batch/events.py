"""Progress events of a batch run: what the display shows as jobs move."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import attrs

from seedance.batch.outcome import Outcome

__all__ = ["Event", "EventKind", "Listener"]


class EventKind(StrEnum):
    """What just happened to a job."""

    SENDING = "sending"
    CREATED = "created"
    PROGRESS = "progress"
    DOWNLOADING = "downloading"
    FINISHED = "finished"


@attrs.frozen
class Event:
    """A job moved: its line, name, kind of move and what is known now."""

    line: int
    name: str
    kind: EventKind
    task_id: str | None = None
    status: str | None = None
    progress: int = 0
    outcome: Outcome | None = None


Listener = Callable[[Event], object]
