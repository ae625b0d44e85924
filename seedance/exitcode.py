"""The exit status of every ``seedance`` command, one enum for all of them.

``0`` done (in sync, every check passed); ``1`` a failure the command found (the gateway or a
task failed, contract violations, drift at or above the level, lint findings with
``--strict``); ``2`` configuration, usage or an unreadable input (nothing was sent); ``3``
the contract target could not be reached; ``4`` the harness itself failed (no verdict);
``5`` inconclusive (too little could be judged); ``130`` interrupted (Ctrl-C); ``143``
terminated (SIGTERM, handled like Ctrl-C).
"""

from enum import IntEnum as _IntEnum

__all__ = ["ExitCode"]


class ExitCode(_IntEnum):
    """What a command's exit status means."""

    OK = 0
    FAILED = 1
    USAGE = 2
    NETWORK = 3
    INTERNAL = 4
    INCONCLUSIVE = 5
    INTERRUPTED = 130
    TERMINATED = 143
