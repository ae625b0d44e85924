"""scripts/bench_batch.py times a real ``seedance batch`` subprocess against a mock process."""

import pytest

from contract_tests.fakes.scripts import load_script


def _bench():
    return load_script("bench_batch")


@pytest.mark.slow
def test_the_batch_bench_runs_the_batch_to_completion_and_reports_the_ratio():
    result = _bench().bench_batch(jobs=4, concurrency=2, task_seconds=0.2, poll_seconds=0.05)

    assert result.exit_code == 0
    assert result.ideal_seconds == pytest.approx(0.4)
    assert result.wall_seconds > 0
    assert "ratio" in result.line()


@pytest.mark.slow
def test_the_bookkeeping_bench_settles_every_job_without_sending_and_reports_jobs_per_second():
    result = _bench().bench_bookkeeping(jobs=300)

    assert result.exit_code == 1  # every job "not run: budget"
    assert result.run_rate > 0
    assert result.command_rate > 0
    lines = "\n".join(result.lines())
    assert "300 jobs with `--max-billable 0`" in lines
    assert "jobs/s" in lines
