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

from seedance import Seedance, TaskFailedError, TaskNotReadyError, VideoTask
from seedance._images import first_frame_of
from seedance.batch.files import (
    check_folder,
    check_target,
    remove_leftovers,
    safe_file_name,
    usable_id,
)
from seedance.batch.said import said
from seedance.cli._allowed import allowed_help
from seedance.cli._connection import Connection, connection
from seedance.cli._exit import CliError, ExitCode, fail, interrupt_code, interrupt_word, reported
from seedance.cli._fields import parse_fields
from seedance.cli._options import ApiKey, BaseUrl, Json, Timeout, check_timeout
from seedance.cli._waiting import (
    resumable_on_interrupt,
    resume_command,
    stderr_console,
    wait_with_progress,
)
from seedance.errors import RequestValidationError, SeedanceError

__all__: list[str] = []

_WAIT_TIMEOUT = 900.0
_Overwrite = Annotated[
    bool, typer.Option("--overwrite", help="replace the --out file if it already exists")
]


#: The SDK's names for what ``generate``'s options set, where they differ: a refused request
#: is reported in the command line's words (a field not listed is ``--`` + its name).
_OPTION_OF = {
    "first_frame": "--image",
    "media[0]": "--prompt",
    "media[1]": "--image",
    "generate_audio": "--audio",
    "return_last_frame": "--last-frame",
    "safety_identifier": "--safety-id",
}


def _option(field: str) -> str:
    for sdk_name, option in _OPTION_OF.items():
        if field == sdk_name or field.startswith((f"{sdk_name}.", f"{sdk_name}[")):
            return option
    return "--" + field.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0].replace("_", "-")


def _refused(exc: RequestValidationError) -> CliError:
    """Every problem of a refused request at once, named by the option that set it."""
    problems = [
        {
            "option": _option(p.field),
            "field": p.field,
            "rule": p.rule,
            "message": p.message.removeprefix(f"{p.field}: "),
        }
        for p in exc.problems
    ]
    listed = "; ".join(f"{p['option']}: {p['message']}" for p in problems)
    return CliError(f"request not sent, it breaks the spec: {listed}", problems=problems)


def _emit(json_output: bool, record: dict[str, Any], text: str) -> None:
    print(json.dumps(record) if json_output else text)


def _default_out(task_id: str) -> Path:
    """``<task id>.mp4`` in the working folder, the id made safe as a file name."""
    return Path(safe_file_name(task_id))


def _check_out(out: Path | None, overwrite: bool) -> None:
    """Everything that would fail when saving, found before anything is sent (exit 2)."""
    problem = (
        check_target(out, overwrite=overwrite)
        if out is not None
        else check_folder(Path.cwd(), what="the working folder (the video goes there)")
    )
    if problem is not None:
        raise CliError(f"{problem}; nothing was sent")


def _saved(
    client: Seedance, conn: Connection, task: VideoTask, out: Path, json_output: bool
) -> None:
    remove_leftovers(out)
    with resumable_on_interrupt(conn, task.id, out):
        try:
            path = client.videos.download(task, out)
        except OSError as exc:  # the disk: full, gone read-only, …
            raise CliError(
                f"task {task.id} completed but its video could not be saved to {out} "
                f"({exc.strerror or exc}); free some space, then save it with: "
                f"{resume_command(conn, task.id, out)}",
                ExitCode.FAILED,
            ) from exc
    record = {"task_id": task.id, "status": task.status, "path": str(path)}
    _emit(json_output, record, f"saved {path} (task {task.id})")


def _after_create(conn: Connection, task_id: str, out: Path, exc: SeedanceError) -> CliError:
    """What to say when waiting or saving fails once the task exists: the task id and the
    command that resumes (a failed task: why it failed)."""
    if isinstance(exc, TaskFailedError):
        return CliError(said(exc), ExitCode.FAILED)
    return CliError(
        f"{said(exc)}; task {task_id} exists and is not created again: resume with: "
        f"{resume_command(conn, task_id, out)}",
        ExitCode.FAILED,
    )


_Repeated = list[str] | None


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
    seconds: Annotated[
        str | None, typer.Option(help=allowed_help("seconds", "duration in seconds"))
    ] = None,
    size: Annotated[str | None, typer.Option(help=allowed_help("size", "resolution"))] = None,
    ratio: Annotated[str | None, typer.Option(help=allowed_help("ratio", "aspect ratio"))] = None,
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
    overwrite: _Overwrite = False,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="print the task id once created and exit")
    ] = False,
    timeout: Timeout = _WAIT_TIMEOUT,
    json_output: Json = False,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
) -> None:
    """Create a video from a prompt (and the media that choose the mode: --image,
    --last-frame, --reference-*), wait for it, save it to --out."""
    conn = connection(ctx, base_url, api_key)
    with reported(json_output):
        check_timeout(timeout)
        client = conn.sync()
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
            try:
                request = client.videos.validate(
                    prompt=prompt, **arguments, **parse_fields(model, field or [])
                )
            except RequestValidationError as exc:
                raise _refused(exc) from exc
            if not no_wait:
                _check_out(out, overwrite)
            try:
                task = client.videos.submit(request)
            except KeyboardInterrupt:
                fail(
                    f"{interrupt_word()} while the create was being sent: the task may have "
                    "been created (and billed); check your tasks on the gateway before "
                    "creating it again",
                    interrupt_code(),
                )
            if not usable_id(task.id):
                raise CliError(
                    f"the create was answered without a usable task id (got {task.id!r:.80}; "
                    f"the answer: {json.dumps(task.to_dict(), default=repr)[:200]}); the task "
                    "may have been created (and billed): check your tasks on the gateway "
                    "before creating it again",
                    ExitCode.FAILED,
                )
            target = out or _default_out(task.id)
            if no_wait:
                _emit(
                    json_output,
                    {"task_id": task.id, "status": task.status},
                    f"created task {task.id}; save it with: "
                    + resume_command(conn, task.id, target),
                )
                return
            with resumable_on_interrupt(conn, task.id, target):
                console = stderr_console()
                console.print(f"created task {task.id}", markup=False)
                try:
                    done = wait_with_progress(
                        client, conn, task.id, target, timeout=timeout, console=console
                    )
                    _saved(client, conn, done, target, json_output)
                except SeedanceError as exc:
                    raise _after_create(conn, task.id, target, exc) from exc


def status(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="the task id")],
    json_output: Json = False,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
) -> None:
    """Show a task's status and progress."""
    conn = connection(ctx, base_url, api_key)
    with reported(json_output):
        with conn.sync() as client:
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
    overwrite: _Overwrite = False,
    wait: Annotated[
        bool, typer.Option("--wait", help="wait for the task to complete first")
    ] = False,
    timeout: Timeout = _WAIT_TIMEOUT,
    json_output: Json = False,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
) -> None:
    """Save a completed task's video (--wait: wait for it first, with progress)."""
    conn = connection(ctx, base_url, api_key)
    with reported(json_output):
        check_timeout(timeout)
        target = out or _default_out(task_id)
        remove_leftovers(target)
        if (problem := check_target(target, overwrite=overwrite)) is not None:
            raise CliError(problem)
        with conn.sync() as client:
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
