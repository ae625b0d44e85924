"""Against a hostile target the harness stays safe, bounded and truthful (issue #12, items 1-7).

Each test serves one misbehaving target (:mod:`contract_tests.fakes.hostile`) on a loopback
port and runs the command line against it (in this process, or in a child process where its
memory is measured), judging only what a user sees: the exit code, stdout and the report files,
and what the target received.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from contract_tests.fakes import hostile
from contract_tests.fakes.faults import Fault
from contract_tests.fakes.gateway import ReferenceGateway
from contract_tests.fakes.reports import NOT_RUN, PASS, VIOLATION, brief, rows, rows_with
from contract_tests.fakes.runner import HarnessRun, run_harness, run_harness_in_process
from contract_tests.fakes.seed import SEED_PAGE
from contract_tests.fakes.server import serve_in_thread
from seedance.contract.constraints import derive_constraints
from seedance.contract.curl import MIN_REDACTED_RUN
from seedance.contract.family import FAMILY_VALUES
from seedance.contract.model import request_model
from seedance.contract.session import find_roles
from seedance.exitcode import ExitCode
from seedance.spec import load_bundle, operations

pytestmark = pytest.mark.timeout(120)

_SPEC = load_bundle()
_ROLES = find_roles(operations(_SPEC))
_CONSTRAINTS = derive_constraints(request_model(_SPEC, _ROLES.create.operation_id))
#: The seed model alone: how the harness meets a hostile target does not depend on the family.
_SEED = {"MODELS": SEED_PAGE}
#: Small limits, so a hostile run takes seconds.
_QUICK = {"SCHEMATHESIS": "0", "MAX_BILLABLE": "1", "DEADLINE": "5", **_SEED}
#: Peak memory a run may reach whatever the target sends (the harness itself needs ~200 MB).
_MEMORY_CAP_MB = 600


def _run(tmp_path: Path, base_url: str, key: str, **env: str) -> HarnessRun:
    return run_harness_in_process(
        tmp_path / "reports", env={"BASE_URL": base_url, "API_KEY": key, **env}
    )


def _longest_key_run(text: str, key: str) -> tuple[int, str]:
    """The longest run of consecutive characters of ``key`` in ``text``, and where it stands."""
    best, where = 0, ""
    for start in range(len(key)):
        for end in range(start + best + 1, len(key) + 1):
            at = text.find(key[start:end])
            if at < 0:
                break
            best, where = end - start, text[max(at - 60, 0) : at + 60]
    return best, where


def _serve(stack: ExitStack, app: Any) -> str:
    return stack.enter_context(serve_in_thread(app))


def test_a_redirect_to_http_on_the_same_host_and_port_never_receives_the_key(
    tmp_path: Path, api_key: str
) -> None:
    """Item 1: https://127.0.0.1:P → http://127.0.0.1:P is another origin (the scheme differs)."""
    gateway = ReferenceGateway(api_key=api_key, task_seconds=0.2)
    suffix = _ROLES.content.path.rsplit("}", 1)[1]
    target = hostile.DowngradingTarget(gateway.app, content_suffix=suffix)
    with target.serving() as base_url:
        run = _run(tmp_path, base_url, api_key, SSL_CERT_FILE=str(hostile.TLS_CERT), **_QUICK)
    assert target.plain, f"the harness never followed the redirect to http\n{run.describe()}"
    leaked = [auth for auth in target.plain if auth and api_key in auth]
    assert not leaked, f"plain http received the key {len(leaked)} time(s)\n{run.describe()}"
    content = [r for r in rows(run) if r["id"] == "lifecycle:content"]
    assert content, brief(rows(run))
    assert "http://127.0.0.1" in str(content[0]["reason"]), brief(content)


_MEASURED = """
import resource, sys
from seedance.contract import main
code = main()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"peak-rss-kb {peak}", file=sys.stderr)
sys.exit(code)
"""


