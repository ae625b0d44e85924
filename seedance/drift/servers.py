"""The publisher's own hosts: ``servers`` flipping between its test host and production.

The publisher re-publishes its pages with ``servers`` pointing now at a test host, now at
production (``https://api.powertokens.ai``). Our generated client never reads ``servers``
(callers pass ``base_url``), so such a flip breaks nothing and is not drift. A flip is
recognised when every server URL that appeared or disappeared is the publisher's own: on the
registrable domain (the last two labels of the host) of a server the vendored page lists (not
a test host) or of the page's own published URL (its lock ``spec_url``: the publisher's
domain), or a test host by its name (a label of the host, split at dots and dashes, is one of
:data:`TEST_LABELS`: ``test-api.example.com``, ``api.staging.example.net``). A server moved to
any other host is still reported (``api-server-*``, warning), since it says the publisher now
sends traffic somewhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

__all__ = ["TEST_LABELS", "domain_of", "publisher_flip", "server_urls"]

#: Host labels that name a test host.
TEST_LABELS = frozenset({"test", "testing", "sandbox", "staging", "stage", "dev", "preview", "uat"})


def server_urls(document: dict[str, Any]) -> list[str]:
    """The page's server URLs, in order."""
    servers = document.get("servers") or []
    return [str(s.get("url")) for s in servers if isinstance(s, dict) and s.get("url")]


def _is_test_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(label in TEST_LABELS for label in re.split(r"[.-]", host))


def domain_of(url: str) -> str:
    """The registrable domain of a URL's host (its last two labels), or ``""``."""
    return _domain(url)


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return ".".join(host.split(".")[-2:]) if host.count(".") >= 1 else host


def publisher_flip(
    old: dict[str, Any], new: dict[str, Any], publisher: Iterable[str] = ()
) -> str | None:
    """A sentence saying how ``servers`` flipped between the publisher's own hosts from
    ``old`` (vendored) to ``new`` (published), or None when they did not change or moved
    elsewhere. ``publisher``: the publisher's domains besides the vendored servers' (those of
    the page's published URL)."""
    before, after = server_urls(old), server_urls(new)
    moved = set(before) ^ set(after)
    if not moved or not after:
        return None
    own = ({_domain(url) for url in before if not _is_test_host(url)} | set(publisher)) - {""}
    if not all(_domain(url) in own or _is_test_host(url) for url in moved):
        return None
    return (
        f"servers {before} -> {after}: the publisher's own hosts ({', '.join(sorted(own))}) "
        "and its test host alternate; not drift"
    )
