"""Values just outside an enum: the near-misses a lax gateway might wrongly accept.

For one enum (and the field's description) this yields, each tagged with where it came from:
numeric gaps and one past each end (for enums of numeric strings), case and whitespace
variants, values the description mentions (quoted, back-ticked, or ranges like ``"4" to
"15"``), for enums of ``a:b`` ratios every small-integer ratio between the enum's extremes (in
lowest terms, terms up to :data:`RATIO_TERMS`), values of the wider family
(:mod:`seedance.contract.family`) and one random string. Nothing the enum contains is ever
returned.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from seedance.contract.family import family_candidates

_QUOTED = re.compile(r'"([^"]{1,40})"|`([^`]{1,40})`|\'([^\']{1,40})\'')
_RANGE = re.compile(
    r'["`\']?(-?\d+)["`\']?\s*(?:to|\u2013|through|\.\.)\s*["`\']?(-?\d+)["`\']?', re.IGNORECASE
)
_INT = re.compile(r"^-?\d+$")
#: Largest numeric range expanded into individual candidates.
_MAX_RANGE = 200
_RATIO = re.compile(r"^(\d+):(\d+)$")
#: Largest term of the ``a:b`` ratios generated for a ratio-shaped enum.
RATIO_TERMS = 10


class Origin(StrEnum):
    """Why a value outside the enum is a plausible mistake (its value labels the case)."""

    GAP = "gap"
    BELOW_MIN = "below-min"
    ABOVE_MAX = "above-max"
    CASE = "case"
    WHITESPACE = "whitespace"
    DESCRIPTION = "description"
    RATIO = "ratio"
    FAMILY = "family"
    RANDOM = "random"


@dataclass(frozen=True)
class OutsideValue:
    """A value outside the enum and why it is a plausible mistake."""

    value: str
    origin: Origin
    detail: str = ""

    @property
    def from_description(self) -> bool:
        """True when the field's own description suggests this value (a documentation gap)."""
        return self.origin == Origin.DESCRIPTION


def description_values(description: str) -> list[str]:
    """Values a description mentions: quoted / back-ticked tokens and expanded integer ranges."""
    found: list[str] = []
    for match in _QUOTED.finditer(description):
        token = next(group for group in match.groups() if group is not None)
        found.append(token)
    for match in _RANGE.finditer(description):
        low, high = int(match.group(1)), int(match.group(2))
        if low <= high and high - low <= _MAX_RANGE:
            found.extend(str(n) for n in range(low, high + 1))
    unique: list[str] = []
    for value in found:
        if value not in unique:
            unique.append(value)
    return unique


def _numeric_misses(values: list[str]) -> list[OutsideValue]:
    numbers = sorted({int(v) for v in values if _INT.match(v)})
    if not numbers:
        return []
    out = [
        OutsideValue(str(numbers[0] - 1), Origin.BELOW_MIN, f"one below the smallest {numbers[0]}")
    ]
    out.append(
        OutsideValue(str(numbers[-1] + 1), Origin.ABOVE_MAX, f"one past the largest {numbers[-1]}")
    )
    non_negative = [n for n in numbers if n >= 0]
    if non_negative and non_negative[0] > 0 and non_negative[0] != numbers[0]:
        smallest = non_negative[0]
        out.append(OutsideValue(str(smallest - 1), Origin.BELOW_MIN, f"one below {smallest}"))
    for low, high in itertools.pairwise(numbers):
        if high - low > 1 and high - low <= _MAX_RANGE:
            out.extend(
                OutsideValue(str(n), Origin.GAP, f"between {low} and {high}")
                for n in range(low + 1, high)
            )
    sample = non_negative[0] if non_negative else numbers[0]
    out.append(OutsideValue(f"0{sample}", Origin.GAP, "leading zero"))
    out.append(OutsideValue(f"{sample}.0", Origin.GAP, "decimal form"))
    return out


def _ratio_misses(values: list[str]) -> list[OutsideValue]:
    """Every ``a:b`` (terms 1..:data:`RATIO_TERMS`, lowest terms) between the extremes of the
    enum's ratios, inclusive, that the enum does not list: the ordinary ratios a lax gateway
    may accept although they are not documented. Empty unless two or more values are ratios."""
    ratios = [
        Fraction(int(m[1]), int(m[2]))
        for m in map(_RATIO.match, values)
        if m and int(m[1]) > 0 and int(m[2]) > 0
    ]
    if len(ratios) < 2:
        return []
    low, high = min(ratios), max(ratios)
    terms = range(1, RATIO_TERMS + 1)
    out = [
        OutsideValue(f"{a}:{b}", Origin.RATIO, f"a ratio between {low} and {high} the enum lacks")
        for a, b in itertools.product(terms, terms)
        if math.gcd(a, b) == 1 and low <= Fraction(a, b) <= high
    ]
    return sorted(out, key=lambda miss: Fraction(*map(int, miss.value.split(":"))))


def _spelling_misses(values: list[str]) -> list[OutsideValue]:
    out: list[OutsideValue] = []
    for value in values:
        for variant in (value.upper(), value.capitalize()):
            if variant != value:
                out.append(OutsideValue(variant, Origin.CASE, f"case variant of {value!r}"))
    first = values[0]
    out.append(OutsideValue(f" {first}", Origin.WHITESPACE, f"leading space before {first!r}"))
    out.append(OutsideValue(f"{first} ", Origin.WHITESPACE, f"trailing space after {first!r}"))
    return out


def outside_values(
    values: list[str], description: str = "", *, seed: int = 0
) -> list[OutsideValue]:
    """Every near-miss of the enum ``values``, unique, none of them in ``values``."""
    rng = random.Random(f"{seed}:{'|'.join(values)}")
    random_value = "zz-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10))
    candidates: list[OutsideValue] = []
    candidates += _numeric_misses(values)
    candidates += _spelling_misses(values)
    candidates += [
        OutsideValue(v, Origin.DESCRIPTION, "mentioned by the field's description")
        for v in description_values(description)
    ]
    candidates += _ratio_misses(values)
    candidates += [
        OutsideValue(v, Origin.FAMILY, "used by the wider model family")
        for v in family_candidates(values)
    ]
    candidates.append(OutsideValue(random_value, Origin.RANDOM, "random string"))
    accepted = set(values)
    seen: set[str] = set()
    unique: list[OutsideValue] = []
    # description first wins the origin (documentation gaps are the most useful label)
    ordered = sorted(candidates, key=lambda c: 0 if c.from_description else 1)
    for candidate in ordered:
        if candidate.value in accepted or candidate.value in seen or candidate.value == "":
            continue
        seen.add(candidate.value)
        unique.append(candidate)
    return unique
