"""The request log: one line per request (time, method, path, status, latency), cheaply.

Handlers call :meth:`RequestLog.record` once their answer is sent. It only appends the raw
facts to a buffer; the event loop formats and writes the buffered lines at most every
50 ms (and at exit), so a request costs one tuple instead of a string format and a
locked, flushed write. Headers, bodies and query strings are never logged (they may
carry the key). Paths are logged escaped: anything but visible ASCII (control bytes such
as ESC and NUL, spaces, non-ASCII) and the backslash become ``\\xNN``/``\\uNNNN``, so a
client cannot write to the terminal or forge a log line.
"""

from __future__ import annotations

import asyncio
import atexit
import re
import sys
import time
from typing import TextIO

_FLUSH_SECONDS = 0.05
_MAX_BUFFERED = 2000
_UNSAFE = re.compile(r"[^!-\[\]-~]")  # all but visible ASCII, and the backslash


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escaped(path: str) -> str:
    """``path`` safe to print on a terminal (see the module docstring)."""
    if path.isascii() and path.isprintable() and " " not in path and "\\" not in path:
        return path  # visible ASCII but the backslash already: the usual path, as it is
    return _UNSAFE.sub(_escape, path)


class RequestLog:
    """Buffered request lines, written to ``stream`` (default: stderr at flush time)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._entries: list[tuple[str, str, int, float, float]] = []
        self._scheduled = False
        # perf_counter() readings become wall-clock times with this offset
        self._wall_offset = time.time() - time.perf_counter()
        atexit.register(self.flush)

    def record(self, method: str, path: str, status: int, started: float) -> None:
        """Log one request that started at ``time.perf_counter()`` value ``started``."""
        self._entries.append((method, path, status, started, time.perf_counter()))
        if len(self._entries) >= _MAX_BUFFERED:
            self.flush()
        elif not self._scheduled:
            try:
                asyncio.get_running_loop().call_later(_FLUSH_SECONDS, self.flush)
                self._scheduled = True
            except RuntimeError:  # no event loop: write now
                self.flush()

    def _lines(self) -> str:
        lines = []
        second = -1
        stamp = ""
        for method, path, status, started, ended in self._entries:
            wall = int(ended + self._wall_offset)
            if wall != second:
                second = wall
                stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(wall))
            lines.append(
                f"{stamp} {method} {_escaped(path)} {status} {(ended - started) * 1000:.1f}ms\n"
            )
        self._entries.clear()
        return "".join(lines)

    def flush(self) -> None:
        """Write the buffered lines now."""
        self._scheduled = False
        if not self._entries:
            return
        text = self._lines()
        stream = self._stream or sys.stderr
        try:
            stream.write(text)
            stream.flush()
        except (OSError, ValueError):  # closed or broken stream at shutdown: drop the lines
            pass
