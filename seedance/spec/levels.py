"""How badly a change can break us: the three levels every tool's findings carry (oasdiff's).

Spec drift and the contract harness's behaviour comparison both classify what they find by
these levels and share ``--fail-on``'s choices, so they live here, below both.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["LEVELS", "Level", "level_rank"]


class Level(StrEnum):
    """How badly a change can break us (oasdiff's three levels)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANK[self]


#: Every level, most severe first (the ``--fail-on`` choices).
LEVELS = tuple(level.value for level in Level)
_RANK = {Level.INFO: 0, Level.WARNING: 1, Level.ERROR: 2}


def level_rank(level: str) -> int:
    """0 for info, 1 for warning, 2 for error; ValueError for anything else."""
    try:
        return Level(level).rank
    except ValueError:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}") from None
