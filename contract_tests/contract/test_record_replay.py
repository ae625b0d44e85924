"""--record keeps every exchange without the key; --replay judges them again, offline."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contract_tests.fakes.faults import Fault, Variant
from contract_tests.fakes.runner import HarnessRun
from seedance.contract import ENVIRONMENT_VARIABLES
from seedance.contract.cassette import KEPT_VIDEO_BYTES

from .conftest import (
    COMMITTED,
    FAULT,
    SEED_ONLY,
    Recorded,
    compare_report,
    record,
    replay,
    rows,
    violations,
)

_BLOCK_NETWORK = """
import socket

def _refuse(*args, **kwargs):
    raise OSError("networking is disabled in this process")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def _entries(directory: Path) -> list[dict]:
    return json.loads((directory / "cassette.har").read_text(encoding="utf-8"))["log"]["entries"]


def _offline_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a process whose every connection attempt fails."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_BLOCK_NETWORK, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_VARIABLES}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    return env


def test_the_committed_recording_replays_green_in_a_process_without_network(tmp_path):
    env = _offline_env(tmp_path)
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        env=env, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert probe.returncode != 0
    assert "networking is disabled" in probe.stderr
    done = subprocess.run(
        [sys.executable, "-m", "seedance.contract", "--replay", str(COMMITTED),
         "--report-dir", str(tmp_path / "reports")],
        env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["violation"] == 0
    assert summary["counts"]["not run"] == 0, [
        r for r in summary["results"] if r["verdict"] == "not run"
    ]
    assert summary["target"] == "replay of mock"
    assert (
        summary["counts"]["pass"]
        == json.loads((COMMITTED / "verdicts.json").read_text(encoding="utf-8"))["counts"]["pass"]
    )


def test_the_committed_recording_keeps_no_key_and_the_video_only_as_size_digest_and_head():
    entries = _entries(COMMITTED)
    text = "\n".join(p.read_text(encoding="utf-8") for p in COMMITTED.iterdir())
    assert "sk-mock" not in text  # the embedded mock's key (not a secret, but never written)
    auth = {
        h["value"]
        for e in entries
        for h in e["request"]["headers"]
        if h["name"].lower() == "authorization"
    }
    assert "Bearer $SEEDANCE_API_KEY" in auth
    videos = [
        e for e in entries if e["response"]["content"].get("mimeType", "").startswith("video/")
    ]
    assert videos
    for entry in videos:
        content = entry["response"]["content"]
        kept = base64.b64decode(content["text"])
        assert len(kept) <= KEPT_VIDEO_BYTES < content["size"]
        assert content["_truncated"] is True
        assert len(content["_sha256"]) == 64
        assert kept[4:8] == b"ftyp"
    assert {e["_check"] for e in entries} >= {"check_not_found", "check_lifecycle", "check_auth"}
    assert all(e["_operation"] for e in entries if e["_check"] != "check_generated")


def test_a_recording_of_a_gateway_holds_the_key_in_no_form(faulty_recording: Recorded):
    key = faulty_recording.api_key
    forms = {key, key[len("sk-") :], base64.b64encode(key.encode()).decode()}
    for path in faulty_recording.directory.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not [form for form in forms if form in text], path.name
    assert {p.name for p in faulty_recording.directory.iterdir()} == {
        "cassette.har", "pages.json", "settings.json", "verdicts.json"
    }  # fmt: skip
    verdicts = json.loads((faulty_recording.directory / "verdicts.json").read_text("utf-8"))
    assert verdicts["counts"] == faulty_recording.live.summary["counts"]


def test_a_faulty_recording_replays_to_the_violations_the_live_run_reported(
    faulty_recording: Recorded, tmp_path
):
    live = faulty_recording.live
    assert live.returncode == 1, live.describe()
    reported = violations(live)
    assert reported, live.describe()
    again = replay(faulty_recording.directory, tmp_path)
    assert again.returncode == 1, again.describe()
    assert violations(again) == reported
    assert {r["reason"] for r in rows(again).values() if r["verdict"] == "violation"} == {
        r["reason"] for r in rows(live).values() if r["verdict"] == "violation"
    }, f"{FAULT.value}: the reasons differ"


@pytest.mark.parametrize(
    ("fault", "variant"),
    [(Fault.NEVER_COMPLETES, Variant.FAITHFUL), (None, Variant.RATE_LIMITED)],
    ids=["lifecycle-times-out", "bare-429-re-sent"],
)
def test_waiting_is_replayed_from_the_recorded_times_without_waiting(
    fault: Fault | None, variant: Variant, tmp_path: Path
):
    """A task that never completes times out again (the clock is the recording's) and a 429
    is re-sent again (its wait is skipped): the same rows and notes as the live run."""
    made = record(
        tmp_path,
        fault,
        variant,
        env={"MAX_BILLABLE": "3", "DEADLINE": "1", "SCHEMATHESIS": "0", **SEED_ONLY},
    )
    again = replay(made.directory, tmp_path / "replay")
    assert again.returncode == made.live.returncode, again.describe()
    assert {k: r["verdict"] for k, r in rows(again).items()} == {
        k: r["verdict"] for k, r in rows(made.live).items()
    }
    if fault is Fault.NEVER_COMPLETES:
        assert rows(again)["lifecycle:completes"]["verdict"] == "violation"
    else:
        resent = [n for n in made.live.summary["notes"] if "re-sent after a 429" in n]
        assert resent
        assert resent == [n for n in again.summary["notes"] if "re-sent after a 429" in n]


@pytest.fixture(scope="module")
def edited_replay(tmp_path_factory: pytest.TempPathFactory) -> tuple[HarnessRun, str]:
    """The committed recording with three edits, replayed once: the lifecycle's create answers
    a status the spec does not have, the not-found exchanges are gone, and the recorded page
    hash differs from today's. Returns the replay and the page."""
    tmp = tmp_path_factory.mktemp("edited")
    directory = tmp / "recording"
    shutil.copytree(COMMITTED, directory)
    lines = (directory / "cassette.har").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if '"_check":"check_not_found"' not in line]
    assert len(kept) == len(lines) - 2
    create = next(
        i for i, line in enumerate(kept)
        if '"_check":"check_lifecycle"' in line and '"method":"POST"' in line
    )  # fmt: skip
    assert '\\"queued\\"' in kept[create]
    kept[create] = kept[create].replace('\\"queued\\"', '\\"exploded\\"')
    (directory / "cassette.har").write_text("\n".join(kept) + "\n", encoding="utf-8")
    pages = json.loads((directory / "pages.json").read_text(encoding="utf-8"))
    page = next(iter(pages["pages"]))
    pages["pages"][page] = "0" * 64
    (directory / "pages.json").write_text(json.dumps(pages), encoding="utf-8")
    return replay(directory, tmp / "reports"), page


