"""scripts/bench_batch.py times a real ``seedance batch`` subprocess against a mock process."""

import importlib.util
import sys
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_batch.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_batch", _SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_batch_bench_runs_the_batch_to_completion_and_reports_the_ratio():
    result = _bench().bench_batch(jobs=4, concurrency=2, task_seconds=0.2, poll_seconds=0.05)

    assert result.exit_code == 0
    assert result.ideal_seconds == pytest.approx(0.4)
    assert result.wall_seconds > 0
    assert "ratio" in result.line()
