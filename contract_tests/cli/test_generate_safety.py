"""``seedance generate`` and ``download``: whatever could fail after paying is found before
the create (exit 2, nothing sent), a file name made from a task id stays in the working
folder, and what still fails after the create prints the task id and the exact command that
resumes, never a traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from contract_tests.fakes.cli_fixtures import IMAGE, creates, run_cli
from contract_tests.fakes.fake_gateway import VIDEO, FakeGateway
from contract_tests.fakes.server import serve_in_thread
from seedance._download import Sink
from seedance.mock import MockServer


def _generate(gateway: MockServer, *args: str):
    return run_cli(gateway, "generate", "--prompt", "a cat", "--image", IMAGE, *args)


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_an_out_file_in_a_folder_that_cannot_be_written_is_refused_before_the_create(gateway):
    result = _generate(gateway, "--out", "/sys/kernel/cat.mp4")

    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert "/sys/kernel cannot be written" in line
    assert "nothing was sent" in line
    assert creates(gateway) == 0


def test_an_out_name_too_long_for_the_file_system_is_refused_before_the_create(
    gateway, tmp_path: Path
):
    result = _generate(gateway, "--out", str(tmp_path / ("x" * 250 + ".mp4")))

    assert result.exit_code == 2
    assert "over the 255" in _one_line(result.stderr)
    assert creates(gateway) == 0


def test_an_existing_out_file_is_kept_unless_overwrite(gateway, tmp_path: Path):
    out = tmp_path / "cat.mp4"
    out.write_bytes(b"my film")

    refused = _generate(gateway, "--out", str(out))

    assert refused.exit_code == 2
    assert "already exists; add --overwrite" in _one_line(refused.stderr)
    assert creates(gateway) == 0
    assert out.read_bytes() == b"my film"
    replaced = _generate(gateway, "--out", str(out), "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert out.read_bytes()[4:8] == b"ftyp"


def test_an_out_that_is_a_folder_is_refused_before_the_create(gateway, tmp_path: Path):
    result = _generate(gateway, "--out", str(tmp_path))

    assert result.exit_code == 2
    assert "is a folder" in _one_line(result.stderr)
    assert creates(gateway) == 0


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_generate_refuses_a_timeout_that_cannot_mean_anything(gateway, value: str):
    result = _generate(gateway, "--timeout", value)

    assert result.exit_code == 2
    assert "--timeout must be a positive number of seconds" in _one_line(result.stderr)
    assert creates(gateway) == 0


def _generate_from(fake: FakeGateway):
    """``seedance generate`` (no ``--out``: the file is named from the task id) against ``fake``."""
    with serve_in_thread(fake.app()) as url:
        return run_cli(
            None, "--base-url", url, "--api-key", "sk-any", "generate", "--prompt", "a cat",
            "--image", IMAGE,
        )  # fmt: skip


@pytest.mark.parametrize("task_id", ["../../escaped", "/tmp/absolute/escaped", ".hidden/../../x"])
def test_a_file_name_made_from_the_task_id_stays_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, task_id: str
):
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    fake = FakeGateway(task_id=task_id)
    result = _generate_from(fake)

    assert result.exit_code == 0, result.output
    saved = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(saved) == 1
    assert saved[0].parent == work
    assert saved[0].read_bytes() == VIDEO
    assert not Path("/tmp/absolute/escaped.mp4").exists()


def test_a_video_that_cannot_be_saved_after_the_create_prints_the_task_id_and_resume_command(
    gateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def disk_full(self: Sink, chunk: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Sink, "write", disk_full)
    out = tmp_path / "cat.mp4"

    result = _generate(gateway, "--out", str(out))

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    created = result.stderr.splitlines()[0]
    assert created.startswith("created task ")
    task_id = created.split()[-1]
    last = result.stderr.strip().splitlines()[-1]
    assert "No space left on device" in last
    assert f"download {task_id} --out {out} --wait" in last
    assert creates(gateway) == 1
    assert not list(tmp_path.glob(".*.part"))
    monkeypatch.undo()
    resumed = run_cli(gateway, "download", task_id, "--out", str(out), "--wait")
    assert resumed.exit_code == 0, resumed.output
    assert creates(gateway) == 1


def test_the_command_line_never_speaks_the_sdks_words(gateway, tmp_path: Path):
    no_key = run_cli(None, "status", "task_x")
    unknown = run_cli(gateway, "status", "task_" + "0" * 32)

    for result in (no_key, unknown):
        for sdk_words in ("api_key=", "max_retries", "client.videos", "make contract-test"):
            assert sdk_words not in result.output
    assert "--api-key" in no_key.stderr


@pytest.mark.parametrize("task_id", [{"nested": "object"}, 12345, None, ""], ids=repr)
def test_a_create_answered_without_a_usable_id_is_reported_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, task_id: object
):
    monkeypatch.chdir(tmp_path)
    fake = FakeGateway(task_id=task_id)
    result = _generate_from(fake)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    line = _one_line(result.stderr)
    assert "may have been created" in line
    assert ".body attribute" not in line
    assert fake.creates == 1
    assert list(tmp_path.iterdir()) == []
