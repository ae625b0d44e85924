"""The contract harness: prove a target honours ``openapi/seedance.yaml``, within a budget.

``seedance contract-test`` (what ``make contract-test`` runs) derives every request
constraint from the bundle at run time, plans the billable requests within ``MAX_BILLABLE``,
sends everything through one budget-enforcing sender, runs schemathesis on top and writes
``junit.xml``, ``summary.json`` and ``summary.md``.

Public API (the entry points; the engine's parts are in the modules):
- :func:`main` (the command line; ``embedded=`` starts the target when none is configured),
  :func:`run`, :func:`load_config`, :class:`RunConfig` (what it tests: :class:`Target`);
  ``ENVIRONMENT_VARIABLES``: every variable a run reads. Exit codes:
  :class:`seedance.exitcode.ExitCode`.
- :class:`ContractError` and :class:`ConfigError`: what a run refuses to start for.
"""

from seedance.contract.cli import main
from seedance.contract.config import ENVIRONMENT_VARIABLES, RunConfig, Target, load_config
from seedance.contract.errors import ConfigError, ContractError
from seedance.contract.run import run

__all__ = [
    "ENVIRONMENT_VARIABLES",
    "ConfigError",
    "ContractError",
    "RunConfig",
    "Target",
    "load_config",
    "main",
    "run",
]
