"""What every check needs: the operations' roles, the sender, the recorder and one judge.

The roles are found from the bundle's shape, not from names: *create* is the billable
operation with a JSON request body, *retrieve* the GET with a path parameter answering JSON,
*content* the GET with a path parameter answering a non-JSON (binary) 200.
"""

from __future__ import annotations

import dataclasses
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from seedance.contract.client_read import client_read_problems
from seedance.contract.conformance import response_problems
from seedance.contract.errors import ContractError, NotSentError
from seedance.contract.results import Check, CheckResult, Recorder
from seedance.contract.transport import MAX_ANSWER_BYTES, RETRY_STATUSES, Exchange, Sender
from seedance.reading import task_path
from seedance.spec import OperationInfo, OperationRoles, OperationRolesError, operation_roles

__all__ = [
    "NotSent",
    "Outcome",
    "Session",
    "expect_2xx",
    "expect_status",
    "find_roles",
    "json_field",
    "oversize_problem",
    "task_path",
    "unknown_task_id",
]


def find_roles(ops: dict[str, OperationInfo]) -> OperationRoles:
    """The video flow's operations (:func:`seedance.spec.operation_roles`); the create must be
    marked ``x-billable``, since the budget counts exactly those requests."""
    try:
        roles = operation_roles(ops)
    except OperationRolesError as exc:
        raise ContractError(str(exc)) from exc
    if not roles.create.billable:
        raise ContractError(
            f"the create operation {roles.create.operation_id!r} is not marked x-billable: "
            "the budget could not count what the target bills (see openapi/overlay.yaml)"
        )
    return roles


def unknown_task_id() -> str:
    """An id shaped like a real one that no target has ever issued."""
    alphabet = string.ascii_letters + string.digits
    return "task_" + "".join(secrets.choice(alphabet) for _ in range(32))


@dataclass(frozen=True)
class NotSent:
    """A request deliberately not sent (the budget forbade it), and why."""

    reason: str


#: What trying to send a request gives: the exchange, or why it was not sent.
Outcome = Exchange | NotSent


def oversize_problem(exchange: Exchange) -> str:
    """The violation of an answer cut off at :data:`MAX_ANSWER_BYTES`."""
    return (
        f"the answer is larger than {MAX_ANSWER_BYTES} bytes ({exchange.content_type or 'no'} "
        "content type; every documented answer is a few KB): reading stopped there"
    )


@dataclass
class Session:
    """The shared state of one run."""

    sender: Sender
    roles: OperationRoles
    recorder: Recorder
    operations: dict[str, OperationInfo]
    #: The model and mode whose checks this session records (see :meth:`for_page`).
    model: str = ""
    mode: str = ""

    def for_page(self, model: str, mode: str) -> Session:
        """The same session, recording rows as ``model`` ``mode``'s."""
        return dataclasses.replace(self, model=model, mode=mode)

    def add(self, row: CheckResult) -> CheckResult:
        """Record ``row`` as this session's model and mode's."""
        if self.model and not row.model:
            row.model, row.mode = self.model, self.mode
        return self.recorder.add(row)

    def operation(self, exchange: Exchange) -> OperationInfo | None:
        """The operation an exchange addressed."""
        return self.operations.get(exchange.operation_id or "")

    def try_send(self, send: Callable[[], Exchange]) -> Outcome:
        """Send, or say why it was not sent."""
        try:
            return send()
        except NotSentError as exc:
            return NotSent(exc.reason)

    def judge(
        self,
        check: Check,
        outcome: Outcome,
        ok: Callable[[Exchange], str | None],
        *,
        doc_gap: str | None = None,
    ) -> CheckResult:
        """Record the row of ``check``: ``ok`` returns ``None`` when the status is right, else
        what is wrong. Conformance of the answer to the bundle is checked for every answer."""
        return self.add(self._verdict(check, outcome, ok, doc_gap))

    def _verdict(
        self,
        check: Check,
        outcome: Outcome,
        ok: Callable[[Exchange], str | None],
        doc_gap: str | None,
    ) -> CheckResult:
        if isinstance(outcome, NotSent):
            return check.not_run(outcome.reason)
        exchange = outcome
        operation = exchange.operation_id or ""
        if exchange.error is not None:
            return check.network_error(exchange.error, curl=exchange.curl(), operation=operation)
        assert exchange.status is not None
        observed = str(exchange.status)
        if exchange.status in RETRY_STATUSES:  # still "try later" after the re-sends
            reason = f"the target answered {exchange.status} (try later) " + (
                f"on all {exchange.attempt} attempts"
                if exchange.attempt > 1
                else "and it was not re-sent"
            )
            if exchange.not_resent:
                reason += f" ({exchange.not_resent})"
            self.recorder.limited()
            return check.not_run(reason, observed=observed, operation=operation)
        if exchange.oversize:
            return check.violated(
                observed, oversize_problem(exchange), curl=exchange.curl(), operation=operation
            )
        problems: list[str] = []
        wrong = ok(exchange)
        if wrong:
            problems.append(wrong)
        op = self.operation(exchange)
        if op is not None:
            problems.extend(response_problems(op, exchange))
            if not problems:  # an answer the spec allows must also be one our client reads
                problems.extend(client_read_problems(self.roles, op, exchange))
        if not problems:
            return check.passed(observed, operation=operation)
        return check.violated(
            observed,
            "; ".join(problems) + f" — answer: {exchange.body_excerpt(200)!r}",
            curl=exchange.curl(),
            doc_gap=doc_gap if wrong else None,
            operation=operation,
        )


def expect_status(*codes: int, label: str = "") -> Callable[[Exchange], str | None]:
    """A judge for "the answer's status is one of ``codes``"."""

    def _check(exchange: Exchange) -> str | None:
        if exchange.status in codes:
            return None
        wanted = " or ".join(str(c) for c in codes)
        return f"expected {wanted}{f' ({label})' if label else ''}, got {exchange.status}"

    return _check


def expect_2xx(label: str = "accepted") -> Callable[[Exchange], str | None]:
    """A judge for "the request is accepted" (any 2xx)."""

    def _check(exchange: Exchange) -> str | None:
        if exchange.status is not None and 200 <= exchange.status < 300:
            return None
        return f"expected 2xx ({label}), got {exchange.status}"

    return _check


def json_field(data: Any, name: str) -> Any:
    """``data[name]`` when ``data`` is a mapping, else ``None``."""
    return data.get(name) if isinstance(data, dict) else None
