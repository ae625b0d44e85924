"""``seedance generate``, ``status`` and ``download`` against the mock on loopback: what a
user sees on stdout and stderr, the exit codes, and what reached the server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_tests.fakes.cli_fixtures import IMAGE, creates, run_cli
from seedance.mock import MockServer


def _generate(gateway: MockServer, *args: str):
    return run_cli(gateway, "generate", "--prompt", "a cat surfing", "--image", IMAGE, *args)


def test_generate_saves_the_video_and_prints_its_path_and_task_id(gateway, tmp_path: Path):
    out = tmp_path / "cat.mp4"

    result = _generate(gateway, "--seconds", "5", "--out", str(out))

    assert result.exit_code == 0, result.output
    assert out.read_bytes()[4:8] == b"ftyp"
    assert f"saved {out} (task task_" in result.stdout
    assert "completed 100%" in result.stderr  # the progress lines (not a terminal)
    assert creates(gateway) == 1


def test_generate_json_prints_one_object_with_the_task_and_the_path(gateway, tmp_path: Path):
    out = tmp_path / "cat.mp4"

    result = _generate(gateway, "--out", str(out), "--json")

    record = json.loads(result.stdout)
    assert record["path"] == str(out)
    assert record["status"] == "completed"
    assert record["task_id"].startswith("task_")


def test_generate_no_wait_prints_the_task_id_and_the_command_that_saves_it(gateway):
    result = _generate(gateway, "--no-wait")

    assert result.exit_code == 0
    task_id = result.stdout.split()[2].rstrip(";")
    assert (
        f"seedance --base-url {gateway.base_url} download {task_id} --out {task_id}.mp4 --wait"
        in result.stdout
    )
    assert creates(gateway) == 1


def test_an_invalid_request_exits_2_with_one_line_and_sends_nothing(gateway):
    result = _generate(gateway, "--seconds", "13", "--seed", "-5")

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("seedance: request not sent, it breaks the spec: --seconds:")
    assert "Traceback" not in result.output
    assert creates(gateway) == 0


def test_an_invalid_request_with_json_gives_every_problem_by_field(gateway):
    result = _generate(gateway, "--seconds", "13", "--safety-id", "x" * 65, "--json")

    problems = json.loads(result.stdout)["error"]["problems"]
    assert {p["field"] for p in problems} == {"seconds", "safety_identifier"}
    assert result.exit_code == 2


def test_a_missing_local_image_exits_2_saying_which_file(gateway, tmp_path: Path):
    result = run_cli(gateway, "generate", "--prompt", "x", "--image", str(tmp_path / "nope.png"))

    assert result.exit_code == 2
    assert "cannot read" in result.stderr
    assert "nope.png" in result.stderr
    assert creates(gateway) == 0


def test_a_local_image_is_sent_as_its_content(gateway, tmp_path: Path):
    from PIL import Image

    frame = tmp_path / "first.png"
    Image.new("RGB", (640, 480), (10, 120, 200)).save(frame)

    result = run_cli(gateway, "generate", "--prompt", "x", "--image", str(frame), "--no-wait")

    assert result.exit_code == 0, result.output
    assert creates(gateway) == 1


def test_no_api_key_exits_2_with_one_line_naming_the_variable(gateway):
    result = run_cli(None, "--base-url", gateway.base_url, "status", "task_x")

    assert result.exit_code == 2
    assert result.stderr == (
        "seedance: no API key: give --api-key or set SEEDANCE_API_KEY; nothing was sent\n"
    )


def test_a_wrong_key_exits_1_with_the_status_and_the_gateways_code(gateway):
    result = run_cli(None, "--base-url", gateway.base_url, "--api-key", "sk-wrong", "status", "t")

    assert result.exit_code == 1
    assert "the gateway answered 401 " in result.stderr
    assert "sk-wrong" not in result.output


def test_status_json_is_the_task_as_the_gateway_sent_it(gateway):
    task_id = json.loads(_generate(gateway, "--no-wait", "--json").stdout)["task_id"]

    result = run_cli(gateway, "status", task_id, "--json")

    task = json.loads(result.stdout)
    assert task["id"] == task_id
    assert task["status"] in {"queued", "in_progress", "completed"}
    human = run_cli(gateway, "status", task_id)
    assert human.stdout.startswith(f"{task_id}: ")


def test_status_of_an_unknown_task_exits_1_with_404_and_task_not_found(gateway):
    result = run_cli(gateway, "status", "task_" + "0" * 32)

    assert result.exit_code == 1
    assert "answered 404 task_not_found" in result.stderr


@pytest.mark.mock_gateway(task_seconds=30)
def test_download_before_completion_exits_1_and_says_to_add_wait(gateway, tmp_path: Path):
    task_id = json.loads(_generate(gateway, "--no-wait", "--json").stdout)["task_id"]

    result = run_cli(gateway, "download", task_id, "--out", str(tmp_path / "v.mp4"))

    assert result.exit_code == 1
    assert "add --wait" in result.stderr
    assert not (tmp_path / "v.mp4").exists()


def test_download_wait_waits_then_saves(gateway, tmp_path: Path):
    task_id = json.loads(_generate(gateway, "--no-wait", "--json").stdout)["task_id"]
    out = tmp_path / "v.mp4"

    result = run_cli(gateway, "download", task_id, "--out", str(out), "--wait", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "task_id": task_id,
        "status": "completed",
        "path": str(out),
    }
    assert out.stat().st_size > 0
    assert creates(gateway) == 1


@pytest.mark.mock_gateway(prefer="task=fail")
def test_a_failed_task_exits_1_with_the_gateways_reason(gateway, tmp_path: Path):
    result = _generate(gateway, "--out", str(tmp_path / "v.mp4"))

    assert result.exit_code == 1
    assert "failed: mock_task_failed" in result.stderr
    assert not (tmp_path / "v.mp4").exists()


def test_a_bad_image_and_bad_fields_are_listed_together_in_command_line_words(
    gateway, tmp_path: Path
):
    not_an_image = tmp_path / "frame.png"
    not_an_image.write_bytes(b"<html>not an image</html>")

    result = run_cli(
        gateway, "generate", "--prompt", "a cat", "--image", str(not_an_image),
        "--seconds", "13", "--ratio", "7:7", "--seed", "-5", "--safety-id", "x" * 65,
    )  # fmt: skip

    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.count("\n") == 0
    for option in ("--image:", "--seconds:", "--ratio:", "--seed:", "--safety-id:"):
        assert option in line, line
    assert "first_frame" not in line
    assert "BytesIO" not in line
    assert creates(gateway) == 0


def test_base_url_and_api_key_work_after_the_subcommand_too(gateway, tmp_path: Path):
    out = tmp_path / "cat.mp4"
    args = ["--base-url", gateway.base_url, "--api-key", gateway.api_key]

    made = run_cli(
        None, "generate", "--prompt", "a cat", "--image", IMAGE, "--out", str(out), *args
    )

    assert made.exit_code == 0, made.output
    assert creates(gateway) == 1
    task_id = made.stdout.split()[-1].rstrip(")")
    shown = run_cli(None, "status", task_id, *args)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith(task_id)


def test_batch_settings_come_from_seedance_prefixed_variables(gateway, tmp_path: Path):
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        "".join(json.dumps({"prompt": f"p{n}", "image": IMAGE}) + "\n" for n in range(3))
    )

    result = run_cli(
        gateway,
        "batch",
        str(jobs),
        "--json",
        SEEDANCE_OUT_DIR=str(tmp_path / "out"),
        SEEDANCE_MAX_BILLABLE="1",
        SEEDANCE_CONCURRENCY="1",
    )

    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert (summary["max_billable"], summary["creates_sent"]) == (1, 1)
    assert (tmp_path / "out").is_dir()
    assert creates(gateway) == 1


@pytest.mark.parametrize(
    ("given", "env", "named"),
    [
        (["--api-key", "sk bad\tkey"], {}, "--api-key"),
        ([], {"SEEDANCE_API_KEY": "sk-bad\nkey"}, "SEEDANCE_API_KEY"),
    ],
    ids=["flag", "environment"],
)
def test_a_key_that_cannot_be_sent_is_refused_naming_where_it_came_from_never_echoed(
    gateway, given, env, named
):
    result = run_cli(
        None, "--base-url", gateway.base_url, *given, "generate", "--prompt", "a cat", **env
    )

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"the API key from {named} holds whitespace" in result.stderr
    assert "nothing was sent" in result.stderr
    assert "bad" not in result.output
    assert "api_key" not in result.output
    assert creates(gateway) == 0
