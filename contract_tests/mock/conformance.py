"""Check an HTTP exchange with the mock against the bundle: documented status, content type,
body schema and headers. Tests install it as an httpx response hook, so every answer any
mock test receives is checked, whatever the test itself asserts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import httpx
import jsonschema

from seedance.spec import OperationInfo, load_bundle, operations

MOCK_ONLY_PREFIX = "/_mock/"


@dataclass(frozen=True)
class _Route:
    pattern: re.Pattern[str]
    op: OperationInfo


def _pattern(template: str) -> re.Pattern[str]:
    regex = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
    return re.compile(f"^{regex}$")


class Conformance:
    """Knows every operation of the bundle and the schemas of its responses."""

    def __init__(self, spec: dict[str, Any] | None = None) -> None:
        self.spec = spec or load_bundle()
        self.ops = operations(self.spec)
        self.routes = [_Route(_pattern(op.path), op) for op in self.ops.values()]
        self._validators: dict[int, jsonschema.Draft202012Validator] = {}

    def operation(self, method: str, path: str) -> tuple[OperationInfo | None, list[str]]:
        """The operation for ``method path`` and the methods the path allows."""
        allowed = [r.op.method for r in self.routes if r.pattern.match(path)]
        for route in self.routes:
            if route.op.method == method and route.pattern.match(path):
                return route.op, allowed
        return None, allowed

    def _validator(self, schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
        key = id(schema)
        if key not in self._validators:
            self._validators[key] = jsonschema.Draft202012Validator(schema)
        return self._validators[key]

    def problems(self, response: httpx.Response) -> list[str]:
        """Every way ``response`` departs from the bundle (empty when it conforms)."""
        request = response.request
        path = request.url.path
        if path.startswith(MOCK_ONLY_PREFIX):
            return []
        op, allowed = self.operation(request.method, path)
        found: list[str] = []
        if op is None:
            return self._undocumented(response, allowed)
        status = str(response.status_code)
        documented = op.responses.get(status)
        if documented is None:
            return [f"{op.operation_id}: status {status} is not documented ({list(op.responses)})"]
        where = f"{op.operation_id} {status}"
        media = response.headers.get("content-type", "").split(";")[0].strip()
        body = response.content
        if not body:
            bare_ok = not documented.content or documented.body_optional or request.method == "HEAD"
            if not bare_ok:
                found.append(f"{where}: empty body, expected {documented.content}")
        elif media not in documented.content:
            found.append(f"{where}: content type {media!r} not in {list(documented.content)}")
        else:
            schema = documented.content[media]
            if schema is not None and media.endswith("json"):
                data = json.loads(body)
                found += [
                    f"{where}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                    for e in self._validator(schema).iter_errors(data)
                ]
        for name in documented.headers:
            value = response.headers.get(name)
            if name.lower() == "location" and value is None:
                found.append(f"{where}: no {name} header")
            if name.lower() == "retry-after" and value is not None and not value.isdigit():
                found.append(f"{where}: {name}={value!r} is not an integer")
        return found

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
