"""The command line speaks the family: ``generate --model … --last-frame … --reference-* …
--field name=value``, JOBS lines with ``model``, ``last_frame``, ``reference_images`` and any
page field, and ``seedance models``.

What the CLI sends for each model and mode is checked on a loopback gateway that records the
create bodies and answers each with a queued task (real HTTP, the SDK's own response
handling); the whole generate-wait-download loop runs against the embedded mock. Models,
modes, fields and values are read from the catalogue of vendored pages, never listed here.
"""

from __future__ import annotations

import http.server
import json
import secrets
import string
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from contract_tests.fakes.cli_fixtures import IMAGE, creates, run_cli
from seedance._models import FieldSpec, Mode, catalogue
from seedance.batch.validate import JobsFileError, load_jobs
from seedance.mock import MockServer
from seedance.validation import RequestValidator

CATALOGUE = catalogue()
MODES = [(model.id, mode) for model in CATALOGUE.models.values() for mode in model.modes.values()]
#: The CLI option of each media role (first_frame is --image, the rest by their own name).
VIDEO = "https://media.invalid/clip.mp4"
AUDIO = "https://media.invalid/voice.mp3"


def _option(role: str) -> str:
    return "--image" if role == "first_frame" else "--" + role.replace("_", "-")


def _value(role: str) -> str:
    return VIDEO if "video" in role else AUDIO if "audio" in role else IMAGE


@dataclass
class Recorder:
    """A loopback gateway that keeps every create body and answers a queued task."""

    base_url: str = ""
    bodies: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    record = Recorder()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            record.bodies.append(body)
            letters = string.ascii_letters + string.digits
            task_id = "task_" + "".join(secrets.choice(letters) for _ in range(32))
            answer = json.dumps(
                {"id": task_id, "object": "video", "model": body.get("model", ""),
                 "status": "queued", "progress": 0, "created_at": int(time.time())}
            ).encode()  # fmt: skip
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    record.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class _Target:
    base_url: str
    api_key: str = "sk-cli-test"


def _sent(recorder: Recorder, *args: str):
    return run_cli(_Target(recorder.base_url), "generate", "--no-wait", *args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("model", "mode"), MODES, ids=[f"{model}:{mode.name}" for model, mode in MODES]
)
def test_generate_sends_each_mode_of_each_model_from_the_media_given(
    recorder: Recorder, model: str, mode: Mode
):
    media = [arg for role in sorted(mode.roles) for arg in (_option(role), _value(role))]

    result = _sent(recorder, "--prompt", "a heron", "--model", model, *media)

    assert result.exit_code == 0, result.output
    assert "created task task_" in result.stdout
    (body,) = recorder.bodies
    assert body["model"] == model
    assert {item["type"] for item in body["media"]} == {*mode.roles, "text"}
    assert mode.problems(body) == []
    assert CATALOGUE.mode_for(model, [i["type"] for i in body["media"]]) is mode


def _typed_fields() -> list[tuple[str, FieldSpec]]:
    """(model, field) for a boolean and an integer field outside the named options, when a
    vendored model has one, and for every integer field of the default model."""
    named = set(CATALOGUE.pages[CATALOGUE.seed_page].fields)
    found: dict[tuple[str, str], tuple[str, FieldSpec]] = {}
    for model in CATALOGUE.models.values():
        for mode in model.modes.values():
            for spec in mode.fields.values():
                if spec.type in ("boolean", "integer") and (
                    spec.name not in named or model.id == CATALOGUE.default_model
                ):
                    found.setdefault((spec.name, spec.type), (model.id, spec))
    return list(found.values())


def _valid_text(spec: FieldSpec) -> tuple[str, Any]:
    if spec.type == "boolean":
        return "true", True
    value = spec.default if isinstance(spec.default, int) else int(spec.minimum or 0)
    return str(value), value


