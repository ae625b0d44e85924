"""The global ``--base-url`` and ``--api-key`` options, and the SDK clients made from them.

Both default to the SDK's environment variables (``SEEDANCE_BASE_URL``,
``SEEDANCE_API_KEY``); the key is never shown in help or output. ``--poll-seconds`` (hidden)
polls at a fixed interval instead of the SDK's schedule, for tests and benchmarks.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Annotated

import typer

from seedance import AsyncSeedance, PollSchedule, Seedance
from seedance._client import API_KEY_ENV, BASE_URL_ENV, check_key
from seedance.cli._exit import CliError
from seedance.errors import SeedanceError

__all__ = ["Connection", "connection"]


@dataclass(frozen=True)
class Connection:
    """Where the video commands send, as the global options said."""

    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    poll_seconds: float | None = None
    #: The global options given on the command line (not from the environment), as
    #: ``(flag, value)``: what a forwarded tool (``contract-test``) is handed.
    given: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def _poll(self) -> PollSchedule | None:
        if self.poll_seconds is None:
            return None
        return PollSchedule(first=self.poll_seconds, factor=1.0, steady=self.poll_seconds)

    def _key(self) -> str:
        key = self.api_key or os.environ.get(API_KEY_ENV)
        if not key:
            raise CliError(f"no API key: give --api-key or set {API_KEY_ENV}; nothing was sent")
        try:  # the SDK's check, naming the key's source in the command line's words
            check_key(
                key, "--api-key" if any(f == "--api-key" for f, _ in self.given) else API_KEY_ENV
            )
        except SeedanceError as exc:
            raise CliError(f"{exc}; nothing was sent") from None
        return key

    def sync(self) -> Seedance:
        """A :class:`Seedance` client (:class:`CliError` without a key)."""
        return Seedance(api_key=self._key(), base_url=self.base_url, poll_schedule=self._poll())

    def asynchronous(self) -> AsyncSeedance:
        """An :class:`AsyncSeedance` client (:class:`CliError` without a key)."""
        return AsyncSeedance(
            api_key=self._key(), base_url=self.base_url, poll_schedule=self._poll()
        )

    def global_options(self) -> str:
        """The ``--base-url`` to repeat in a printed command (when the environment lacks it)."""
        if self.base_url and self.base_url != os.environ.get(BASE_URL_ENV):
            return f" --base-url {self.base_url}"
        return ""


def connection(
    ctx: typer.Context, base_url: str | None = None, api_key: str | None = None
) -> Connection:
    """The connection the app callback stored (defaults when a command runs on its own),
    with the command's own ``--base-url`` / ``--api-key`` (given after its name) winning."""
    found = ctx.find_object(Connection) or Connection()
    if base_url is not None:
        found = dataclasses.replace(found, base_url=base_url)
    if api_key is not None:
        found = dataclasses.replace(found, api_key=api_key)
    return found


def _on_command_line(ctx: typer.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


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
    """Make Seedance videos with any vendored model, and test the gateway against its contract."""
    given = tuple(
        (flag, value)
        for name, flag, value in (
            ("base_url", "--base-url", base_url),
            ("api_key", "--api-key", api_key),
        )
        if value is not None and _on_command_line(ctx, name)
    )
    ctx.obj = Connection(base_url, api_key, poll_seconds, given)
