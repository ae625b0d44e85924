"""Whether a create body is another vendored page's request (not the bundle's create
operation's, the seed page's), as the gateway routes it (:mod:`seedance._judge`).

schemathesis knows only the bundle's create operation; its findings on a body the gateway
judges by another page (accepted there), or on a model no page describes answered with the
bundle's ``x-unknown-model`` status, are not the gateway's fault. The contract suite checks
every page on its own.
"""

from __future__ import annotations

import functools
from typing import Any

from seedance.catalogue import CreateJudge, UnknownModel, catalogue

__all__ = ["routed_elsewhere"]


@functools.cache
def _judge() -> CreateJudge:
    return CreateJudge(catalogue())


def routed_elsewhere(body: Any, status: int | None) -> bool:
    """Whether a create ``body`` answered ``status`` is judged by another page than the seed
    page (and that page accepts it), or names an unknown model answered as documented."""
    if not isinstance(body, dict):
        return False
    judge = _judge()
    judged = judge.judge(body)
    if isinstance(judged, UnknownModel):
        return status == judge.catalogue.unknown_model_status
    return (
        judged.mode is not None
        and judged.mode.page != judge.catalogue.seed_page
        and (status is None or 200 <= status < 300) == (not judged.problems)
    )
