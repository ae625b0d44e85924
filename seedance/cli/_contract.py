"""``seedance contract-test``: the harness with the mock as its embedded target.

The command line composes the two tools (neither imports the other): a run that names no
target (no ``--base-url``) is run against :func:`seedance.mock.embedded_target`.
"""

from __future__ import annotations

from collections.abc import Sequence

from seedance.contract.cli import main as _contract_main
from seedance.mock import embedded_target


def contract_test(argv: Sequence[str] | None = None) -> int:
    """Run the contract suite (``argv``: its options); returns the exit code."""
    return _contract_main(argv, embedded=embedded_target)
