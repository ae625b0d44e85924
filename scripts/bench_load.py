"""A small HTTP/1.1 load generator for ``make bench`` when wrk is not available.

Keeps ``connections`` keep-alive connections busy with one request for ``seconds`` (and at
most ``max_requests`` requests), and reports requests per second and latency percentiles.
Bounded in time and count; stdlib asyncio only.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class LoadResult:
    """What one load run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int

    @property
    def rps(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, int(fraction * len(sorted_values)))
    return sorted_values[index]


async def _one_connection(
    host: str, port: int, request: bytes, *, deadline: float, budget: list[int],
    latencies: list[float], counts: dict[str, int],
) -> None:  # fmt: skip
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        counts["errors"] += 1
        return
    try:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            latencies.append((time.perf_counter() - start) * 1000)
            if not 200 <= status < 300:
                counts["non_2xx"] += 1
    except (OSError, asyncio.IncompleteReadError, ValueError):
        counts["errors"] += 1
    finally:
        writer.close()


async def _run(
    url: str, body: bytes, headers: dict[str, str], *, connections: int, seconds: float,
    max_requests: int,
) -> LoadResult:  # fmt: skip
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    lines = [f"POST {parts.path or '/'} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    latencies: list[float] = []
    counts = {"non_2xx": 0, "errors": 0}
    budget = [max_requests]
    start = time.monotonic()
    deadline = start + seconds
    await asyncio.gather(
        *(
            _one_connection(
                host,
                port,
                request,
                deadline=deadline,
                budget=budget,
                latencies=latencies,
                counts=counts,
            )
            for _ in range(connections)
        )
    )
    elapsed = time.monotonic() - start
    latencies.sort()
    return LoadResult(
        len(latencies), elapsed, _percentile(latencies, 0.5), _percentile(latencies, 0.99),
        counts["non_2xx"], counts["errors"],
    )  # fmt: skip


def run_load(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    connections: int = 16,
    seconds: float = 5.0,
    max_requests: int = 500_000,
) -> LoadResult:
    """POST ``body`` to ``url`` from ``connections`` connections for ``seconds``."""
    return asyncio.run(
        _run(
            url,
            body,
            headers,
            connections=connections,
            seconds=seconds,
            max_requests=max_requests,
        )
    )
