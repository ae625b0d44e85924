"""scripts/bench_batch.py times a real ``seedance batch`` subprocess against a mock process."""

import pytest

from contract_tests.support.scripts import load_script


def _bench():
    return load_script("bench_batch")


@pytest.mark.slow
def test_the_batch_bench_runs_the_batch_to_completion_and_reports_the_ratio():
    result = _bench().bench_batch(jobs=4, concurrency=2, task_seconds=0.2, poll_seconds=0.05)

    assert result.exit_code == 0
    assert result.ideal_seconds == pytest.approx(0.4)
    assert result.wall_seconds > 0
    assert "ratio" in result.line()
