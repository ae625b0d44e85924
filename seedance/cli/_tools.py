"""The tool subcommands of ``seedance``: ``mock``, ``contract-test``, ``drift``, ``lint-spec``.

Each forwards its arguments, untouched, to the command line the make targets run (so
``seedance drift --help`` and ``make drift`` are the same program with the same options and
exit codes). ``contract-test`` is also handed the global ``--base-url`` / ``--api-key`` given
before it (``seedance --base-url URL --api-key K contract-test``): it tests that target; its
own options, after it, win. It reads ``SEEDANCE_BASE_URL`` / ``SEEDANCE_API_KEY`` itself.
The tools need the ``tools`` extra; without it the command exits 2 saying what to install
instead of printing a traceback.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import cast

import typer

from seedance._extras import missing_extra
from seedance.cli._connection import connection
from seedance.exitcode import ExitCode

_FORWARDED = {
    "allow_extra_args": True,
    "ignore_unknown_options": True,
    "help_option_names": [],  # --help goes to the tool, which documents its own options
}

ToolMain = Callable[[Sequence[str] | None], int]


def _run(command: str, module: str, function: str, args: Sequence[str]) -> int:
    try:
        entry = cast(ToolMain, getattr(importlib.import_module(module), function))
    except ModuleNotFoundError as exc:
        missing = missing_extra(f"seedance {command}", exc)
        if missing is None:
            raise
        print(f"seedance: {missing}", file=sys.stderr)
        return ExitCode.USAGE
    return entry(list(args))


def mock(ctx: typer.Context) -> None:
    """Serve the mock gateway on loopback (--port P, --task-seconds S, --prefer …; --help)."""
    raise typer.Exit(_run("mock", "seedance.mock.cli", "main", ctx.args))


def contract_test(ctx: typer.Context) -> None:
    """Run the contract suite against the embedded mock or --base-url (see --help)."""
    given = [part for option in connection(ctx).given for part in option]
    raise typer.Exit(
        _run("contract-test", "seedance.cli._contract", "contract_test", [*given, *ctx.args])
    )


def drift(ctx: typer.Context) -> None:
    """Compare every vendored page with its published copy (--upstream URL|PATH|DIR; --help)."""
    raise typer.Exit(_run("drift", "seedance.drift.run", "main", ctx.args))


def lint_spec(ctx: typer.Context) -> None:
    """Report where a spec's prose and its schema disagree (--spec PATH|URL, --strict)."""
    raise typer.Exit(_run("lint-spec", "seedance.drift.lint", "main", ctx.args))


#: The tool commands by name; each takes its own options (``--help`` included).
TOOLS: dict[str, Callable[[typer.Context], None]] = {
    "mock": mock,
    "contract-test": contract_test,
    "drift": drift,
    "lint-spec": lint_spec,
}
#: How the command line hands a tool its arguments: untouched.
TOOL_SETTINGS = _FORWARDED
