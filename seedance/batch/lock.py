"""One batch per output folder: an OS lock (``fcntl.flock``) on a file in the folder.

The lock is held for the whole run and released by the OS when the process ends, however
it ends (``kill -9`` included), so a crashed run never leaves a stale lock. The file holds
the pid, host and start time of the holder, so a refused run can name it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import time
from pathlib import Path
from types import TracebackType

__all__ = ["LOCK_NAME", "BatchBusyError", "FolderLock"]

LOCK_NAME = "seedance-batch.lock"


class BatchBusyError(Exception):
    """Another ``seedance batch`` holds the folder's lock; ``str()`` names it."""


class FolderLock:
    """The lock of one output folder (which must exist); a context manager."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock at once (unless held already), or raise :class:`BatchBusyError`
        naming the holder."""
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise BatchBusyError(
                f"another seedance batch is running on {self.path.parent} ({holder}); "
                "nothing was sent: wait for it to finish, or use another --out-dir"
            ) from None
        except OSError:
            os.close(fd)
            raise
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on host {socket.gethostname()}, since {stamp}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Let the lock go (closing the file releases it)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _holder(fd: int) -> str:
    """What the holder wrote in the file (it writes right after taking the lock)."""
    for _ in range(20):
        text = os.pread(fd, 256, 0).decode("utf-8", "replace").strip()
        if text:
            return text
        time.sleep(0.01)
    return "its pid is not written yet"
