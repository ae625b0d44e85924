"""The publisher's own hosts: ``servers`` flipping between its test host and production.

The publisher re-publishes its pages with ``servers`` pointing now at a test host, now at
production (``https://api.powertokens.ai``). Our generated client never reads ``servers``
(callers pass ``base_url``), so such a flip breaks nothing and is not drift. A flip is
recognised when every server URL that appeared or disappeared is on the publisher's own domain:
the registrable domain (the last two labels of the host) of a server the vendored page lists.
A server moved to any other domain is still reported (``api-server-*``, warning), since it
says the publisher now sends traffic somewhere else.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

__all__ = ["publisher_flip", "server_urls"]


def server_urls(document: dict[str, Any]) -> list[str]:
    """The page's server URLs, in order."""
    servers = document.get("servers") or []
    return [str(s.get("url")) for s in servers if isinstance(s, dict) and s.get("url")]


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return ".".join(host.split(".")[-2:]) if host.count(".") >= 1 else host


def publisher_flip(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """A sentence saying how ``servers`` flipped between the publisher's own hosts from
    ``old`` (vendored) to ``new`` (published), or None when they did not change or moved
    elsewhere."""
    before, after = server_urls(old), server_urls(new)
    moved = set(before) ^ set(after)
    if not moved or not after:
        return None
    own = {_domain(url) for url in before} - {""}
    if not all(_domain(url) in own for url in moved):
        return None
    return (
        f"servers {before} -> {after}: the publisher's own hosts ({', '.join(sorted(own))}), "
        "its test host and production alternate; not drift"
    )
