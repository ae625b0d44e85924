"""A 429 ("try later") is re-sent after its Retry-After; what finally comes back is judged."""

from __future__ import annotations

import httpx
import pytest

from seedance.contract import ConfigError, load_config
from seedance.contract import transport as transport_module
from seedance.contract.errors import NotSentError
from seedance.contract.results import NOT_RUN, Check, Group, Recorder
from seedance.contract.session import Session, expect_status, find_roles
from seedance.contract.transport import MAX_RETRY_WAIT, Budget, Sender
from seedance.spec import load_bundle, operations

OPS = operations(load_bundle())
ROLES = find_roles(OPS)
CREATE = ROLES.create


class _Limiter:
    """Answers 429 (with ``retry_after``, if any) ``limited`` times, then 200."""

    def __init__(self, limited: int, retry_after: str | None = "0") -> None:
        self.limited = limited
        self.retry_after = retry_after
        self.received = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received += 1
        if self.received <= self.limited:
            headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
            return httpx.Response(429, headers=headers)
        return httpx.Response(200, json={"id": "task_1"})


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(transport_module.time, "sleep", slept.append)
    return slept


def _sender(target: _Limiter, retries: int, budget: float = 5) -> Sender:
    return Sender(
        "http://target.test",
        "sk-secret-123",
        OPS,
        Budget(budget),
        retries=retries,
        transport=httpx.MockTransport(target),
    )


def _create(sender: Sender):
    return sender.send(CREATE.method, CREATE.path, json_body={}, expect_accept=True)


def test_a_429_is_re_sent_and_the_answer_that_follows_is_returned(waits: list[float]):
    target = _Limiter(limited=2, retry_after="3")
    sender = _sender(target, retries=3)
    exchange = _create(sender)
    assert exchange.status == 200
    assert exchange.attempt == 3
    assert [e.status for e in sender.exchanges] == [429, 429, 200]
    assert waits == [3.0, 3.0]
    assert sender.budget.billed == 1  # the 429s billed nothing


def test_a_bare_429_is_re_sent_after_1_then_2_seconds(waits: list[float]):
    sender = _sender(_Limiter(limited=2, retry_after=None), retries=3)
    assert _create(sender).status == 200
    assert waits == [1.0, 2.0]


def test_after_the_last_retry_the_429_stands_and_the_check_is_not_run_saying_so(
    waits: list[float],
):
    sender = _sender(_Limiter(limited=10), retries=2)
    session = Session(sender=sender, roles=ROLES, recorder=Recorder(), operations=OPS)
    exchange = _create(sender)
    assert (exchange.status, exchange.attempt, len(sender.exchanges)) == (429, 3, 3)
    check = Check(
        id="x",
        group=Group.REQUEST,
        kind="enum",
        field="seconds",
        constraint="enum",
        case="a valid create",
        expected="2xx",
    )
    row = session.judge(check, exchange, expect_status(200))
    assert row.verdict == NOT_RUN
    assert "429 (try later) on all 3 attempts" in row.reason


def test_a_retry_after_beyond_the_longest_wait_is_not_waited_for(waits: list[float]):
    target = _Limiter(limited=1, retry_after=str(int(MAX_RETRY_WAIT) + 1))
    sender = _sender(target, retries=3)
    assert _create(sender).status == 429
    assert (target.received, waits) == (1, [])


def test_with_no_retries_a_429_is_returned_at_once(waits: list[float]):
    sender = _sender(_Limiter(limited=1), retries=0)
    assert _create(sender).status == 429
    assert waits == []


def test_a_re_sent_create_still_goes_through_the_budget(waits: list[float]):
    target = _Limiter(limited=1)
    sender = _sender(target, retries=3, budget=1)
    assert _create(sender).status == 200
    assert sender.budget.billed == 1
    # the budget is now spent: the next create is not sent, however the last one ended
    with pytest.raises(NotSentError):
        _create(sender)
    assert target.received == 2


def test_retry_429_comes_from_the_environment_and_must_be_a_whole_number(tmp_path):
    env = {"REPORT_DIR": str(tmp_path)}
    assert load_config([], {**env}).retries == 3
    assert load_config([], {**env, "RETRY_429": "0"}).retries == 0
    with pytest.raises(ConfigError, match="RETRY_429 must be a whole number, got 'twice'"):
        load_config([], {**env, "RETRY_429": "twice"})
