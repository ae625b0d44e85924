"""``python -m seedance.contract``: the same as ``seedance contract-test`` (an entry point, so
it may compose the harness with the mock, as the command line does)."""

from seedance.cli._contract import contract_test

raise SystemExit(contract_test())
