"""Auth: a missing and an invalid key are refused with 401 on every secured operation."""

from __future__ import annotations

from seedance.contract.constraints import apply_edits
from seedance.contract.context import RunContext
from seedance.contract.results import Check, Group, Kind
from seedance.contract.session import expect_status, task_path
from seedance.contract.transport import Auth, Exchange
from seedance.gateway import Status

#: The documented answer to a missing or invalid key.
#: The keys a secured operation must refuse.
REFUSED_KEYS = (Auth.MISSING, Auth.INVALID)


def check_auth(context: RunContext) -> None:
    """Send each secured operation without a key and with a wrong key: with the body of the
    lifecycle's create (the base body when there is none), on the lifecycle's task (the
    not-found checks' id when there is none)."""
    session = context.session
    first = context.lifecycle_request
    create_body = apply_edits(context.constraints.base, first.edits if first else ())
    task_id = context.findings.task_id or context.findings.missing_id
    for op in session.operations.values():
        if not op.secured:
            continue
        path = task_path(op, task_id) if op.path_params else op.path
        has_body = op.request_schema is not None
        for auth in REFUSED_KEYS:

            def _send(
                method: str = op.method, path: str = path, auth: Auth = auth, body: bool = has_body
            ) -> Exchange:
                if body:
                    return session.sender.send(
                        method, path, json_body=create_body, auth=auth, expect_accept=False
                    )
                return session.sender.send(method, path, auth=auth, expect_accept=False)

            check = Check(
                id=f"auth:{op.operation_id}:{auth}-key",
                group=Group.AUTH,
                kind=Kind.AUTH,
                field="Authorization",
                constraint="bearer key required",
                case=f"{op.method} {path} with the key {auth}"
                + (" (a valid body)" if has_body else ""),
                expected=f"{Status.UNAUTHORIZED} (refused)",
            )
            session.judge(
                check,
                session.try_send(_send),
                expect_status(Status.UNAUTHORIZED, label="missing or invalid key"),
            )
