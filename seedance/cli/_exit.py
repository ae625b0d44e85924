"""Exit codes of the video commands, and how an error becomes one clear line.

``0`` done; ``1`` the gateway refused or failed (status, the gateway's code and message), a
task failed, or a batch left a job without its file; ``2`` configuration or validation
errors (nothing was sent); ``130`` interrupted (Ctrl-C: nothing is cancelled); ``143``
terminated (SIGTERM, handled like Ctrl-C). No traceback for any of them: the line says what
was expected, what came back and what to do.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

import typer

from seedance.batch.said import said
from seedance.cli._signals import terminate_as_interrupt, terminated
from seedance.errors import (
    APIStatusError,
    RequestValidationError,
    SeedanceError,
    TaskFailedError,
    WaitTimeoutError,
)
from seedance.exitcode import ExitCode

__all__ = [
    "CliError",
    "ExitCode",
    "error_record",
    "fail",
    "interrupt_code",
    "interrupt_word",
    "reported",
]


class CliError(Exception):
    """An error a command reports as one line and an exit code."""

    def __init__(
        self,
        message: str,
        code: ExitCode = ExitCode.USAGE,
        problems: list[dict[str, str]] | None = None,
    ) -> None:
        self.code = code
        #: For ``--json``: each problem of a refused request, by field.
        self.problems = problems
        super().__init__(message)


def error_record(exc: BaseException) -> dict[str, Any]:
    """The error as ``--json`` shows it: type, message and, for API errors, status and code."""
    record: dict[str, Any] = {"type": type(exc).__name__, "message": said(exc)}
    if isinstance(exc, APIStatusError):
        record.update(status_code=exc.status_code, code=exc.code, gateway_message=exc.message)
    if isinstance(exc, RequestValidationError):
        record["problems"] = [p.as_json() for p in exc.problems]
    if isinstance(exc, CliError) and exc.problems is not None:
        record["problems"] = exc.problems
    if isinstance(exc, TaskFailedError | WaitTimeoutError):
        record["task_id"] = exc.task.id
    return record


def _code_of(exc: BaseException) -> ExitCode:
    if isinstance(exc, CliError):
        return exc.code
    if isinstance(exc, RequestValidationError):
        return ExitCode.USAGE
    if type(exc) is SeedanceError:  # the client's own configuration (no key, bad retries)
        return ExitCode.USAGE
    return ExitCode.FAILED


def interrupt_code() -> ExitCode:
    """The exit code of an interrupt: 143 after SIGTERM, else 130 (Ctrl-C)."""
    return ExitCode.TERMINATED if terminated() else ExitCode.INTERRUPTED


def interrupt_word() -> str:
    """How the printed line names the interrupt."""
    return "terminated (SIGTERM)" if terminated() else "interrupted"


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    """Print ``seedance: message`` on stderr and exit with ``code``."""
    print(f"seedance: {message}", file=sys.stderr)
    raise typer.Exit(int(code))


@contextlib.contextmanager
def reported(json_output: bool = False) -> Iterator[None]:
    """Turn :class:`CliError` and SDK errors raised in the block into a line and an exit
    code (with ``json_output``, also ``{"error": …}`` on stdout)."""
    try:
        with terminate_as_interrupt():
            yield
    except (CliError, SeedanceError) as exc:
        if json_output:
            print(json.dumps({"error": error_record(exc)}))
        fail(said(exc), _code_of(exc))
    except KeyboardInterrupt:
        fail(interrupt_word(), interrupt_code())
