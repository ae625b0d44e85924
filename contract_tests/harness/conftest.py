"""Fixtures: a distinctive API key, reference gateways on free loopback ports, harness runs."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import pytest

from .campaign import CASES, Outcome, run_cases
from .faults import Fault, Variant
from .gateway import ReferenceGateway
from .server import serve_in_thread


@dataclass(frozen=True)
class RunningGateway:
    """A reference gateway being served, and where."""

    gateway: ReferenceGateway
    base_url: str


GatewayFactory = Callable[..., RunningGateway]


@pytest.fixture(scope="session")
def api_key() -> str:
    """A key distinctive enough that any leak into output or reports is found by a search."""
    return "sk-selftest-" + secrets.token_hex(16)


@pytest.fixture
def start_gateway(api_key: str) -> Iterator[GatewayFactory]:
    """Start reference gateways (``fault=``, ``variant=``); all stop when the test ends."""
    with ExitStack() as stack:

        def _start(
            fault: Fault | None = None,
            variant: Variant = Variant.FAITHFUL,
            task_seconds: float = 0.6,
        ) -> RunningGateway:
            gateway = ReferenceGateway(
                api_key=api_key, fault=fault, variant=variant, task_seconds=task_seconds
            )
            base_url = stack.enter_context(serve_in_thread(gateway.app))
            return RunningGateway(gateway, base_url)

        yield _start


@pytest.fixture(scope="session")
def shared_faithful_gateway(api_key: str) -> Iterator[RunningGateway]:
    """One faithful gateway (0.2 s tasks) for tests that only read its answers."""
    gateway = ReferenceGateway(api_key=api_key, task_seconds=0.2)
    with serve_in_thread(gateway.app) as base_url:
        yield RunningGateway(gateway, base_url)


@pytest.fixture(scope="session")
def outcomes(
    request: pytest.FixtureRequest, api_key: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Outcome]:
    """The harness runs of every selected test that takes a ``case_name`` parameter.

    They run together (a few at a time) the first time a test asks, so a full run of this
    folder costs about the slowest runs, not their sum; ``-k`` selects only what it needs.
    """
    names = {
        str(item.callspec.params["case_name"])
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and hasattr(item, "callspec")
        and "case_name" in item.callspec.params
    }
    unknown = names - set(CASES)
    assert not unknown, f"tests ask for undeclared harness cases: {sorted(unknown)}"
    return run_cases(names, api_key, tmp_path_factory.mktemp("harness-runs"))
