"""Keep a report readable and bounded: at most :data:`MAX_PER_KIND` changes listed per check id.

A release that renames a thousand properties yields a thousand changes of one kind; listing
them all makes a report of megabytes that nobody reads. Beyond the limit, the changes of a
kind are counted (``omitted`` in ``drift.json``, a line in every format) instead of listed;
the counts per level and the exit code still include them.
"""

from __future__ import annotations

from seedance.drift.model import Change

#: Changes listed per check id (the rest are counted, per id, in ``omitted``).
MAX_PER_KIND = 50


def summarise(
    changes: list[Change], limit: int = MAX_PER_KIND
) -> tuple[list[Change], dict[str, int]]:
    """The first ``limit`` changes of each id (in order), and how many active ones were left out.

    Changes the ignore file accepted beyond the limit are dropped without being counted.
    """
    kept: list[Change] = []
    seen: dict[str, int] = {}
    omitted: dict[str, int] = {}
    for change in changes:
        seen[change.id] = seen.get(change.id, 0) + 1
        if seen[change.id] <= limit:
            kept.append(change)
        elif not change.ignored:
            omitted[change.id] = omitted.get(change.id, 0) + 1
    return kept, omitted
