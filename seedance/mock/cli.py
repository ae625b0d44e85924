"""``seedance mock`` (and ``python -m seedance.mock``): serve the mock gateway (``make mock``).

Prints the accepted key at start-up (in full only when it is the public default
``sk-mock``), then logs method, path, status and latency of each request, never headers.
"""

from __future__ import annotations

import argparse
import gc
import sys
from typing import Any

from seedance.exitcode import ExitCode
from seedance.mock.app import create_app
from seedance.mock.config import (
    API_KEY_ENV,
    DEFAULT_MAX_HEADER_BYTES,
    DEFAULT_MAX_TASKS,
    MAX_TASKS_ENV,
    TASK_SECONDS_ENV,
    MockConfig,
    masked,
)
from seedance.mock.errors import MockError
from seedance.mock.protocol import HTTP_CHOICES
from seedance.mock.server import bind_socket, url_of, uvicorn_server


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seedance mock",
        description="Serve the Seedance mock gateway (a local PowerTokens) on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=4010, help="port, 0 = any free (default 4010)")
    parser.add_argument(
        "--task-seconds",
        type=float,
        default=None,
        help=f"seconds from create to completion (default ${TASK_SECONDS_ENV}, else 3)",
    )
    parser.add_argument(
        "--prefer",
        default=None,
        help="scenario for every request, Prefer-header syntax, e.g. 'code=429, retry-after=2', "
        "'scenario=bare-429', 'task=fail', 'task=fail-no-error', 'delay=1.5', 'content=redirect'",
    )
    parser.add_argument(
        "--max-tasks",
        type=int,
        default=None,
        help=f"tasks kept in memory, the oldest forgotten beyond it (default ${MAX_TASKS_ENV}, "
        f"else {DEFAULT_MAX_TASKS})",
    )
    parser.add_argument(
        "--max-body-bytes", type=int, default=None, help="largest request body (default 16 MiB)"
    )
    parser.add_argument(
        "--max-header-bytes",
        type=int,
        default=None,
        help=f"largest request line and headers (default {DEFAULT_MAX_HEADER_BYTES // 1024} KiB)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    parser.add_argument("--loop", default="auto", help=argparse.SUPPRESS)
    parser.add_argument("--http", default="auto", choices=HTTP_CHOICES, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse options, print the start-up banner and serve until interrupted."""
    args = _parser().parse_args(argv)
    options: dict[str, Any] = {"log_requests": not args.quiet}
    for name in ("max_body_bytes", "max_header_bytes"):
        if getattr(args, name) is not None:
            options[name] = getattr(args, name)
    try:
        config = MockConfig.from_env(
            task_seconds=args.task_seconds,
            max_tasks=args.max_tasks,
            prefer=args.prefer,
            **options,
        )
        app = create_app(config)
        sock = bind_socket(args.host, args.port)
    except MockError as exc:
        print(f"seedance mock: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    source = "default" if config.key_is_default else f"from {API_KEY_ENV}"
    print(
        f"seedance mock gateway on {url_of(args.host, sock.getsockname()[1])}\n"
        f"  accepts: Authorization: Bearer {masked(config.api_key)} ({source})\n"
        f"  tasks complete after {config.task_seconds:g}s (the latest {config.max_tasks} kept); "
        f"start-up scenario: {args.prefer or 'none'}; "
        f"bodies up to {config.max_body_bytes} bytes, headers up to {config.max_header_bytes}",
        flush=True,
    )
    gc.freeze()  # start-up objects (spec, schemas, imports) leave the collector's scans
    server = uvicorn_server(
        app, loop=args.loop, http=args.http, max_header_bytes=config.max_header_bytes
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after its graceful shutdown
        return ExitCode.INTERRUPTED
    return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
