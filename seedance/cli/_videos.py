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
from seedance._images import first_frame_of
from seedance.cli._connection import Connection, connection
from seedance.cli._exit import CliError, ExitCode, reported
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


def generate(  # noqa: PLR0917 - one parameter per option
    ctx: typer.Context,
    prompt: Annotated[str, typer.Option("--prompt", help="what the video shows")],
    image: Annotated[str, typer.Option("--image", help="first frame: a URL or a local file")],
    seconds: Annotated[str | None, typer.Option(help="duration, e.g. 5")] = None,
    size: Annotated[str | None, typer.Option(help="resolution, e.g. 720p")] = None,
    ratio: Annotated[str | None, typer.Option(help="aspect ratio, e.g. 16:9 or adaptive")] = None,
    seed: Annotated[int | None, typer.Option(help="random seed")] = None,
    watermark: Annotated[bool | None, typer.Option("--watermark/--no-watermark")] = None,
    audio: Annotated[bool | None, typer.Option("--audio/--no-audio")] = None,
    last_frame: Annotated[
        bool | None, typer.Option("--last-frame/--no-last-frame", help="also return it")
    ] = None,
    safety_id: Annotated[
        str | None, typer.Option("--safety-id", help="your end user's id, for abuse checks")
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
    """Create a video from a prompt and a first frame, wait for it, save it to --out."""
    with reported(json_output):
        client, conn = _client(ctx)
        with client:
            request = client.videos.validate(
                prompt=prompt,
                first_frame=first_frame_of(image),
                seconds=seconds,
                size=size,
                ratio=ratio,
                seed=seed,
                watermark=watermark,
                generate_audio=audio,
                return_last_frame=last_frame,
                safety_identifier=safety_id,
            )
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
