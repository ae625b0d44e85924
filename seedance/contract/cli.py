"""Command line: configuration errors exit 2 with a message saying what is missing; a failure
of the harness itself exits 4 (never 1, which means "contract violations found").
``--compare OLD NEW`` compares two recordings instead (:mod:`seedance.contract.compare`)."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING

from seedance.contract.config import HelpShown, load_config
from seedance.contract.errors import ConfigError, ContractError
from seedance.exitcode import ExitCode
from seedance.spec import SpecError

if TYPE_CHECKING:
    import httpx

    from seedance.contract.run import EmbeddedTarget


def main(
    argv: Sequence[str] | None = None,
    *,
    embedded: EmbeddedTarget | None = None,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """Parse flags and environment, run, return the exit code. ``embedded`` starts the target
    when none is configured (the command line passes the mock's); ``transport`` carries the
    requests instead of the network (see :func:`seedance.contract.run.run`)."""
    from seedance.contract.run import run

    args = list(sys.argv[1:] if argv is None else argv)
    if "--compare" in args:  # behaviour drift between two recordings: nothing is sent
        from seedance.contract.compare import main as compare

        return compare(args)
    try:
        config = load_config(args)
    except HelpShown:
        return ExitCode.OK
    except ConfigError as exc:
        print(f"contract-test: configuration error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        return run(config, embedded=embedded, transport=transport)
    except (SpecError, ContractError) as exc:
        print(f"contract-test: cannot run: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except Exception:
        traceback.print_exc()
        print(
            "contract-test: internal error of the harness (no verdict about the target); "
            "the traceback above says where",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL
