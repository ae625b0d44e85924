"""Compare the published spec with openapi/upstream.yaml and say what the changes mean.

Usage: ``python scripts/spec_drift.py --upstream SRC [--fail-on error|warning|info]
[--format text|markdown|json|github]``. Exit 0 in sync, 1 drift at or above the level,
2 upstream unreadable. Always writes reports/drift.json and reports/drift.md.
Thin wrapper over :func:`seedance.drift.run_drift`.
"""

from __future__ import annotations

import sys

from seedance.drift import run_drift

if __name__ == "__main__":
    sys.exit(run_drift())
