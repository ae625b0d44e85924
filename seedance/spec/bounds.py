"""Bound keywords of a schema and their edges: the value at (or just inside) each, and one past.

The contract harness probes each bound at its edge and one past it; the tests build the same
values. Both ask :func:`bound_edges`, so the edges are computed once. Numeric bounds are read in
JSON Schema 2020-12 form (:func:`numeric_bounds` folds OpenAPI 3.0's boolean ``exclusive*``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import Any

from seedance._bundle import numeric_bounds

#: The step past a bound of a ``number`` (integers step by 1).
NUMBER_STEP = 1e-6


class BoundKeyword(Enum):
    """A JSON Schema keyword that bounds a value, a length or a count."""

    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    EXCLUSIVE_MINIMUM = "exclusiveMinimum"
    EXCLUSIVE_MAXIMUM = "exclusiveMaximum"
    MIN_LENGTH = "minLength"
    MAX_LENGTH = "maxLength"
    MIN_ITEMS = "minItems"
    MAX_ITEMS = "maxItems"

    @property
    def numeric(self) -> bool:
        """Bounds the value itself (rather than a length or a count)."""
        return self in _NUMERIC

    @property
    def lower(self) -> bool:
        """A lower bound: values below it are refused."""
        return self.value.startswith(("min", "exclusiveMin"))

    @property
    def exclusive(self) -> bool:
        """The limit itself is refused."""
        return self.value.startswith("exclusive")


_NUMERIC = frozenset(
    {
        BoundKeyword.MINIMUM,
        BoundKeyword.MAXIMUM,
        BoundKeyword.EXCLUSIVE_MINIMUM,
        BoundKeyword.EXCLUSIVE_MAXIMUM,
    }
)


@dataclass(frozen=True)
class BoundEdge:
    """One bound of a schema: the accepted value nearest its limit and the refused one past it.

    For numeric keywords ``inside`` and ``outside`` are the values; for length and item bounds
    they are the length or the number of items.
    """

    keyword: BoundKeyword
    limit: Any
    inside: Any
    outside: Any


def _numeric_edge(keyword: BoundKeyword, limit: Any, *, integer: bool) -> tuple[Any, Any]:
    upward = keyword.lower  # the accepted side lies above the limit
    if integer:
        first_above = math.floor(limit) + 1 if keyword.exclusive else math.ceil(limit)
        first_below = math.ceil(limit) - 1 if keyword.exclusive else math.floor(limit)
        if upward:
            return first_above, first_above - 1
        return first_below, first_below + 1
    step = NUMBER_STEP if upward else -NUMBER_STEP
    if keyword.exclusive:
        return limit + step, limit
    return limit, limit - step


def bound_edges(schema: dict[str, Any]) -> list[BoundEdge]:
    """Every bound of ``schema`` a value can fall outside of (``minLength: 0`` cannot)."""
    integer = schema.get("type") == "integer"
    found = [
        BoundEdge(
            BoundKeyword(name), limit, *_numeric_edge(BoundKeyword(name), limit, integer=integer)
        )
        for name, limit in numeric_bounds(schema).items()
    ]
    for keyword in BoundKeyword:
        limit = schema.get(keyword.value)
        if keyword.numeric or limit is None or (keyword.lower and limit == 0):
            continue
        found.append(BoundEdge(keyword, limit, limit, limit - 1 if keyword.lower else limit + 1))
    return found