def test_an_endless_json_body_is_a_violation_and_memory_stays_bounded(
    tmp_path: Path, api_key: str
) -> None:
    """Item 2: every answer a 200 JSON body that never ends; the run ends, memory bounded."""
    hits = hostile.Hits()
    with ExitStack() as stack:
        base_url = _serve(stack, hostile.endless_json(hits))
        run = run_harness(
            tmp_path / "reports",
            env={"BASE_URL": base_url, "API_KEY": api_key, **_QUICK},
            code=_MEASURED,
            timeout=100,
        )
    peak = re.search(r"peak-rss-kb (\d+)", run.stderr)
    assert peak, run.describe()
    peak_mb = int(peak[1]) / 1024
    assert peak_mb < _MEMORY_CAP_MB, f"peak RSS {peak_mb:.0f} MB\n{run.describe()}"
    assert run.returncode == ExitCode.FAILED, run.describe()
    oversize = [r for r in rows_with(run, VIOLATION) if "larger than" in str(r["reason"])]
    assert oversize, brief(rows(run))
    # not-found, the first refusal (billed: the cap stops creates), then auth on each operation
    assert len(hits.requests) >= 5, "the run stopped before trying the checks"
    print(f"peak RSS {peak_mb:.0f} MB over {len(hits.requests)} endless answers")


def test_one_byte_every_few_tenths_of_a_second_meets_the_request_deadline_and_ends_the_run(
    tmp_path: Path, api_key: str
) -> None:
    """Item 3: headers, then a byte every 0.3 s forever, after two quick answers."""
    hits = hostile.Hits()
    with ExitStack() as stack:
        base_url = _serve(stack, hostile.dribbling(hits, answered=2))
        run = _run(tmp_path, base_url, api_key, REQUEST_DEADLINE="1", **_QUICK)
    assert run.returncode == ExitCode.NETWORK, run.describe()
    assert "stopped answering" in run.stdout, run.describe()
    assert "stopped answering" in run.summary_md
    timed_out = [r for r in rows(run) if "REQUEST_DEADLINE" in str(r["reason"])]
    assert timed_out, brief(rows(run))
    assert len(hits.requests) <= 2 + 3, f"{len(hits.requests)} requests sent to a silent target"
    assert run.seconds < 30, run.describe()


def test_a_run_past_its_deadline_ends_early_with_exit_3_and_says_so(
    tmp_path: Path, api_key: str
) -> None:
    """Item 3: every answer right, complete, but late; RUN_DEADLINE ends the run."""
    gateway = ReferenceGateway(api_key=api_key, task_seconds=0.2)
    with ExitStack() as stack:
        base_url = _serve(stack, hostile.slow_answers(gateway.app, delay=0.4))
        run = _run(tmp_path, base_url, api_key, RUN_DEADLINE="2", **_QUICK)
    assert run.returncode == ExitCode.NETWORK, run.describe()
    assert "RUN_DEADLINE=2" in run.stdout, run.describe()
    assert "ended early" in run.summary_md
    assert run.seconds < 15, run.describe()


@pytest.mark.parametrize("key_kind", ["long", "short"])
def test_a_key_echoed_at_every_cut_position_leaves_no_run_of_it_in_any_output(
    tmp_path: Path, api_key: str, key_kind: str
) -> None:
    """Item 4: each error answer echoes the key after one more padding character than the last."""
    key = api_key if key_kind == "long" else "q7Zx4"  # shorter than the redacted run
    hits = hostile.Hits()
    with ExitStack() as stack:
        base_url = _serve(stack, hostile.echoing_key(hits))
        run = _run(
            tmp_path, base_url, key, SCHEMATHESIS="1", MAX_EXAMPLES="5", MAX_BILLABLE="40", **_SEED
        )
    assert run.returncode == ExitCode.FAILED, run.describe()
    assert len(hits.requests) > 250, f"only {len(hits.requests)} cut positions met"
    # stdout and the report files; stderr in this process also carries the servers' own logs
    written = run.everything_written().replace(run.stderr, "")
    # the report paths are the test's own (pytest-0/… shares "test-0" with a selftest key)
    written = written.replace(str(tmp_path), "<tmp>")
    assert key not in run.stderr
    if key_kind == "long":
        longest, where = _longest_key_run(written, key)
        assert longest < MIN_REDACTED_RUN, f"{longest} key characters were written: {where!r}"
    else:
        assert not re.search(rf"(?<![A-Za-z0-9]){key}(?![A-Za-z0-9])", written)
    assert "<redacted>" in written


