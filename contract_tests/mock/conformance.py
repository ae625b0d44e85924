"""Check an HTTP exchange with the mock against the bundle: documented status, content type,
body schema and headers. Tests install it as an httpx response hook, so every answer any
mock test receives is checked, whatever the test itself asserts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx

from seedance.contract.conformance import response_problems
from seedance.contract.transport import Exchange
from seedance.mock.app import CDN_PREFIX, HEALTH_PATH
from seedance.spec import OperationInfo, load_bundle, operations


@dataclass(frozen=True)
class _Route:
    pattern: re.Pattern[str]
    op: OperationInfo


# Same rule as the private ``seedance.contract.transport._template_regex``; the public
# ``Sender.operation_for`` gives the operation but not the methods a path allows (for 405s).
def _pattern(template: str) -> re.Pattern[str]:
    regex = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
    return re.compile(f"^{regex}$")


class Conformance:
    """Knows every operation of the bundle and the schemas of its responses."""

    def __init__(self, spec: dict[str, Any] | None = None) -> None:
        self.spec = spec or load_bundle()
        self.ops = operations(self.spec)
        self.routes = [_Route(_pattern(op.path), op) for op in self.ops.values()]

    def operation(self, method: str, path: str) -> tuple[OperationInfo | None, list[str]]:
        """The operation for ``method path`` and the methods the path allows."""
        allowed = [r.op.method for r in self.routes if r.pattern.match(path)]
        for route in self.routes:
            if route.op.method == method and route.pattern.match(path):
                return route.op, allowed
        return None, allowed

    def problems(self, response: httpx.Response) -> list[str]:
        """Every way ``response`` departs from the bundle (empty when it conforms).

        Documented operations are judged by the contract harness's own checker
        (:func:`seedance.contract.conformance.response_problems`), so the mock is held to the
        same rules as any target; off-spec paths and methods by the mock's 404/405 rules.
        """
        request = response.request
        path = request.url.path
        if path == HEALTH_PATH or path.startswith(CDN_PREFIX):  # the mock's own routes
            return []
        op, allowed = self.operation(request.method, path)
        if op is None:
            return self._undocumented(response, allowed)
        exchange = Exchange(
            seq=0,
            operation_id=op.operation_id,
            method=request.method,
            url=str(request.url),
            request_headers={},
            request_body=None,
            status=response.status_code,
            response_headers=dict(response.headers),
            response_body=response.content,
        )
        return [
            f"{op.operation_id} {response.status_code}: {p}"
            for p in response_problems(op, exchange)
        ]

    @staticmethod
    def _undocumented(response: httpx.Response, allowed: list[str]) -> list[str]:
        """Off the spec: an unknown path must be a JSON 404, a wrong method a JSON 405 + Allow."""
        found = []
        expected = 405 if allowed else 404
        if response.status_code != expected:
            found.append(
                f"{response.request.method} {response.request.url.path}: "
                f"expected {expected}, got {response.status_code}"
            )
        if allowed and set(response.headers.get("allow", "").replace(" ", "").split(",")) != set(
            allowed
        ):
            found.append(f"Allow {response.headers.get('allow')!r}, expected {allowed}")
        if not response.headers.get("content-type", "").startswith("application/json"):
            found.append(f"{response.status_code} without a JSON body")
        return found


def conforming_client(base_url: str, headers: dict[str, str], checker: Conformance) -> httpx.Client:
    """An httpx client that fails (AssertionError) on any answer that departs from the bundle."""

    def check(response: httpx.Response) -> None:
        response.read()
        problems = checker.problems(response)
        assert not problems, "the mock answered off-spec:\n" + "\n".join(problems)

    return httpx.Client(
        base_url=base_url, headers=headers, timeout=30.0, event_hooks={"response": [check]}
    )
