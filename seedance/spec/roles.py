"""The bundle's operations by role, found from their shape rather than their names.

The operation with a JSON request body creates tasks; the GET with one path parameter whose
2xx answer is JSON retrieves a task; the GET whose 2xx answer is binary downloads its
content. Renamed operationIds (the publisher has renamed them before) change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from seedance.spec.errors import SpecError
from seedance.spec.schema import OperationInfo

_JSON = "application/json"


class OperationRolesError(SpecError):
    """The bundle does not have exactly one operation for each role."""


@dataclass(frozen=True)
class OperationRoles:
    """The create, retrieve and content-download operations of the bundle."""

    create: OperationInfo
    retrieve: OperationInfo
    content: OperationInfo

    @property
    def all(self) -> tuple[OperationInfo, ...]:
        """The three operations, in the order of the video flow."""
        return (self.create, self.retrieve, self.content)


def _success_types(op: OperationInfo) -> set[str]:
    return {t for s, r in op.responses.items() if s.startswith("2") for t in r.content}


def operation_roles(ops: dict[str, OperationInfo]) -> OperationRoles:
    """Find each role's single operation; :class:`OperationRolesError` if one is missing or
    doubled."""
    creates = [op for op in ops.values() if op.request_schema is not None]
    gets = [op for op in ops.values() if op.method == "GET" and len(op.path_params) == 1]
    retrieves = [op for op in gets if _JSON in _success_types(op)]
    contents = [op for op in gets if _success_types(op) and _JSON not in _success_types(op)]
    if len(creates) != 1 or len(retrieves) != 1 or len(contents) != 1:
        raise OperationRolesError(
            "expected exactly one create operation (JSON body), one retrieve (GET, JSON 2xx) "
            "and one content download (GET, binary 2xx); found "
            f"{[o.operation_id for o in creates]}, {[o.operation_id for o in retrieves]}, "
            f"{[o.operation_id for o in contents]}"
        )
    return OperationRoles(creates[0], retrieves[0], contents[0])
