"""A small gateway for the command-line tests where the mock will not misbehave on purpose:
a create answered with any task id (``../../x``, an absolute path), tasks that complete at
once, and a video body that trickles (so a download can be interrupted half-way)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

__all__ = ["VIDEO", "FakeGateway"]

VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4000


@dataclass
class FakeGateway:
    """Answers create with ``task_id``; retrieve: completed; content: the video, in
    ``chunks`` pieces ``pause`` seconds apart. ``creates`` counts the creates."""

    task_id: Any = "task_" + "a" * 32
    chunks: int = 1
    pause: float = 0.0
    creates: int = 0
    #: The status a create is answered with (an error status: the gateway's error shape).
    create_status: int = 200
    seen_paths: list[str] = field(default_factory=list)

    def _task(self) -> dict[str, Any]:
        return {
            "id": self.task_id,
            "object": "video",
            "model": "m",
            "status": "completed",
            "progress": 100,
            "created_at": 1,
        }

    async def _create(self, request: Request) -> Response:
        self.creates += 1
        if self.create_status != 200:
            error = {"message": "refused by the fake", "type": "fake", "code": "refused"}
            return JSONResponse({"error": error}, status_code=self.create_status)
        return JSONResponse({**self._task(), "status": "queued", "progress": 0})

    async def _task_or_content(self, request: Request) -> Response:
        path = request.scope["path"]
        self.seen_paths.append(path)
        if not path.endswith("/content"):
            return JSONResponse(self._task())

        async def body() -> AsyncIterator[bytes]:
            size = -(-len(VIDEO) // self.chunks)
            for start in range(0, len(VIDEO), size):
                yield VIDEO[start : start + size]
                await asyncio.sleep(self.pause)

        return StreamingResponse(body(), media_type="video/mp4")

    def app(self) -> Starlette:
        """The ASGI app."""
        return Starlette(
            routes=[
                Route("/v1/videos", self._create, methods=["POST"]),
                Route("/v1/videos/{rest:path}", self._task_or_content, methods=["GET"]),
            ]
        )
