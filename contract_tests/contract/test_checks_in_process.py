"""Every fault is caught by the checks of its group, run alone, in this process.

A check is a function of a run's context (:func:`seedance.contract.run.first_context`, one
per page: :func:`~seedance.contract.run.page_contexts`); here its sender reaches the reference
gateway through httpx's ASGI transport (no server, no socket), so each fault switch is shown
to be caught by the checks that exist for it, naming what broke and nothing else, while the
faithful gateway passes the same checks. What the command makes of a fault (exit code,
reports, curl lines) is proven end to end for one fault of each group
(``test_faults_are_caught.py``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from rich.console import Console

from contract_tests.fakes.asgi import IN_PROCESS_URL, app_transport
from contract_tests.fakes.faults import Fault, caught_by, checked_models, fault_info
from contract_tests.fakes.gateway import ReferenceGateway
from contract_tests.fakes.reports import PASS, VIOLATION, brief, mentioning
from seedance.contract.check_auth import check_auth
from seedance.contract.check_lifecycle import check_lifecycle, check_not_found
from seedance.contract.check_requests import check_negatives, check_positives
from seedance.contract.config import load_config
from seedance.contract.context import ContractCheck, RunContext
from seedance.contract.results import Group, Recorder
from seedance.contract.run import first_context, open_sender, page_contexts, prepare
from seedance.contract.session import Session
from seedance.contract.transport import Budget

#: The checks of each group, in the order a run has them; the request checks run per page.
CHECKS_OF: dict[Group, tuple[ContractCheck, ...]] = {
    Group.NOT_FOUND: (check_not_found,),
    Group.REQUEST: (check_negatives, check_positives),
    Group.LIFECYCLE: (check_lifecycle,),
    Group.AUTH: (check_auth,),
}
#: What a user would give against a small test gateway (the campaign's fault runs).
_ENV = {"MAX_BILLABLE": "200", "DEADLINE": "3", "SCHEMATHESIS": "0"}


@contextmanager
def _contexts(gateway: ReferenceGateway, api_key: str, models: str) -> Iterator[list[RunContext]]:
    """The run's first context and one per page, sending to ``gateway`` in process."""
    env = {**_ENV, "BASE_URL": IN_PROCESS_URL, "API_KEY": api_key, "MODELS": models}
    config = load_config([], env)
    prepared = prepare(config)
    with app_transport(gateway.app) as transport:
        sender = open_sender(
            config,
            IN_PROCESS_URL,
            api_key,
            prepared.ops,
            Budget(config.max_billable),
            transport=transport,
        )
        session = Session(sender, prepared.roles, Recorder(), prepared.ops)
        first = first_context(config, prepared, session, Console(file=io.StringIO()))
        try:
            yield [first, *page_contexts(first, prepared)]
        finally:
            sender.close()


def _rows(group: Group, fault: Fault | None, api_key: str) -> list[dict[str, Any]]:
    """The rows the checks of ``group`` record against a gateway with ``fault``, after the
    not-found checks (every run starts with them: they leave the never-created id later
    checks ask for)."""
    gateway = ReferenceGateway(api_key=api_key, fault=fault, task_seconds=0.2)
    with _contexts(gateway, api_key, checked_models(fault)) as (first, *pages):
        results = first.session.recorder.results
        if group is not Group.NOT_FOUND:
            check_not_found(first)
        before = len(results)
        for check in CHECKS_OF[group]:
            for context in pages if group is Group.REQUEST else [first]:
                check(context)
        return [row.as_dict() for row in results[before:]]


@pytest.mark.parametrize("group", list(CHECKS_OF))
def test_the_checks_of_each_group_pass_the_faithful_gateway(group: Group, api_key: str):
    found = _rows(group, None, api_key)
    assert [r for r in found if r["verdict"] == PASS], f"the {group} checks judged nothing"
    violations = [r for r in found if r["verdict"] == VIOLATION]
    assert not violations, brief(violations)


@pytest.mark.parametrize("fault", list(Fault), ids=[fault.value for fault in Fault])
def test_each_fault_is_caught_by_the_checks_of_its_group_naming_only_what_it_broke(
    fault: Fault, api_key: str
):
    group = caught_by(fault)
    violations = [r for r in _rows(group, fault, api_key) if r["verdict"] == VIOLATION]
    info = fault_info(fault)
    assert violations, f"the {group} checks missed: {info.description}"
    unnamed = [token for token in info.evidence if not mentioning(violations, token)]
    assert not unnamed, f"{info.description}: no violation names {unnamed}:\n{brief(violations)}"
    stray = [r for r in violations if not any(mentioning([r], t) for t in info.evidence)]
    assert not stray, f"{info.description}: violations naming none of {info.evidence}:\n" + brief(
        stray
    )
