"""Reproduce a request as a curl command line, with the API key never written out."""

from __future__ import annotations

import functools
import re
import shlex
from collections.abc import Mapping

#: What the Authorization header shows in every report: the variable, never the key.
REDACTED_AUTH = "Bearer $SEEDANCE_API_KEY"


def curl_line(
    method: str,
    url: str,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    *,
    secret: str | None = None,
) -> str:
    """A curl command for the request. ``Authorization`` carrying ``secret`` (or already
    redacted) becomes ``Bearer $SEEDANCE_API_KEY`` so the key never appears; any other
    occurrence of ``secret`` is replaced by ``<redacted>``."""
    parts = ["curl", "-sS", "-i", "-X", method.upper(), shlex.quote(url)]
    for name, value in (headers or {}).items():
        if name.lower() == "authorization" and (
            (secret and value.split()[-1:] == [secret]) or value == REDACTED_AUTH
        ):
            parts += ["-H", f'"Authorization: {REDACTED_AUTH}"']
            continue
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    if body is not None:
        parts += ["--data-binary", shlex.quote(body.decode("utf-8", errors="replace"))]
    line = " ".join(parts)
    return redact(line, secret)


#: A run of this many consecutive characters of the key (anywhere in it) is redacted wherever
#: it appears, so a key cut by an excerpt, or echoed in part by a target, leaves no usable part.
MIN_REDACTED_RUN = 6
REDACTED = "<redacted>"


@functools.lru_cache(maxsize=8)
def _secret_pattern(secret: str) -> re.Pattern[str]:
    """Every run of ``MIN_REDACTED_RUN`` characters of ``secret``; a shorter key as a token."""
    if len(secret) < MIN_REDACTED_RUN:
        return re.compile(
            f"(?<![A-Za-z0-9])(?=({re.escape(secret)}))(?!.{{{len(secret)}}}[A-Za-z0-9])", re.DOTALL
        )
    runs = sorted(
        {secret[i : i + MIN_REDACTED_RUN] for i in range(len(secret) - MIN_REDACTED_RUN + 1)}
    )
    return re.compile("(?=(" + "|".join(re.escape(run) for run in runs) + "))")


def redact(text: str, secret: str | None) -> str:
    """``text`` with the key replaced by ``<redacted>``: every occurrence of the whole key and
    every run of :data:`MIN_REDACTED_RUN` or more of its consecutive characters.

    A key shorter than that is redacted wherever it stands as a token (not inside a longer run of
    letters and digits, where it cannot be told from ordinary words: ``k`` in "network").
    """
    if not secret or not text:
        return text
    pattern = _secret_pattern(secret)
    spans: list[list[int]] = []
    for match in pattern.finditer(text):
        start, end = match.start(1), match.end(1)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    if not spans:
        return text
    out, position = [], 0
    for start, end in spans:
        out += [text[position:start], REDACTED]
        position = end
    out.append(text[position:])
    return "".join(out)
