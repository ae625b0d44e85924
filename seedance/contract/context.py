"""What every contract check receives: one run context, and the findings earlier checks leave
for later ones.

A check is a function of the context that records its rows through ``context.session``
(:data:`ContractCheck`); :mod:`seedance.contract.run` runs them from one list, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

from rich.console import Console

from seedance.contract.config import RunConfig
from seedance.contract.constraints import ConstraintSet
from seedance.contract.planner import Plan, PlannedRequest
from seedance.contract.session import Session


class PreparedTests(Protocol):
    """Tests built while earlier checks run (schemathesis' phase,
    :class:`seedance.contract.generated.GeneratedPhase`); ``run`` sends them for one run."""

    def run(self, generated: Any) -> None:
        """Send every prepared test through ``generated`` (the phase's run state)."""


@dataclass
class Findings:
    """What earlier checks found that later ones use."""

    #: The never-created task id the not-found checks asked for.
    missing_id: str = ""
    #: The task the lifecycle created (``None`` when it created none).
    task_id: str | None = None


@dataclass(frozen=True)
class RunContext:
    """The shared state of one run's checks."""

    session: Session
    config: RunConfig
    spec: dict[str, Any]
    constraints: ConstraintSet
    plan: Plan
    #: The planned create the lifecycle sends (the plan's first, cheapest); ``None`` when the
    #: budget allows no create.
    lifecycle_request: PlannedRequest | None
    #: The planned creates the accepted-requests check sends (every one but the lifecycle's).
    later_requests: tuple[PlannedRequest, ...]
    console: Console
    #: schemathesis' tests, being built while the checks before them run (``None`` when
    #: SCHEMATHESIS=0).
    generated: Future[PreparedTests] | None = None
    findings: Findings = field(default_factory=Findings)


#: One contract check: records its rows for the run ``context`` describes.
ContractCheck = Callable[[RunContext], None]
