"""Fixtures of the drift tests: the variants written once per session, and a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contract_tests.drift.variants import UPSTREAM_PATH, vendored_name, write_variants
from seedance.drift import run_drift


@dataclass
class DriftRun:
    """What one ``seedance drift`` run produced."""

    code: int
    stdout: str
    stderr: str
    report: dict[str, Any]
    markdown: str

    def ids(self, level: str | None = None) -> set[str]:
        return {
            c["id"]
            for c in self.report["changes"]
            if not c["ignored"] and (level is None or c["level"] == level)
        }


@pytest.fixture(scope="session")
def variant_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("variants")
    write_variants(directory)
    return directory


@pytest.fixture
def drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., DriftRun]:
    """Run ``seedance drift`` in-process with reports in a temporary directory."""

    def run(upstream: Path | str, *args: str, client: bool = False) -> DriftRun:
        reports = tmp_path / "reports"
        argv = ["--upstream", str(upstream), "--reports-dir", str(reports), *args]
        prepared = Path(upstream).with_name(vendored_name(Path(upstream).name))
        if "--vendored" not in args:
            # every variant is a later copy of the seed page: compare it with that page (or
            # with the prepared vendored side, when both sides were built from it)
            argv += ["--vendored", str(prepared if prepared.exists() else UPSTREAM_PATH)]
        if not client:
            argv.append("--no-client")
        capsys.readouterr()
        code = run_drift(argv)
        out = capsys.readouterr()
        report = json.loads((reports / "drift.json").read_text(encoding="utf-8"))
        markdown = (reports / "drift.md").read_text(encoding="utf-8")
        return DriftRun(code, out.out, out.err, report, markdown)

    return run
