"""A short string that matches a ``pattern``, for the minimal instances of a schema.

Hypothesis (the ``tools`` extra) generates from the regular expression and shrinks to its
shortest match; the result is cached per pattern. Only building instances of a schema that
has a ``pattern`` needs it: the SDK and the mock's validation never do.
"""

from __future__ import annotations

import functools


@functools.cache
def shortest_match(pattern: str) -> str:
    """The shortest (and simplest) string that ``pattern`` fully matches."""
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st

    text: str = find(
        st.from_regex(pattern, fullmatch=True),
        lambda _: True,
        settings=settings(database=None, derandomize=True, suppress_health_check=list(HealthCheck)),
    )
    return text
