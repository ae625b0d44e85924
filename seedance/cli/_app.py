"""The typer application with every subcommand, added here, in one place, and the
console-script entry point."""

from __future__ import annotations

import typer

from seedance.cli._batch import batch
from seedance.cli._connection import connect
from seedance.cli._models import models
from seedance.cli._tools import TOOL_SETTINGS, TOOLS
from seedance.cli._videos import download, generate, status

app = typer.Typer(
    name="seedance",
    help="Make Seedance videos with any vendored model, and test the gateway against its contract.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.callback()(connect)
# the order here is the order --help lists them: the video commands first
app.command()(generate)
app.command()(status)
app.command()(download)
app.command()(batch)
app.command("models")(models)
for _name, _tool in TOOLS.items():
    app.command(_name, context_settings=TOOL_SETTINGS, add_help_option=False)(_tool)


def main() -> None:
    """Entry point of the ``seedance`` console script."""
    app()