def test_an_answer_edited_to_break_the_spec_fails_the_replay(edited_replay):
    run, _ = edited_replay
    assert run.returncode == 1, run.describe()
    broken = [r for r in rows(run).values() if r["verdict"] == "violation"]
    assert broken
    assert all("'exploded' is not one of" in r["reason"] for r in broken), broken


def test_a_check_whose_exchange_is_missing_is_not_run_never_a_pass(edited_replay):
    run, _ = edited_replay
    found = {k: r for k, r in rows(run).items() if k.startswith("not-found:")}
    assert found
    assert all(r["verdict"] == "not run" for r in found.values()), found
    assert all("not in the recording" in r["reason"] for r in found.values())
    assert "not in the recording" in run.stdout


def test_a_recording_made_under_other_pages_says_which_changed_and_judges_against_today(
    edited_replay,
):
    run, page = edited_replay
    notes = " ".join(run.summary["notes"])
    assert f"1 page changed: {page} (sha256" in notes
    assert "judged against today's" in notes
    assert run.summary["counts"]["pass"] > 200  # judged, against today's pages


def test_replay_refuses_recording_and_an_unreadable_recording_with_exit_2(tmp_path):
    from seedance.contract import main

    assert main(["--replay", str(COMMITTED), "--record", str(tmp_path / "again")]) == 2
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "cassette.har").write_text("{not json", encoding="utf-8")
    assert main(["--replay", str(tmp_path / "broken"), "--report-dir", str(tmp_path / "r")]) == 2
    assert main(["--replay", str(tmp_path / "absent"), "--report-dir", str(tmp_path / "r")]) == 2


def test_recordings_of_two_different_gateways_list_their_differences(
    faulty_recording: Recorded, tmp_path, capsys
):
    code, report = compare_report(COMMITTED, faulty_recording.directory, tmp_path)
    assert code == 1
    changes = report["changes"]
    created = [
        c for c in changes if c["id"] == "status-changed" and "POST createVideo" in c["location"]
    ]
    assert created, changes
    assert {c["level"] for c in created} == {"error"}
    assert any("now 201" in c["message"] for c in created)
    assert report["counts"]["error"] >= len(created)
    out = capsys.readouterr().out
    assert "status-changed" in out
    markdown = (tmp_path / "behaviour-drift.md").read_text(encoding="utf-8")
    assert "| error | status-changed |" in markdown
