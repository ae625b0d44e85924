"""Spec drift: what the publisher changed, how badly it breaks us, before it does.

Public API (the entry points; comparison, impact, ignores and report formats are in the
modules):
- :func:`run_drift` / :func:`run_lint`: the command lines behind ``seedance drift`` and
  ``seedance lint-spec`` (``make drift`` and ``make lint-spec`` run those commands).
- :func:`drift_result`: every classified change between two documents and its impact (what
  ``make drift`` and ``make vendor`` print); :func:`render_text`: its text report.
- :class:`DriftResult`, :class:`Change`, :data:`LEVELS`: what it finds.
- :class:`DriftError`: everything this package raises.
"""

from seedance.drift.errors import DriftError
from seedance.drift.lint import main as run_lint
from seedance.drift.model import Change, DriftResult
from seedance.drift.report import render_text
from seedance.drift.run import drift_result
from seedance.drift.run import main as run_drift
from seedance.spec.levels import LEVELS

__all__ = [
    "LEVELS",
    "Change",
    "DriftError",
    "DriftResult",
    "drift_result",
    "render_text",
    "run_drift",
    "run_lint",
]
