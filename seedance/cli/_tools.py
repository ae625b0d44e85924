"""The tool subcommands of ``seedance``: mock, contract-test, drift, lint-spec (filled in next)."""

from __future__ import annotations
