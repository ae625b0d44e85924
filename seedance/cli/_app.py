"""The typer application every subcommand registers on, and the console-script entry point."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="seedance",
    help="Make Seedance videos with any vendored model, and test the gateway against its contract.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def commands() -> typer.Typer:
    """The application with every subcommand registered (their modules imported)."""
    # the import order is the order --help lists them: the video commands first
    import seedance.cli._videos  # noqa: I001
    import seedance.cli._batch
    import seedance.cli._connection
    import seedance.cli._models
    import seedance.cli._tools  # noqa: F401  (each registers its commands)

    return app


def main() -> None:
    """Entry point of the ``seedance`` console script."""
    commands()()
