"""Who may receive the API key: one rule for the SDK and the contract harness.

A redirect (the content endpoint may answer 302/307 to a CDN) is followed, but the
``Authorization`` header goes only to the origin the client was configured with: the same
scheme, host and port (RFC 6454). A redirect from https to http on the same host is a
different origin, so the key is never sent in clear text after an https start.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["origin_of", "same_origin"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of ``url``, lower-cased, the scheme's default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = _DEFAULT_PORTS.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def same_origin(configured: str, candidate: str) -> bool:
    """True when ``candidate`` has the scheme, host and port of ``configured``.

    This is the test for sending credentials to ``candidate``: anything else (another host,
    another port, or plain http where ``configured`` is https) gets no ``Authorization``.
    """
    first, second = origin_of(configured), origin_of(candidate)
    return bool(first[0]) and bool(first[1]) and first == second
