"""CI replays the committed recordings on every pull request; `make record` refreshes one."""

from __future__ import annotations

import subprocess

from contract_tests.fakes.runner import REPO_ROOT
from seedance.spec import load_yaml_file

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "contract-replay.yml"


def _make_n(*args: str) -> str:
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", *args],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_replay_workflow_replays_every_committed_recording_on_pull_requests():
    doc = load_yaml_file(WORKFLOW)
    triggers = set(doc.get("on") or doc.get(True) or {})  # YAML 1.1 reads `on` as True
    assert {"pull_request", "push"} <= triggers
    runs = " ".join(s["run"] for job in doc["jobs"].values() for s in job["steps"] if "run" in s)
    assert "make contract-test REPLAY=" in runs
    assert "recordings/*/" in runs
    assert (REPO_ROOT / "recordings" / "mock" / "cassette.har").is_file()


def test_make_record_writes_to_recordings_by_target_and_contract_test_passes_replay_on():
    assert '--record "recordings/mock"' in _make_n("record")
    assert '--record "recordings/server"' in _make_n("record", "BASE_URL=http://127.0.0.1:9")
    assert '--record "recordings/live"' in _make_n("record", "TARGET=live")
    assert '--record "elsewhere"' in _make_n("record", "DIR=elsewhere")
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    exported = next(line for line in makefile.splitlines() if line.startswith("export "))
    assert "REPLAY" in exported.split()
    assert "RECORD" in exported.split()
