"""The deadline of one call: ``timeout=`` bounds the whole call, not one read.

A :class:`Deadline` is a point on the monotonic clock. :func:`deadline_scope` makes it the
deadline of everything done inside the block (the earliest wins when scopes nest: a poll
inside :meth:`wait` ends by the wait's deadline); :func:`current_deadline` is what the
network layer (:mod:`seedance._http`) and the retry loop (:mod:`seedance._retry`) read:
every socket connect, read and write gets at most the time left, a body stops arriving at the
deadline however fast or slowly its bytes come, and no retry sleeps past it.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from seedance.errors import SeedanceError

__all__ = ["Deadline", "current_deadline", "deadline_scope", "positive_seconds", "remaining"]


@dataclass(frozen=True)
class Deadline:
    """The monotonic time by which a call must have returned or raised, and its length."""

    at: float
    seconds: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """The deadline ``seconds`` from now."""
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float:
        """Seconds left (``0.0`` once passed)."""
        return max(0.0, self.at - time.monotonic())

    @property
    def expired(self) -> bool:
        """True once the deadline has passed."""
        return time.monotonic() >= self.at


_CURRENT: ContextVar[Deadline | None] = ContextVar("seedance_deadline", default=None)


def current_deadline() -> Deadline | None:
    """The deadline of the call in progress, if it has one."""
    return _CURRENT.get()


def remaining(limit: float | None = None) -> float | None:
    """``limit`` cut to the time the current deadline leaves (``None``: no limit at all)."""
    deadline = _CURRENT.get()
    if deadline is None:
        return limit
    left = deadline.remaining()
    return left if limit is None else min(limit, left)


@contextlib.contextmanager
def deadline_scope(deadline: Deadline | None) -> Iterator[Deadline | None]:
    """Inside the block, the earlier of ``deadline`` and the enclosing one applies."""
    outer = _CURRENT.get()
    chosen = (
        deadline if outer is None or (deadline is not None and deadline.at < outer.at) else outer
    )
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


def positive_seconds(value: float, name: str = "timeout") -> float:
    """``value`` as seconds, refused (:class:`SeedanceError` naming ``name``) unless it is a
    finite positive number: ``0``, ``-1``, ``nan`` and ``inf`` cannot bound anything."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise SeedanceError(f"{name}: expected a positive number of seconds, got {value!r}")
    return seconds
