"""The CI workflows run what the team relies on (schema validity is checked by `make lint`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from seedance.spec import load_yaml_file

REPO_ROOT = Path(__file__).resolve().parents[2]

WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def _workflow(name: str) -> tuple[dict, str]:
    path = Path(WORKFLOWS / name)
    return load_yaml_file(path), path.read_text(encoding="utf-8")


def _triggers(doc: dict) -> set[str]:
    # YAML 1.1 reads the key `on` as True
    return set(doc.get("on") or doc.get(True) or {})


def _runs(doc: dict) -> list[str]:
    return [step["run"] for job in doc["jobs"].values() for step in job["steps"] if "run" in step]


def _commands(target: str) -> str:
    """What ``make TARGET`` would run (``make -n``: sub-makes are expanded, nothing runs)."""
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", target],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ci_runs_make_test_which_lints_checks_the_generated_client_and_runs_pytest():
    doc, _ = _workflow("ci.yml")
    assert _triggers(doc) >= {"push", "pull_request"}
    assert "make test" in _runs(doc)
    commands = _commands("test")
    for part in ("ruff check", "ruff format --check", "mypy", "check_generated.py", "pytest"):
        assert part in commands, f"make test does not run {part!r}:\n{commands}"


@pytest.mark.parametrize("name", ["spec-drift.yml", "contract-live.yml"])
def test_scheduled_workflows_also_run_on_demand_and_upload_reports(name):
    doc, text = _workflow(name)
    assert _triggers(doc) >= {"schedule", "workflow_dispatch"}
    assert "actions/upload-artifact" in text
    assert "path: reports/" in text


def test_the_drift_workflow_calls_seedance_drift_directly_annotates_and_fails_on_drift():
    doc, text = _workflow("spec-drift.yml")
    (command,) = [run for run in _runs(doc) if "seedance drift" in run]
    (line,) = [line for line in command.splitlines() if "seedance drift" in line]
    assert line.strip().startswith(".venv/bin/seedance drift --format github")
    assert "continue-on-error" not in text


def test_the_scheduled_drift_covers_every_vendored_page_not_one_file():
    doc, _ = _workflow("spec-drift.yml")
    (command,) = [run for run in _runs(doc) if "seedance drift" in run]
    # --vendored compares one file; without it (and without an input) every page is fetched,
    # and new pages are looked for in the publisher's index
    assert "--vendored" not in command
    assert '--upstream "$UPSTREAM"' in command
    assert '--index "$INDEX"' in command


def test_the_live_contract_workflow_takes_the_key_from_secrets_with_a_small_budget():
    _, text = _workflow("contract-live.yml")
    assert "make contract-test TARGET=live" in text
    assert "SEEDANCE_API_KEY: ${{ secrets.SEEDANCE_API_KEY }}" in text
    assert "MAX_BILLABLE" in text


def test_ci_builds_the_documentation_strictly():
    doc, _ = _workflow("ci.yml")
    assert "make docs" in _runs(doc)
    commands = _commands("docs")
    assert "mkdocs build --strict" in commands
    assert "--quiet" not in commands  # mkdocs --quiet drops the warnings --strict counts
