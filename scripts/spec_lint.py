"""Report where the spec's prose and schema disagree (reports/spec-lint.md).

Usage: ``python scripts/spec_lint.py [--spec PATH|URL] [--strict]``. Exit 0 (findings are
reported, not fatal), 1 with findings under --strict, 2 when the spec cannot be read.
Thin wrapper over :func:`seedance.drift.run_lint`.
"""

from __future__ import annotations

import sys

from seedance.drift import run_lint

if __name__ == "__main__":
    sys.exit(run_lint())
