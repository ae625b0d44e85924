"""The request log: one line per request (time, method, path, status, latency), cheaply.

Handlers call :meth:`RequestLog.record` once their answer is sent. Lines are buffered and
written by the event loop at most every 50 ms (and at exit), so the log costs one string
format per request instead of a locked, flushed write. Headers, bodies and query strings
are never logged (they may carry the key).
"""

from __future__ import annotations

import asyncio
import atexit
import sys
import time
from typing import TextIO

_FLUSH_SECONDS = 0.05
_MAX_BUFFERED = 2000


class RequestLog:
    """Buffered request lines, written to ``stream`` (default: stderr at flush time)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._lines: list[str] = []
        self._scheduled = False
        self._second = -1
        self._stamp = ""
        atexit.register(self.flush)

    def _clock(self) -> str:
        second = int(time.time())
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
        return self._stamp

    def record(self, method: str, path: str, status: int, started: float) -> None:
        """Log one request that started at ``time.perf_counter()`` value ``started``."""
        elapsed = (time.perf_counter() - started) * 1000
        self._lines.append(f"{self._clock()} {method} {path} {status} {elapsed:.1f}ms\n")
        if len(self._lines) >= _MAX_BUFFERED:
            self.flush()
        elif not self._scheduled:
            try:
                asyncio.get_running_loop().call_later(_FLUSH_SECONDS, self.flush)
                self._scheduled = True
            except RuntimeError:  # no event loop: write now
                self.flush()

    def flush(self) -> None:
        """Write the buffered lines now."""
        self._scheduled = False
        if not self._lines:
            return
        text = "".join(self._lines)
        self._lines.clear()
        stream = self._stream or sys.stderr
        try:
            stream.write(text)
            stream.flush()
        except (OSError, ValueError):  # closed or broken stream at shutdown: drop the lines
            pass
