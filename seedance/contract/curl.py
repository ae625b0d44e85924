"""Reproduce a request as a curl command line, with the API key never written out.

The key is redacted by the SDK's one redaction (:func:`seedance.reading.redact`).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping

from seedance.reading import MIN_REDACTED_RUN, REDACTED, redact

__all__ = ["MIN_REDACTED_RUN", "REDACTED", "REDACTED_AUTH", "curl_line", "redact"]

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
