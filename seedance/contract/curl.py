"""Reproduce a request as a curl command line, with the API key never written out."""

from __future__ import annotations

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


#: Shorter keys (test keys such as "k") are only ever removed from the Authorization header:
#: replacing every occurrence of a one-letter key would mangle the whole report.
MIN_REDACTED_LENGTH = 6


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` replaced by ``<redacted>``."""
    if secret and len(secret) >= MIN_REDACTED_LENGTH:
        return text.replace(secret, "<redacted>")
    return text