@pytest.mark.parametrize(
    ("model", "spec"), _typed_fields(), ids=[f"{m}:{s.name}" for m, s in _typed_fields()]
)
def test_field_sends_any_field_of_the_models_page_read_by_its_type(
    recorder: Recorder, model: str, spec: FieldSpec
):
    mode = next(m for m in CATALOGUE.models[model].modes.values() if spec.name in m.fields)
    media = [arg for role in sorted(mode.roles) for arg in (_option(role), _value(role))]
    text, value = _valid_text(spec)

    result = _sent(
        recorder, "--prompt", "a heron", "--model", model, *media, "--field", f"{spec.name}={text}"
    )

    assert result.exit_code == 0, result.output
    (body,) = recorder.bodies
    assert body[spec.name] == value
    assert type(body[spec.name]) is type(value)


def test_field_the_model_lacks_exits_2_naming_the_model_and_its_fields_and_sends_nothing(
    recorder: Recorder,
):
    model = CATALOGUE.models[CATALOGUE.default_model]

    result = _sent(recorder, "--prompt", "x", "--image", IMAGE, "--field", "colour_grade=warm")

    assert result.exit_code == 2
    assert model.id in result.stderr
    assert "colour_grade" in result.stderr
    assert all(name in result.stderr for name in model.fields)
    assert recorder.bodies == []


def test_field_with_a_value_not_of_its_type_exits_2_saying_what_it_accepts(recorder: Recorder):
    model_id, spec = next((m, s) for m, s in _typed_fields() if s.type == "integer")

    result = _sent(recorder, "--prompt", "x", "--model", model_id, "--field", f"{spec.name}=many")

    assert result.exit_code == 2
    assert f"--field {spec.name}=many" in result.stderr
    assert spec.accepts() in result.stderr
    assert recorder.bodies == []


def test_a_mode_the_model_lacks_exits_2_naming_the_model_and_its_modes(recorder: Recorder):
    lacking = [
        (model, mode)
        for model in CATALOGUE.models.values()
        for mode in {m.name: m for _, m in MODES}.values()
        if mode.name not in model.modes
    ]
    assert lacking, "every vendored model has every mode"
    model, mode = lacking[0]
    media = [arg for role in sorted(mode.roles) for arg in (_option(role), _value(role))]

    result = _sent(recorder, "--prompt", "x", "--model", model.id, *media)

    assert result.exit_code == 2
    assert f"{model.id} has no {mode.name} mode" in result.stderr
    assert recorder.bodies == []


def test_an_unknown_model_exits_2_naming_the_vendored_models(recorder: Recorder):
    result = _sent(recorder, "--prompt", "x", "--model", "seedance-9-9-ultra")

    assert result.exit_code == 2
    assert "seedance-9-9-ultra" in result.stderr
    assert CATALOGUE.default_model in result.stderr
    assert recorder.bodies == []


