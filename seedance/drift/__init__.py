"""Spec drift: what the publisher changed, how badly it breaks us, before it does.

Public API:
- :func:`compare_documents`: every classified change between two OpenAPI documents
  (oasdiff's check ids and levels where oasdiff has one).
- :func:`analyse_impact`: does our overlay still apply, would the generated client change.
- :func:`drift_result`: both, for two documents (what ``make drift`` and ``make vendor`` print).
- :func:`lint_spec`: places where a spec's prose and schema disagree.
- :func:`load_ignore_file`, :func:`apply_ignores`, :func:`expired_entries`: accepted changes.
- :func:`render_text` & co., :func:`write_reports`: the report formats.
- :func:`run_drift` / :func:`run_lint`: the command lines behind ``seedance drift``
  and ``seedance lint-spec`` (``make drift`` and ``make lint-spec`` run the same).
"""

from seedance.drift.compare import compare_documents
from seedance.drift.errors import DriftError, IgnoreFileError
from seedance.drift.ignore import IgnoreEntry, apply_ignores, expired_entries, load_ignore_file
from seedance.drift.impact import analyse_impact, surface_of_bundle
from seedance.drift.lint import Finding, lint_spec
from seedance.drift.lint import main as run_lint
from seedance.drift.model import LEVELS, Change, DriftResult, level_rank
from seedance.drift.report import (
    render_github,
    render_json,
    render_markdown,
    render_text,
    write_reports,
)
from seedance.drift.run import drift_result
from seedance.drift.run import main as run_drift
from seedance.drift.surface import diff_surfaces, read_surface

__all__ = [
    "LEVELS",
    "Change",
    "DriftError",
    "DriftResult",
    "Finding",
    "IgnoreEntry",
    "IgnoreFileError",
    "analyse_impact",
    "apply_ignores",
    "compare_documents",
    "diff_surfaces",
    "drift_result",
    "expired_entries",
    "level_rank",
    "lint_spec",
    "load_ignore_file",
    "read_surface",
    "render_github",
    "render_json",
    "render_markdown",
    "render_text",
    "run_drift",
    "run_lint",
    "surface_of_bundle",
    "write_reports",
]
