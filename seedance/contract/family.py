"""Data: values the wider Seedance / video-generation family uses, as *outside* candidates.

This is not a list of what the spec allows: it is a list of plausible values a real gateway
might wrongly let through (other models' resolutions, aspect ratios, media roles). Model ids
are not listed here: the near misses of a page's model id are derived from that id, and none
is a vendored model (:func:`model_near_misses`), so a model vendored later is never sent as
a near miss, and vendoring one leaves every other page's cases as they were. At run
time every candidate that the field's enum actually contains is dropped, and a
candidate is only tried on an enum whose values have the same *shape* (see
:func:`value_shape`), so a resolution is never sent as a media role.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

FAMILY_VALUES: tuple[str, ...] = (
    # resolutions of the Seedance 1.x / 2.0 family and common video APIs
    "360p",
    "480p",
    "540p",
    "720p",
    "1080p",
    "1440p",
    "2160p",
    "2k",
    "4k",
    # aspect ratios used by other models and gateways
    "16:9",
    "9:16",
    "4:3",
    "3:4",
    "1:1",
    "21:9",
    "9:21",
    "3:2",
    "2:3",
    "5:4",
    "4:5",
    "16:10",
    "adaptive",
    "auto",
    "keep_ratio",
    # media roles of the wider family
    "text",
    "first_frame",
    "last_frame",
    "reference_image",
    "reference_video",
    "reference_audio",
    "image",
    "image_url",
    "video",
    "audio",
    # durations other models accept
    "0",
    "1",
    "2",
    "3",
    "16",
    "20",
    "30",
    "60",
    "auto",
)

_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^-?\d+$")),
    ("resolution", re.compile(r"^\d+[pk]$", re.IGNORECASE)),
    ("ratio", re.compile(r"^\d+:\d+$")),
    ("model", re.compile(r"^[a-z0-9]+(-[a-z0-9]+){2,}$")),
    ("word", re.compile(r"^[a-z][a-z_]*$")),
)


def value_shape(value: str) -> str:
    """A coarse class of a string value: number, resolution, ratio, model, word or other."""
    for name, pattern in _SHAPES:
        if pattern.match(value):
            return name
    return "other"


def family_candidates(enum_values: list[str]) -> list[str]:
    """Family values shaped like ``enum_values`` but not among them, in data order."""
    shapes = {value_shape(v) for v in enum_values}
    seen: set[str] = set()
    out: list[str] = []
    for candidate in FAMILY_VALUES:
        if candidate in enum_values or candidate in seen:
            continue
        if value_shape(candidate) in shapes:
            seen.add(candidate)
            out.append(candidate)
    return out


def model_near_misses(models: Sequence[str], vendored: Collection[str]) -> list[str]:
    """Ids a lax gateway might take for ``models``: each id without its last ``-`` part (its
    release: how a model was named before a dated rename) and with that part one more or one
    less; none of them ``vendored``, in a stable order."""
    out: list[str] = []
    for model in models:
        stem, _, release = model.rpartition("-")
        found = [stem] if stem else []
        if release.isdigit():
            width = len(release)
            found += [
                f"{stem}-{int(release) + 1:0{width}d}",
                f"{stem}-{max(int(release) - 1, 0):0{width}d}",
            ]
        out += [m for m in found if m and m not in vendored and m not in out]
    return out
