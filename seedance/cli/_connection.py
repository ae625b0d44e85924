"""The global ``--base-url`` and ``--api-key`` options, and the SDK clients made from them.

Both default to the SDK's environment variables (``SEEDANCE_BASE_URL``,
``SEEDANCE_API_KEY``); the key is never shown in help or output. ``--poll-seconds`` (hidden)
polls at a fixed interval instead of the SDK's schedule, for tests and benchmarks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Annotated

import typer

from seedance import AsyncSeedance, PollSchedule, Seedance
from seedance._client import API_KEY_ENV, BASE_URL_ENV

__all__ = ["Connection", "connection"]


@dataclass(frozen=True)
class Connection:
    """Where the video commands send, as the global options said."""

    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    poll_seconds: float | None = None

    def _poll(self) -> PollSchedule | None:
        if self.poll_seconds is None:
            return None
        return PollSchedule(first=self.poll_seconds, factor=1.0, steady=self.poll_seconds)

    def sync(self) -> Seedance:
        """A :class:`Seedance` client (raises ``SeedanceError`` without a key)."""
        return Seedance(api_key=self.api_key, base_url=self.base_url, poll_schedule=self._poll())

    def asynchronous(self) -> AsyncSeedance:
        """An :class:`AsyncSeedance` client (raises ``SeedanceError`` without a key)."""
        return AsyncSeedance(
            api_key=self.api_key, base_url=self.base_url, poll_schedule=self._poll()
        )

    def global_options(self) -> str:
        """The ``--base-url`` to repeat in a printed command (when the environment lacks it)."""
        if self.base_url and self.base_url != os.environ.get(BASE_URL_ENV):
            return f" --base-url {self.base_url}"
        return ""


def connection(ctx: typer.Context) -> Connection:
    """The connection the app callback stored (defaults when a command runs on its own)."""
    found = ctx.find_object(Connection)
    return found if found is not None else Connection()


def connect(
    ctx: typer.Context,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar=BASE_URL_ENV,
            help="gateway URL (default $SEEDANCE_BASE_URL, else https://api.powertokens.ai)",
            show_default=False,
        ),
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            envvar=API_KEY_ENV,
            help="API key (default $SEEDANCE_API_KEY)",
            show_default=False,
            show_envvar=False,
        ),
    ] = None,
    poll_seconds: Annotated[float | None, typer.Option("--poll-seconds", hidden=True)] = None,
) -> None:
    """Make Seedance 2.0 Mini videos, and test the gateway against its contract."""
    ctx.obj = Connection(base_url, api_key, poll_seconds)
