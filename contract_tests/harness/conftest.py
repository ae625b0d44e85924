"""Fixtures: a distinctive API key, reference gateways on free loopback ports, harness runs.

The harness runs every selected test needs (the ``case_name`` parameters) are started in the
background right after collection, so they run while the tests before them do.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from .campaign import CASES, Campaign
from .faults import Fault, Variant
from .gateway import ReferenceGateway
from .server import serve_in_thread


@dataclass(frozen=True)
class RunningGateway:
    """A reference gateway being served, and where."""

    gateway: ReferenceGateway
    base_url: str


GatewayFactory = Callable[..., RunningGateway]


#: A key distinctive enough that any leak into output or reports is found by a search.
_API_KEY = "sk-selftest-" + secrets.token_hex(16)
_CAMPAIGN = pytest.StashKey[Campaign]()


@pytest.fixture(scope="session")
def api_key() -> str:
    """The session's distinctive key (the gateways accept only it)."""
    return _API_KEY


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


def _case_names(items: list[pytest.Item]) -> set[str]:
    return {
        str(item.callspec.params["case_name"])
        for item in items
        if isinstance(item, pytest.Function)
        and hasattr(item, "callspec")
        and "case_name" in item.callspec.params
    }


def _runs_root(config: pytest.Config) -> Path:
    factory = getattr(config, "_tmp_path_factory", None)
    if isinstance(factory, pytest.TempPathFactory):
        return factory.mktemp("harness-runs")
    return Path(tempfile.mkdtemp(prefix="harness-runs-"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the harness runs of every selected test that takes a ``case_name`` parameter."""
    if session.config.option.collectonly:
        return
    names = _case_names(session.items)
    if names and set(names) <= set(CASES):
        root = _runs_root(session.config)
        session.stash[_CAMPAIGN] = Campaign(names, _API_KEY, root)


def pytest_sessionfinish(session: pytest.Session) -> None:
    campaign = session.stash.get(_CAMPAIGN, None)
    if campaign is not None:
        campaign.close()


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest) -> Campaign:
    """The harness runs of every selected test that takes a ``case_name`` parameter.

    They were started right after collection, a few at a time, so a full run of this folder
    costs about the slowest runs, not their sum; ``-k`` selects only what it needs. Reading
    a case waits for its run.
    """
    names = _case_names(request.session.items)
    unknown = names - set(CASES)
    assert not unknown, f"tests ask for undeclared harness cases: {sorted(unknown)}"
    campaign = request.session.stash.get(_CAMPAIGN, None)
    assert campaign is not None, "the harness runs were not started after collection"
    return campaign
