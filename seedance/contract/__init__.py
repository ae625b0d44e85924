"""The contract harness: prove a target honours ``openapi/seedance.yaml``, within a budget.

``python -m seedance.contract`` (what ``make contract-test`` runs) derives every request
constraint from the bundle at run time, plans the billable requests within ``MAX_BILLABLE``,
sends everything through one budget-enforcing sender, runs schemathesis on top and writes
``junit.xml``, ``summary.json`` and ``summary.md``.

Public API:
- :func:`main` (the command line), :func:`run`, :func:`load_config`, :class:`RunConfig` (what
  it tests: :class:`Target`) and the
  exit codes: :class:`seedance.exitcode.ExitCode`; ``ENVIRONMENT_VARIABLES``: every variable
  a run reads.
- :func:`request_model`, :func:`derive_constraints`, :class:`Constraint`, :func:`outside_values`:
  the constraint engine.
- :func:`plan_requests`, :class:`Plan`: the budget planner.
- :class:`Budget`, :class:`Sender`, :class:`Exchange`: the one place requests are sent
  (:class:`Auth`: which key a request carries).
- :class:`Check` (what a row checks; it makes the row of each verdict), :class:`CheckResult`,
  :class:`Verdict`, :class:`Group`, :class:`Kind`, :class:`Recorder`: the rows of a run.
- :func:`curl_line`, :func:`redact`: reproduction lines with the key redacted.
- :class:`ContractError` and subclasses: everything this package raises
  (:class:`RunStoppedError`: the run ended early).
"""

from seedance.contract.cli import main
from seedance.contract.config import (
    ENVIRONMENT_VARIABLES,
    RunConfig,
    Target,
    load_config,
)
from seedance.contract.constraints import (
    Constraint,
    ConstraintSet,
    Edit,
    apply_edits,
    derive_constraints,
)
from seedance.contract.curl import curl_line, redact
from seedance.contract.errors import (
    ConfigError,
    ContractError,
    NotSentError,
    RunStoppedError,
)
from seedance.contract.model import RequestModel, cost_order, request_model
from seedance.contract.nearmiss import OutsideValue, description_values, outside_values
from seedance.contract.planner import Plan, PlannedRequest, plan_requests
from seedance.contract.results import Check, CheckResult, Group, Kind, Recorder, Verdict
from seedance.contract.run import run
from seedance.contract.transport import Auth, Budget, Exchange, Sender

__all__ = [
    "ENVIRONMENT_VARIABLES",
    "Auth",
    "Budget",
    "Check",
    "CheckResult",
    "ConfigError",
    "Constraint",
    "ConstraintSet",
    "ContractError",
    "Edit",
    "Exchange",
    "Group",
    "Kind",
    "NotSentError",
    "OutsideValue",
    "Plan",
    "PlannedRequest",
    "Recorder",
    "RequestModel",
    "RunConfig",
    "RunStoppedError",
    "Sender",
    "Target",
    "Verdict",
    "apply_edits",
    "cost_order",
    "curl_line",
    "derive_constraints",
    "description_values",
    "load_config",
    "main",
    "outside_values",
    "plan_requests",
    "redact",
    "request_model",
    "run",
]
