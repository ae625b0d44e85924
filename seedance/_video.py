"""Whether bytes are a whole video, by the bytes alone: one rule for the SDK's download and
the contract harness's judgement of the content operation.

A video is an ISO BMFF file (MP4, MOV: an ``ftyp`` box first) or an EBML file (WebM,
Matroska: the EBML header element first), whatever its ``Content-Type`` says: an HTML page
labelled ``video/mp4`` is not one. It must also not be visibly cut: its top-level boxes (or
EBML elements) are walked as the bytes stream in, and one whose declared size runs past the
end of the file, or a box header cut by the end, means the file is truncated. A box of size 0
(ISO BMFF) or an element of unknown size (EBML) runs to the end of the file by definition.

:class:`VideoCheck` reads a stream chunk by chunk in constant memory;
:func:`video_problem` judges a known start and total size (what the harness keeps).
"""

from __future__ import annotations

import struct
from enum import StrEnum

__all__ = ["HEAD_BYTES", "Container", "VideoCheck", "container_of", "video_problem"]

#: Bytes needed to tell a video from anything else.
HEAD_BYTES = 8
_SHOWN = 16
_FTYP = b"ftyp"
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_BOX_HEADER, _LARGE_BOX_HEADER = 8, 16
_MAX_HEADER = 16
_EBML_MAX_ID, _EBML_MAX_SIZE = 4, 8


class Container(StrEnum):
    """The container formats a video may come in."""

    ISO_BMFF = "ISO BMFF (MP4/MOV)"
    EBML = "EBML (WebM/Matroska)"


def container_of(head: bytes) -> Container | None:
    """The container the first :data:`HEAD_BYTES` bytes start, else ``None``."""
    if len(head) < HEAD_BYTES:
        return None
    if head[4:8] == _FTYP:
        return Container.ISO_BMFF
    if head[:4] == _EBML_MAGIC:
        return Container.EBML
    return None


class _BadHeaderError(Exception):
    """A header that no file of the container has."""


def _box(header: bytes) -> tuple[int | None, bool]:
    """``(size or None when more bytes are needed, runs to the end)`` of an ISO BMFF box."""
    if len(header) < _BOX_HEADER:
        return None, False
    (size,) = struct.unpack(">I", header[:4])
    if size == 0:
        return 0, True
    if size == 1:
        if len(header) < _LARGE_BOX_HEADER:
            return None, False
        (size,) = struct.unpack(">Q", header[8:16])
        if size < _LARGE_BOX_HEADER:
            raise _BadHeaderError(f"a box declares {size} bytes, less than its own header")
        return size, False
    if size < _BOX_HEADER:
        raise _BadHeaderError(f"a box declares {size} bytes, less than its own header")
    return size, False


def _vint_length(first: int, longest: int) -> int:
    for length in range(1, longest + 1):
        if first & (0x80 >> (length - 1)):
            return length
    raise _BadHeaderError(f"an element header starts with the invalid byte {first:#04x}")


def _element(header: bytes) -> tuple[int | None, bool]:
    """``(size or None when more bytes are needed, runs to the end)`` of an EBML element."""
    if not header:
        return None, False
    id_length = _vint_length(header[0], _EBML_MAX_ID)
    if len(header) <= id_length:
        return None, False
    size_length = _vint_length(header[id_length], _EBML_MAX_SIZE)
    if len(header) < id_length + size_length:
        return None, False
    raw = header[id_length : id_length + size_length]
    value = int.from_bytes(raw, "big") & ((1 << (7 * size_length)) - 1)
    if value == (1 << (7 * size_length)) - 1:  # all ones: unknown size, to the end
        return 0, True
    return id_length + size_length + value, False


class VideoCheck:
    """Feed a file's bytes in order (:meth:`feed`), then ask :meth:`problem`."""

    def __init__(self) -> None:
        self.head = b""
        self.seen = 0
        self._next = 0  # where the next top-level box starts
        self._last = 0  # where the last whole box started
        self._buffer = b""  # the start of the next box's header, as far as it arrived
        self._to_end = False
        self._bad: str | None = None

    @property
    def container(self) -> Container | None:
        """The container, once :data:`HEAD_BYTES` bytes have arrived."""
        return container_of(self.head)

    @property
    def refused(self) -> bool:
        """True once enough has arrived to say it is not a video."""
        return len(self.head) >= HEAD_BYTES and self.container is None

    def feed(self, chunk: bytes) -> None:
        """Read the next bytes of the file."""
        base = self.seen
        self.seen += len(chunk)
        if len(self.head) < _SHOWN:
            self.head += chunk[: _SHOWN - len(self.head)]
        while not (self._to_end or self._bad) and self._next + len(self._buffer) < self.seen:
            start = self._next + len(self._buffer) - base
            self._buffer += chunk[start : start + _MAX_HEADER - len(self._buffer)]
            container = self.container
            if container is None:
                return
            parse = _box if container is Container.ISO_BMFF else _element
            try:
                size, self._to_end = parse(self._buffer)
            except _BadHeaderError as exc:
                self._bad = f"{exc} at byte {self._next}"
                return
            if size is None:
                continue
            self._last, self._next, self._buffer = self._next, self._next + size, b""

    def problem(self, total: int | None = None) -> str | None:
        """What is wrong (``None``: a video, as far as it can be seen). ``total``: the file's
        size when more was received than was fed (default: what was fed)."""
        size = self.seen if total is None else total
        if self.container is None:
            return (
                "expected a video (an ISO BMFF 'ftyp' box or a WebM/Matroska EBML header), "
                f"got {size} byte(s) starting {self.head[:16]!r}"
            )
        if self._bad is not None:
            return f"not a valid {self.container} file: {self._bad}"
        if self._to_end:
            return None
        if self._next > size:
            return (
                f"the video is truncated: the box at byte {self._last} declares "
                f"{self._next - self._last} bytes, but the file ends after {size}"
            )
        if self._next < size and self.seen >= size:
            return f"the video is truncated: it ends inside a box header at byte {self._next}"
        return None


def video_problem(start: bytes, total: int) -> str | None:
    """What is wrong with a file of ``total`` bytes that starts with ``start`` (``None``: it
    is a video, as far as ``start`` shows)."""
    check = VideoCheck()
    check.feed(start)
    return check.problem(total)
