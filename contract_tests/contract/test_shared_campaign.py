"""A worker that does not run the campaign reads what the one running it publishes."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from contract_tests.fakes import campaign
from contract_tests.fakes.campaign import SharedCampaign


def _reader(root: Path, names: list[str]) -> SharedCampaign:
    root.mkdir(parents=True)
    (root / "owner").touch()  # another process claimed the campaign
    return SharedCampaign(names, "sk-unused", root)


def test_a_run_that_raised_reaches_the_reading_worker_as_an_error_naming_it(tmp_path: Path):
    reader = _reader(tmp_path / "runs", ["budget-0"])
    failed: Future[campaign.Outcome] = Future()
    failed.set_exception(OSError("no free port"))
    campaign._publish(tmp_path / "runs" / "budget-0.outcome", "budget-0", failed)
    with pytest.raises(RuntimeError, match=r"harness case 'budget-0' did not run: .*no free port"):
        reader["budget-0"]


def test_an_outcome_never_published_fails_with_a_message_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(campaign, "PUBLISH_PATIENCE", 0.2)
    reader = _reader(tmp_path / "runs", ["budget-0"])
    with pytest.raises(TimeoutError, match="published nothing"):
        reader["budget-0"]
    with pytest.raises(KeyError):
        reader["not-a-case"]
