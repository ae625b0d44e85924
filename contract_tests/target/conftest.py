"""Fixtures of the contract suite: the target, its schemathesis schema, the shared run.

Under ``python -m seedance.contract`` the run is the harness's (:data:`seedance.contract.
generated.ACTIVE`): same target, budget, rate limit and report. Run directly with pytest,
the suite starts the embedded mock itself (no budget) and fails on the first violation.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from seedance.contract import generated
from seedance.contract.config import RunConfig
from seedance.contract.generated import GeneratedRun
from seedance.contract.results import Recorder
from seedance.contract.session import Session, find_roles
from seedance.contract.transport import Budget, Sender
from seedance.spec import load_bundle, operations


@pytest.fixture(scope="session")
def contract_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GeneratedRun]:
    """The run whose target and budget the generated cases use."""
    if generated.ACTIVE is not None:
        yield generated.ACTIVE
        return
    from seedance.mock import running_mock

    spec = load_bundle()
    ops = operations(spec)
    with running_mock(api_key="sk-mock-suite", task_seconds=1.0, log_requests=False) as server:
        sender = Sender(server.base_url, server.api_key, ops, Budget(math.inf))
        session = Session(sender=sender, roles=find_roles(ops), recorder=Recorder(), operations=ops)
        config = RunConfig(
            target="mock",
            base_url=server.base_url,
            api_key=server.api_key,
            max_billable=math.inf,
            plan_only=False,
            rate=0.0,
            deadline=60.0,
            report_dir=Path(tmp_path_factory.mktemp("contract")),
            max_examples=10,
        )
        run = GeneratedRun(session=session, spec=spec, config=config, raise_on_violation=True)
        try:
            yield run
        finally:
            sender.close()