def test_a_target_answering_only_429_is_inconclusive_and_its_re_sends_are_capped(
    tmp_path: Path, api_key: str
) -> None:
    """Item 5: every request ``429 Retry-After: 0``; nothing is judged, nothing passes."""
    env = {"MAX_BILLABLE": "3", "SCHEMATHESIS": "1", "MAX_EXAMPLES": "3", "RETRY_429": "3", **_SEED}
    received = {}
    runs = {}
    for cap in (0, 7):
        hits = hostile.Hits()
        with ExitStack() as stack:
            base_url = _serve(stack, hostile.always_429(hits))
            runs[cap] = _run(
                tmp_path / str(cap), base_url, api_key, RETRY_429_TOTAL=str(cap), **env
            )
        received[cap] = len(hits.requests)
    run = runs[7]
    assert run.returncode == ExitCode.INCONCLUSIVE, run.describe()
    assert not rows_with(run, PASS), brief(rows_with(run, PASS))
    generated = [r for r in rows(run) if r["group"] == "schemathesis" and r["id"].count(":") == 1]
    assert generated, brief(rows(run))
    assert all(r["verdict"] == NOT_RUN for r in generated), brief(generated)
    assert "inconclusive" in run.stdout, run.describe()
    assert received[7] - received[0] == 7, received  # the whole run re-sent 7 times, no more


def test_creates_without_an_answer_are_not_called_billed_refusals(
    tmp_path: Path, api_key: str
) -> None:
    """Item 6: a create that got no answer may have been billed; it was not "billed wrongly"."""
    gateway = ReferenceGateway(api_key=api_key, task_seconds=0.2)
    hits = hostile.Hits()
    with ExitStack() as stack:
        app = hostile.creates_unanswered(gateway.app, hits, _ROLES.create.path)
        base_url = _serve(stack, app)
        run = _run(tmp_path, base_url, api_key, REQUEST_DEADLINE="1", **_QUICK)
    said = run.summary_md + run.stdout
    assert hits.requests, "no create reached the target"
    assert "should have refused" not in said, run.summary_md
    assert "may have been billed" in said, run.summary_md


def test_reasons_never_repeat_the_not_run_prefix(tmp_path: Path, api_key: str) -> None:
    """Item 6: a target that bills a refusal uses the budget up before the lifecycle's create."""
    gateway = ReferenceGateway(api_key=api_key, fault=Fault.ENUM_NOT_ENFORCED, task_seconds=0.2)
    with ExitStack() as stack:
        base_url = _serve(stack, gateway.app)
        run = _run(tmp_path, base_url, api_key, **_QUICK)
    skipped = rows_with(run, NOT_RUN)
    assert any(str(r["id"]).startswith("lifecycle:") for r in skipped), brief(skipped)
    prefixed = [r for r in skipped if str(r["reason"]).lower().startswith("not run")]
    assert not prefixed, brief(prefixed)
    assert "budget: budget" not in run.summary_md
    assert "not run: not run" not in run.summary_md


def _generated_ratio() -> tuple[str, str, str]:
    """(field, a ratio only the structural generator proposes, a value the enum has)."""
    for miss in _CONSTRAINTS.negatives:
        if miss.origin.startswith("ratio") and miss.value not in FAMILY_VALUES:
            valid = next(
                c.value for c in _CONSTRAINTS.positives if c.field == miss.field and c.value
            )
            return str(miss.field).rsplit(".", 1)[-1], str(miss.value), str(valid)
    raise AssertionError("the bundle has no ratio-shaped enum")


def test_a_gateway_accepting_an_ordinary_undocumented_ratio_is_caught(
    tmp_path: Path, api_key: str
) -> None:
    """Item 7: the ratio is in no hand list; only the structural near misses try it."""
    field, accepted, documented = _generated_ratio()
    gateway = ReferenceGateway(api_key=api_key, task_seconds=0.2)
    with ExitStack() as stack:
        base_url = _serve(stack, hostile.accepting_ratio(gateway.app, field, accepted, documented))
        run = _run(tmp_path, base_url, api_key, **_QUICK)
    assert run.returncode == ExitCode.FAILED, run.describe()
    caught = [r for r in rows_with(run, VIOLATION) if accepted in str(r["case"])]
    assert caught, brief(rows_with(run, VIOLATION))