def test_generate_against_the_mock_saves_the_video_with_fields_and_a_local_first_frame(
    gateway: MockServer, tmp_path: Path
):
    frame = tmp_path / "first.png"
    Image.new("RGB", (640, 480), (10, 120, 200)).save(frame)
    seed_mode = CATALOGUE.pages[CATALOGUE.seed_page]
    integer = next(s for s in seed_mode.fields.values() if s.type == "integer")
    text, _ = _valid_text(integer)
    out = tmp_path / "v.mp4"

    result = run_cli(
        gateway, "generate", "--prompt", "a heron", "--model", CATALOGUE.default_model,
        "--image", str(frame), "--field", f"{integer.name}={text}", "--out", str(out),
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert out.read_bytes()[4:8] == b"ftyp"
    assert creates(gateway) == 1


def test_models_lists_every_model_its_modes_and_what_each_accepts():
    result = run_cli(None, "models")

    assert result.exit_code == 0, result.output
    for model in CATALOGUE.models.values():
        assert model.id in result.stdout
        for mode in model.modes.values():
            assert mode.name in result.stdout
            for spec in mode.fields.values():
                assert spec.accepts() in result.stdout
            for rule in mode.linkage:
                assert rule.sentence() in result.stdout
    assert f"{CATALOGUE.default_model} (default)" in result.stdout


def test_models_json_is_the_catalogue_as_json():
    result = run_cli(None, "models", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(json.dumps(CATALOGUE.as_json()))


def test_generate_help_lists_the_default_models_accepted_values():
    result = run_cli(None, "generate", "--help", COLUMNS="400")

    assert result.exit_code == 0
    seed = CATALOGUE.pages[CATALOGUE.seed_page]
    for name in ("seconds", "size", "ratio"):
        spec = seed.fields[name]
        assert spec.accepts() in result.stdout, name
    assert "other models differ" in result.stdout


# -- JOBS ----------------------------------------------------------------------------------


def _validate(**request: Any) -> Any:
    from seedance._create import build_body

    return build_body(**request)


def _image(path: Path) -> Path:
    Image.new("RGB", (640, 480), (200, 30, 30)).save(path)
    return path


def test_jobs_lines_take_model_last_frame_references_and_page_fields(tmp_path: Path):
    lines = []
    expected = []
    extra = {
        (model_id, spec.name): spec
        for model_id, spec in _typed_fields()
        if spec.name not in CATALOGUE.pages[CATALOGUE.seed_page].fields
    }
    for index, (model_id, mode) in enumerate(MODES):
        line: dict[str, Any] = {"id": f"j{index}", "prompt": "a heron", "model": model_id}
        for role in sorted(mode.roles):
            if role == "first_frame":
                line["image"] = _image(tmp_path / f"first-{index}.png").name
            elif role == "last_frame":
                line["last_frame"] = _image(tmp_path / f"last-{index}.png").name
            else:
                key = role + "s"  # the SDK's keyword: reference_images, …
                local = _image(tmp_path / f"ref-{index}.png").name
                line[key] = [local if "image" in role else _value(role)]
        for (owner, name), spec in extra.items():
            if owner == model_id and name in mode.fields:
                line[name] = _valid_text(spec)[1]
        lines.append(json.dumps(line))
        expected.append((model_id, mode, line))
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    jobs = load_jobs(jobs_file, _validate)

    assert len(jobs) == len(MODES)
    for job, (model_id, mode, line) in zip(jobs, expected, strict=True):
        body = job.request if isinstance(job.request, dict) else job.request.to_dict()
        assert body["model"] == model_id
        assert {item["type"] for item in body["media"]} == {*mode.roles, "text"}
        for name in set(line) & set(mode.fields):
            assert body[name] == line[name]
        assert RequestValidator(mode.request_schema).problems(body) == []
    assert any(set(line) & {n for _, n in extra} for _, _, line in expected) or not extra


def test_a_jobs_line_for_a_mode_its_model_lacks_is_refused_by_line_naming_the_model(
    tmp_path: Path,
):
    model, mode = next(
        (model, mode)
        for model in CATALOGUE.models.values()
        for _, mode in MODES
        if mode.name not in model.modes
    )
    line: dict[str, Any] = {"prompt": "x", "model": model.id}
    for role in mode.roles:
        key = "image" if role == "first_frame" else role if role == "last_frame" else role + "s"
        line[key] = IMAGE if "image" in role or "frame" in role else [_value(role)]
        if key.endswith("s") and "image" in role:
            line[key] = [IMAGE]
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_text(json.dumps({"prompt": "fine", "image": IMAGE}) + "\n" + json.dumps(line))

    with pytest.raises(JobsFileError) as caught:
        load_jobs(jobs_file, _validate)

    (problem,) = caught.value.problems
    assert problem.line == 2
    assert f"{model.id} has no {mode.name} mode" in problem.message


def test_seedance_batch_runs_jobs_naming_their_model_with_local_frames_against_the_mock(
    gateway: MockServer, tmp_path: Path
):
    seed_mode = CATALOGUE.pages[CATALOGUE.seed_page]
    integer = next(s for s in seed_mode.fields.values() if s.type == "integer")
    _image(tmp_path / "first.png")
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        "\n".join(
            json.dumps(
                {"id": f"j{n}", "prompt": "a heron", "model": CATALOGUE.default_model,
                 "image": "first.png", integer.name: _valid_text(integer)[1]}
            )
            for n in range(2)
        )
        + "\n",
        encoding="utf-8",
    )  # fmt: skip

    result = run_cli(gateway, "batch", str(jobs), "--out-dir", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.mp4")) == ["j0.mp4", "j1.mp4"]
    assert creates(gateway) == 2
