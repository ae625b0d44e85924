"""scripts/bench_sdk.py runs both flows to completion against a real mock process."""

import importlib.util
import sys
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_sdk.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_sdk", _SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_sdk_bench_measures_both_flows_and_reports_them():
    bench = _bench()

    result = bench.measure(calls=4, rounds=1)

    assert result.validation_us > 0
    assert result.sdk_seconds >= bench.TASK_SECONDS
    assert result.bare_seconds >= bench.TASK_SECONDS
    lines = result.markdown()
    assert any("concurrent `AsyncSeedance.create_and_wait`" in line for line in lines)
    assert any("SDK / bare httpx" in line for line in lines)
