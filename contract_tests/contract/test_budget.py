"""The budget is enforced where requests are sent: nothing billable goes out beyond the cap."""

from __future__ import annotations

import dataclasses
import math

import httpx
import pytest

from seedance.contract import ContractError
from seedance.contract.errors import NotSentError
from seedance.contract.session import find_roles
from seedance.contract.transport import Budget, Sender
from seedance.spec import load_bundle, operations

OPS = operations(load_bundle())
CREATE = find_roles(OPS).create
RETRIEVE = find_roles(OPS).retrieve


class _Target:
    """An in-memory target answering every create with ``status``; counts what arrives."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.received: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received.append(request)
        return httpx.Response(self.status, json={})


def _sender(target: _Target, budget: float) -> Sender:
    return Sender(
        "http://target.test",
        "sk-secret-123",
        OPS,
        Budget(budget),
        transport=httpx.MockTransport(target),
    )


def test_creates_beyond_the_budget_are_never_sent():
    target = _Target(200)
    sender = _sender(target, 2)
    for _ in range(2):
        sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=True)
    for _ in range(3):
        with pytest.raises(NotSentError, match="budget"):
            sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=True)
    assert len(target.received) == 2
    assert sender.budget.billed == 2
    assert sender.budget.not_sent == 3


def test_refused_creates_do_not_use_the_budget():
    target = _Target(400)
    sender = _sender(target, 1)
    for _ in range(5):
        sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=True)
    assert len(target.received) == 5
    assert sender.budget.billed == 0


def test_with_a_zero_budget_no_create_that_should_succeed_is_sent():
    target = _Target(200)
    sender = _sender(target, 0)
    with pytest.raises(NotSentError):
        sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=True)
    assert target.received == []


def test_a_wrongly_billed_refusal_stops_every_further_create():
    target = _Target(200)  # a faulty target that accepts what it should refuse
    sender = _sender(target, 0)
    sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=False)
    with pytest.raises(NotSentError, match="should have refused"):
        sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=False)
    assert len(target.received) == 1
    assert sender.budget.unexpected == 1


def test_free_operations_are_never_limited_by_the_budget():
    target = _Target(404)
    sender = _sender(target, 0)
    for _ in range(3):
        sender.send(RETRIEVE.method, RETRIEVE.path.replace("{task_id}", "task_x"))
    assert len(target.received) == 3


def test_a_network_error_on_a_create_counts_against_the_budget_and_is_not_retried():
    calls = []

    def _refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    sender = Sender(
        "http://target.test", "k", OPS, Budget(1), transport=httpx.MockTransport(_refuse)
    )
    exchange = sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=True)
    assert exchange.error is not None
    assert exchange.status is None
    assert len(calls) == 1
    with pytest.raises(NotSentError):
        sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=True)


def test_an_unlimited_budget_never_refuses():
    target = _Target(200)
    sender = _sender(target, math.inf)
    for _ in range(20):
        sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=True)
    assert len(target.received) == 20


def test_a_bundle_whose_create_is_not_marked_billable_is_refused():
    unmarked = {**OPS, CREATE.operation_id: dataclasses.replace(CREATE, billable=False)}
    with pytest.raises(ContractError, match="not marked x-billable"):
        find_roles(unmarked)
