"""Fixtures of the mock tests: the bundle, a shared mock server and checked HTTP clients.

``mock_gateway`` (the public pytest fixture of :mod:`seedance.mock.pytest_plugin`) is
imported here, as users would get it through ``pytest_plugins``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from contract_tests.mock.conformance import Conformance, conforming_client
from contract_tests.mock.helpers import example_body
from seedance.mock import MockServer, running_mock
from seedance.mock.pytest_plugin import mock_gateway, pytest_configure
from seedance.spec import OperationRoles, operation_roles

__all__ = ["mock_gateway", "pytest_configure"]

SHARED_TASK_SECONDS = 0.6


@pytest.fixture(scope="session")
def checker() -> Conformance:
    """The bundle's operations and response schemas."""
    return Conformance()


@pytest.fixture(scope="session")
def spec(checker: Conformance) -> dict[str, Any]:
    return checker.spec


@pytest.fixture(scope="session")
def ops(checker: Conformance) -> OperationRoles:
    """The operations by role: ``ops.create``, ``ops.retrieve``, ``ops.content``."""
    return operation_roles(checker.ops)


@pytest.fixture
def body(spec: dict[str, Any], ops: OperationRoles) -> dict[str, Any]:
    """A valid create body: the bundle's own request example."""
    return example_body(spec, ops.create)


@pytest.fixture(scope="module")
def shared_mock() -> Iterator[MockServer]:
    """One mock per test module (tasks take 0.6 s), default key."""
    with running_mock(api_key="sk-mock", task_seconds=SHARED_TASK_SECONDS, log_requests=False) as s:
        yield s


@pytest.fixture
def client(shared_mock: MockServer, checker: Conformance) -> Iterator[httpx.Client]:
    """An authenticated client of the shared mock that fails on any off-spec answer."""
    with conforming_client(shared_mock.base_url, shared_mock.auth_headers, checker) as c:
        yield c


@pytest.fixture
def anonymous(shared_mock: MockServer, checker: Conformance) -> Iterator[httpx.Client]:
    """A client of the shared mock that sends no key (answers still checked)."""
    with conforming_client(shared_mock.base_url, {}, checker) as c:
        yield c
