"""Whole runs of the engine in-process: against the embedded mock within a small budget, the
plan-only mode, and an unreachable target."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

from rich.console import Console

from contract_tests.fakes.seed import SEED_PAGE
from seedance.contract import load_config, run
from seedance.contract.run import prepare
from seedance.mock import embedded_target


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=200), buffer


def _summary(report_dir: Path) -> dict:
    return json.loads((report_dir / "summary.json").read_text())


def test_a_small_budget_against_the_mock_bills_at_most_the_cap_and_lists_what_stayed_uncovered(
    tmp_path,
):
    env = {"MAX_BILLABLE": "3", "SCHEMATHESIS": "0", "REPORT_DIR": str(tmp_path), "DEADLINE": "30"}
    # the budget's rules do not depend on the family: the seed model alone
    config = load_config([], {**env, "MODELS": SEED_PAGE})
    console, _ = _console()
    assert run(config, console, embedded=embedded_target) == 0
    summary = _summary(tmp_path)
    assert summary["budget"]["billed"] <= 3
    assert summary["budget"]["plan_mode"] == "combined"
    not_run = [r for r in summary["results"] if r["verdict"] == "not run"]
    assert any("budget" in r["reason"] and r["group"] == "request" for r in not_run)
    lifecycle = {r["id"]: r["verdict"] for r in summary["results"] if r["group"] == "lifecycle"}
    assert lifecycle["lifecycle:content"] == "pass"
    assert lifecycle["lifecycle:same-task"] == "pass"


def test_plan_only_prints_the_planned_creates_and_sends_nothing(tmp_path):
    with socket.socket() as listener:  # a target that would notice any connection
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        env = {
            "BASE_URL": f"http://127.0.0.1:{port}",
            "API_KEY": "k",
            "MAX_BILLABLE": "4",
            "PLAN": "1",
            "REPORT_DIR": str(tmp_path),
        }
        config = load_config([], env)
        console, buffer = _console()
        assert run(config, console) == 0
        try:
            listener.accept()
            connected = True
        except BlockingIOError:
            connected = False
    assert not connected
    output = buffer.getvalue()
    assert "PLAN: 4 billable" in output
    assert len([line for line in output.splitlines() if line.strip().startswith("#")]) == 4
    assert prepare(config).planned == 4


def test_an_unreachable_target_is_a_network_error_not_a_violation(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = load_config(
        [], {"BASE_URL": f"http://127.0.0.1:{port}", "API_KEY": "k", "REPORT_DIR": str(tmp_path)}
    )
    console, buffer = _console()
    assert run(config, console) == 3
    summary = _summary(tmp_path)
    assert summary["counts"]["violation"] == 0
    assert summary["counts"]["network error"] >= 1
    assert "did not answer" in buffer.getvalue()
