"""Fixtures: a distinctive API key, reference gateways served in process, harness runs.

The harness runs every selected test needs (the ``case_name`` parameters) are started in the
background right after collection, so they run while the tests before them do. Under
pytest-xdist (``make test`` runs two workers) the first worker to finish collecting runs them
and the others read what it publishes (:class:`SharedCampaign`); the key is then derived from
the run's id, the same in every worker.

A plugin registered in ``contract_tests/conftest.py``: its ordering hook sees every collected
test, wherever its file lives.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from .asgi import IN_PROCESS_URL, AppTransport, app_transport
from .campaign import CASES, SharedCampaign
from .faults import Fault, Variant
from .gateway import ReferenceGateway


@dataclass(frozen=True)
class RunningGateway:
    """A reference gateway served in this process (no socket), and how to reach it."""

    gateway: ReferenceGateway
    transport: AppTransport
    base_url: str = IN_PROCESS_URL

    def client(self, **options: Any) -> httpx.Client:
        """An httpx client whose requests this gateway answers (``options``: the client's)."""
        return httpx.Client(base_url=self.base_url, transport=self.transport, **options)


GatewayFactory = Callable[..., RunningGateway]


def _session_key() -> str:
    """A key distinctive enough that any leak into output or reports is found by a search:
    random per run, and the same in every xdist worker of a run."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    token = hashlib.sha256(run_id.encode()).hexdigest()[:32] if run_id else secrets.token_hex(16)
    return "sk-selftest-" + token


_API_KEY = _session_key()
_CAMPAIGN = pytest.StashKey[SharedCampaign]()


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
            return RunningGateway(gateway, stack.enter_context(app_transport(gateway.app)))

        yield _start


@pytest.fixture(scope="session")
def shared_faithful_gateway(api_key: str) -> Iterator[RunningGateway]:
    """One faithful gateway (0.2 s tasks) for tests that only read its answers."""
    gateway = ReferenceGateway(api_key=api_key, task_seconds=0.2)
    with app_transport(gateway.app) as transport:
        yield RunningGateway(gateway, transport)


def _case_name(item: pytest.Item) -> str | None:
    """The harness case a test reads (its ``case_name`` parameter), if any."""
    if isinstance(item, pytest.Function) and hasattr(item, "callspec"):
        name = item.callspec.params.get("case_name")
        return None if name is None else str(name)
    return None


def _case_names(items: list[pytest.Item]) -> set[str]:
    return {name for item in items if (name := _case_name(item)) is not None}


def _runs_root(config: pytest.Config) -> Path:
    """Where the campaign runs: shared by the xdist workers of one run, else this run's own."""
    factory = getattr(config, "_tmp_path_factory", None)
    if not isinstance(factory, pytest.TempPathFactory):
        return Path(tempfile.mkdtemp(prefix="harness-runs-"))
    if hasattr(config, "workerinput"):  # an xdist worker: basetemp is <run's basetemp>/popen-gwN
        return factory.getbasetemp().parent / "harness-runs"
    return factory.mktemp("harness-runs")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The test files that read harness runs go last, so the runs have the other tests' time
    to finish in: ``make test`` hands whole files to its xdist workers in this order
    (``--dist loadfile --no-loadscope-reorder``), and every worker reorders alike."""
    reading = {item.path for item in items if _case_name(item) is not None}
    items.sort(key=lambda item: item.path in reading)  # stable: the order is kept otherwise


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the harness runs of every selected test that takes a ``case_name`` parameter."""
    if session.config.option.collectonly:
        return
    names = _case_names(session.items)
    if names and set(names) <= set(CASES):
        root = _runs_root(session.config)
        session.stash[_CAMPAIGN] = SharedCampaign(names, _API_KEY, root)


def pytest_sessionfinish(session: pytest.Session) -> None:
    campaign = session.stash.get(_CAMPAIGN, None)
    if campaign is not None:
        campaign.close()


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest) -> SharedCampaign:
    """The harness runs of every selected test that takes a ``case_name`` parameter.

    They were started right after collection, a few at a time, so a full run of these tests
    costs about the slowest runs, not their sum; ``-k`` selects only what it needs. Reading
    a case waits for its run.
    """
    names = _case_names(request.session.items)
    unknown = names - set(CASES)
    assert not unknown, f"tests ask for undeclared harness cases: {sorted(unknown)}"
    campaign = request.session.stash.get(_CAMPAIGN, None)
    assert campaign is not None, "the harness runs were not started after collection"
    return campaign
