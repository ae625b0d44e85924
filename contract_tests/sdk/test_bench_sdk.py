"""scripts/bench_sdk.py runs both flows to completion against a real mock process."""

import pytest

from contract_tests.fakes.scripts import load_script


def _bench():
    return load_script("bench_sdk")


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
