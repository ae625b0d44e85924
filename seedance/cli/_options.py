"""Options several commands share, declared once: ``--json``, ``--timeout`` and the
``--base-url`` / ``--api-key`` a command also takes after its name (the global ones, before
it, read ``SEEDANCE_BASE_URL`` / ``SEEDANCE_API_KEY``; given after, they win)."""

from __future__ import annotations

import math
from typing import Annotated

import typer

from seedance.cli._exit import CliError

__all__ = ["ApiKey", "BaseUrl", "Json", "Timeout", "check_timeout"]

Json = Annotated[bool, typer.Option("--json", help="print one JSON object for scripts")]
Timeout = Annotated[
    float,
    typer.Option(
        "--timeout",
        envvar="SEEDANCE_TIMEOUT",
        help="seconds to wait for the task to complete (a positive number)",
    ),
]
BaseUrl = Annotated[
    str | None,
    typer.Option("--base-url", help="gateway URL (as the global --base-url)", show_default=False),
]
ApiKey = Annotated[
    str | None,
    typer.Option("--api-key", help="API key (as the global --api-key)", show_default=False),
]


def check_timeout(timeout: float) -> None:
    """Refuse a ``--timeout`` that cannot mean anything: NaN, infinite, zero or negative."""
    if math.isnan(timeout) or math.isinf(timeout) or timeout <= 0:
        raise CliError(
            f"--timeout must be a positive number of seconds, got {timeout}; nothing was sent"
        )
