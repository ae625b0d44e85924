"""The typer application every subcommand registers on, and the console-script entry point."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="seedance",
    help="Make Seedance 2.0 Mini videos, and test the gateway against its contract.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Entry point of the ``seedance`` console script."""
    import seedance.cli._tools  # noqa: F401  (registers its commands)

    app()
