"""Auth: a missing and an invalid key are refused with 401 on every secured operation."""

from __future__ import annotations

from typing import Any

from seedance.contract.results import Group
from seedance.contract.session import Session, expect_status, task_path

#: The documented answer to a missing or invalid key.
UNAUTHORIZED_STATUS = 401


def run_auth(session: Session, create_body: dict[str, Any], task_id: str) -> None:
    """Send each secured operation without a key and with a wrong key."""
    for op in session.operations.values():
        if not op.secured:
            continue
        path = task_path(op, task_id) if op.path_params else op.path
        for auth in ("missing", "invalid"):
            has_body = op.request_schema is not None

            def _send(
                method: str = op.method, path: str = path, auth: str = auth, body: bool = has_body
            ) -> Any:
                if body:
                    return session.sender.send(
                        method, path, json_body=create_body, auth=auth, expect_accept=False
                    )
                return session.sender.send(method, path, auth=auth, expect_accept=False)

            session.judge(
                id=f"auth:{op.operation_id}:{auth}-key",
                group=Group.AUTH,
                kind="auth",
                field="Authorization",
                constraint="bearer key required",
                case=f"{op.method} {path} with the key {auth}"
                + (" (a valid body)" if op.request_schema is not None else ""),
                expected=f"{UNAUTHORIZED_STATUS} (refused)",
                outcome=session.try_send(_send),
                ok=expect_status(UNAUTHORIZED_STATUS, label="missing or invalid key"),
            )
