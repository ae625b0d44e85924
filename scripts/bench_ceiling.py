"""The benchmark's ceiling: a trivial Starlette endpoint on the mock's server stack.

``python scripts/bench_ceiling.py --port N`` serves ``POST /v1/videos`` (and any other path)
answering a constant small JSON object, with the same uvicorn settings as the mock, so the
difference to the mock is the mock's own work (auth, parsing, validation, task store, log).
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


async def _trivial(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def main() -> None:
    """Serve the trivial app on 127.0.0.1:PORT until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--loop", default="auto")
    parser.add_argument("--http", default="auto")
    args = parser.parse_args()
    app = Starlette(routes=[Route("/{path:path}", _trivial, methods=["GET", "POST"])])
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        loop=args.loop,
        http=args.http,
    )


if __name__ == "__main__":
    main()
