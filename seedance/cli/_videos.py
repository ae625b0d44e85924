"""``seedance generate``, ``seedance status`` and ``seedance download``: one video at a time.

Every request goes through the SDK (``client.videos.validate`` / ``submit`` / ``retrieve`` /
``wait`` / ``download``). Results go to stdout (with ``--json``, one JSON object); progress
and errors to stderr. Exit codes: :mod:`seedance.cli._exit`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from seedance import Seedance, TaskNotReadyError, VideoTask
from seedance.batch.jobs import first_frame_of
from seedance.cli._app import app
from seedance.cli._connection import Connection, connection
from seedance.cli._exit import CliError, ExitCode, reported
from seedance.cli._fields import accepted_help, parse_fields
from seedance.cli._waiting import resumable_on_interrupt, stderr_console, wait_with_progress

__all__: list[str] = []

_WAIT_TIMEOUT = 900.0
_Json = Annotated[bool, typer.Option("--json", help="print one JSON object for scripts")]
_Timeout = Annotated[
    float, typer.Option("--timeout", help="seconds to wait for the task to complete")
]


def _client(ctx: typer.Context) -> tuple[Seedance, Connection]:
    conn = connection(ctx)
    return conn.sync(), conn


def _emit(json_output: bool, record: dict[str, Any], text: str) -> None:
    print(json.dumps(record) if json_output else text)


def _saved(
    client: Seedance, conn: Connection, task: VideoTask, out: Path, json_output: bool
) -> None:
    with resumable_on_interrupt(conn, task.id, out):
        path = client.videos.download(task, out)
    record = {"task_id": task.id, "status": task.status, "path": str(path)}
    _emit(json_output, record, f"saved {path} (task {task.id})")


_Repeated = list[str] | None


@app.command()
def generate(  # noqa: PLR0917 - one parameter per option
    ctx: typer.Context,
    prompt: Annotated[str, typer.Option("--prompt", help="what the video shows")],
    model: Annotated[
        str | None,
        typer.Option(
            "--model", help="a vendored model id (default: the seed page's); see `seedance models`"
        ),
    ] = None,
    image: Annotated[
        str | None, typer.Option("--image", help="first frame: a URL or a local file")
    ] = None,
    last_frame: Annotated[
        str | None,
        typer.Option("--last-frame", help="last frame (with --image): a URL or a local file"),
    ] = None,
    reference_image: Annotated[
        _Repeated,
        typer.Option("--reference-image", help="a reference image, URL or local file; repeatable"),
    ] = None,
    reference_video: Annotated[
        _Repeated, typer.Option("--reference-video", help="a reference video URL; repeatable")
    ] = None,
    reference_audio: Annotated[
        _Repeated, typer.Option("--reference-audio", help="a reference audio URL; repeatable")
    ] = None,
    seconds: Annotated[str | None, typer.Option(help=accepted_help("seconds", "duration"))] = None,
    size: Annotated[str | None, typer.Option(help=accepted_help("size", "resolution"))] = None,
    ratio: Annotated[str | None, typer.Option(help=accepted_help("ratio", "aspect ratio"))] = None,
    seed: Annotated[int | None, typer.Option(help="random seed")] = None,
    watermark: Annotated[bool | None, typer.Option("--watermark/--no-watermark")] = None,
    audio: Annotated[bool | None, typer.Option("--audio/--no-audio")] = None,
    return_last_frame: Annotated[
        bool | None,
        typer.Option("--return-last-frame/--no-return-last-frame", help="also return it"),
    ] = None,
    safety_id: Annotated[
        str | None, typer.Option("--safety-id", help="your end user's id, for abuse checks")
    ] = None,
    field: Annotated[
        _Repeated,
        typer.Option(
            "--field",
            help="name=value: any other field of the model's page (camera_fixed=true, …), read "
            "by the field's type; repeatable",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="video file (default <task id>.mp4)")
    ] = None,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="print the task id once created and exit")
    ] = False,
    timeout: _Timeout = _WAIT_TIMEOUT,
    json_output: _Json = False,
) -> None:
    """Create a video from a prompt (and the media that choose the mode: --image,
    --last-frame, --reference-*), wait for it, save it to --out."""
    with reported(json_output):
        fields = parse_fields(model, field or [])
        client, conn = _client(ctx)
        with client:
            media: dict[str, Any] = {
                "first_frame": None if image is None else first_frame_of(image),
                "last_frame": None if last_frame is None else first_frame_of(last_frame),
                "reference_images": [first_frame_of(i) for i in reference_image or []] or None,
                "reference_videos": list(reference_video or []) or None,
                "reference_audios": list(reference_audio or []) or None,
            }
            named = {
                "seconds": seconds,
                "size": size,
                "ratio": ratio,
                "seed": seed,
                "watermark": watermark,
                "generate_audio": audio,
                "return_last_frame": return_last_frame,
                "safety_identifier": safety_id,
            }
            arguments: dict[str, Any] = {
                k: v for k, v in {"model": model, **media, **named}.items() if v is not None
            }
            request = client.videos.validate(prompt=prompt, **arguments, **fields)
            task = client.videos.submit(request)
            target = out or Path(f"{task.id}.mp4")
            if no_wait:
                _emit(
                    json_output,
                    {"task_id": task.id, "status": task.status},
                    f"created task {task.id}; save it with: "
                    f"seedance{conn.global_options()} download {task.id} --out {target} --wait",
                )
                return
            with resumable_on_interrupt(conn, task.id, target):
                console = stderr_console()
                console.print(f"created task {task.id}", markup=False)
                done = wait_with_progress(
                    client, conn, task.id, target, timeout=timeout, console=console
                )
                _saved(client, conn, done, target, json_output)


@app.command()
def status(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="the task id")],
    json_output: _Json = False,
) -> None:
    """Show a task's status and progress."""
    with reported(json_output):
        client, _ = _client(ctx)
        with client:
            task = client.videos.retrieve(task_id)
        error = task.to_dict().get("error")
        why = f" ({error.get('code')}: {error.get('message')})" if error else ""
        _emit(json_output, task.to_dict(), f"{task.id}: {task.status} {task.progress}%{why}")


@app.command()
def download(  # noqa: PLR0917 - one parameter per option
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="the task id")],
    out: Annotated[
        Path | None, typer.Option("--out", help="video file (default <task id>.mp4)")
    ] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="wait for the task to complete first")
    ] = False,
    timeout: _Timeout = _WAIT_TIMEOUT,
    json_output: _Json = False,
) -> None:
    """Save a completed task's video (--wait: wait for it first, with progress)."""
    with reported(json_output):
        client, conn = _client(ctx)
        target = out or Path(f"{task_id}.mp4")
        with client:
            if wait:
                task = wait_with_progress(
                    client, conn, task_id, target, timeout=timeout, console=stderr_console()
                )
            else:
                task = client.videos.retrieve(task_id)
            try:
                _saved(client, conn, task, target, json_output)
            except TaskNotReadyError as exc:
                raise CliError(
                    f"task {task_id} is {task.status} ({task.progress}%): add --wait to wait "
                    "for it, then save it",
                    ExitCode.FAILED,
                ) from exc
