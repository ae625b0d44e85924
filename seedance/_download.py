"""Download a task's video: follow redirects by the origin rule, stream to disk atomically.

- The content URL may answer 302/307 to a CDN. Each hop is followed by hand, and the
  ``Authorization`` header goes only to the origin the client was configured with
  (:func:`seedance._origin.same_origin`): never to a CDN, never over http after https.
- The bytes are streamed to a temporary file beside the target and renamed over it only
  when complete; on any failure the temporary file is removed and the target untouched.
- What arrived must be a video: an MP4 (ISO BMFF) ``ftyp`` box at the start, or else a
  documented ``video/*`` content type of the content operation.

:class:`Fetch` makes these decisions for one attempt, so the sync and async downloads only
send, stream and close.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import httpx

from seedance._bundle import OperationInfo
from seedance._origin import same_origin
from seedance.errors import TooManyRedirectsError, UnexpectedContentError

__all__ = [
    "HEAD_BYTES",
    "MAX_REDIRECTS",
    "Fetch",
    "Sink",
    "documented_video_types",
    "hop_request",
    "is_video",
    "redirect_target",
]

MAX_REDIRECTS = 5
_FTYP = b"ftyp"
_FTYP_AT = slice(4, 8)
HEAD_BYTES = 12
_VIDEO_FAMILY = "video/"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_AUTH = "Authorization"


def hop_request(http: httpx.Client | httpx.AsyncClient, origin: str, url: str) -> httpx.Request:
    """A GET for ``url`` that carries the key only when ``url`` has the configured origin."""
    request = http.build_request("GET", url)
    if not same_origin(origin, str(request.url)):
        request.headers.pop(_AUTH, None)
    return request


def redirect_target(response: httpx.Response, hops: int) -> str | None:
    """The absolute URL a redirect answer points to (``None`` if it is not a redirect)."""
    location = response.headers.get("location")
    if response.status_code not in _REDIRECTS or not location:
        return None
    if hops >= MAX_REDIRECTS:
        raise TooManyRedirectsError(
            f"GET {response.request.url}: more than {MAX_REDIRECTS} redirects; "
            "the content URL loops"
        )
    return str(response.url.join(location))


def is_video(head: bytes, content_type: str | None, video_types: frozenset[str]) -> bool:
    """True when an answer starting with ``head`` is a video: an MP4 ``ftyp`` box, or else
    a content type among ``video_types``; never an empty or a few-byte body."""
    if len(head) < HEAD_BYTES:
        return False
    if head[_FTYP_AT] == _FTYP:
        return True
    return (content_type or "").split(";")[0].strip().lower() in video_types


class Sink:
    """A temporary file beside ``target``: ``write`` chunks, then ``commit`` (rename) or
    ``abort`` (remove). Use as a context manager: leaving it without commit aborts."""

    def __init__(self, target: Path, response: httpx.Response, video_types: frozenset[str]) -> None:
        self.target = target
        self._response = response
        self._video_types = video_types
        self._head = b""
        self._checked = False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        self._file = os.fdopen(fd, "wb")
        self._temp = Path(name)

    def _check(self) -> None:
        if not is_video(self._head, self._response.headers.get("content-type"), self._video_types):
            raise UnexpectedContentError(
                str(self._response.request.url),
                self._response.headers.get("content-type"),
                self._head,
            )
        self._checked = True

    def write(self, chunk: bytes) -> None:
        """Append ``chunk``; the first bytes are checked to be a video."""
        if not self._checked:
            self._head += chunk[: HEAD_BYTES - len(self._head)]
            if len(self._head) >= HEAD_BYTES:
                self._check()
        self._file.write(chunk)

    def commit(self) -> Path:
        """Check what arrived, then rename the temporary file over the target."""
        if not self._checked:
            self._check()
        self._file.close()
        os.replace(self._temp, self.target)
        return self.target

    def abort(self) -> None:
        """Remove the temporary file."""
        self._file.close()
        with contextlib.suppress(FileNotFoundError):
            self._temp.unlink()

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._temp.exists():
            self.abort()


class Fetch:
    """One download attempt: the request of each hop, whether an answer redirects (then the
    next hop is set), and the :class:`Sink` for the final answer."""

    def __init__(self, origin: str, url: str, target: Path, video_types: frozenset[str]) -> None:
        self._origin = origin
        self._url = url
        self._hops = 0
        self._target = target
        self._video_types = video_types

    def request(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """The GET of the current hop (the key only to the configured origin)."""
        return hop_request(http, self._origin, self._url)

    def follows(self, response: httpx.Response) -> bool:
        """True when ``response`` redirects: the next :meth:`request` goes where it points."""
        following = redirect_target(response, self._hops)
        if following is None:
            return False
        self._url, self._hops = following, self._hops + 1
        return True

    def sink(self, response: httpx.Response) -> Sink:
        """Where the final ``response``'s bytes go (checked, renamed over the target)."""
        return Sink(self._target, response, self._video_types)


def documented_video_types(op: OperationInfo) -> frozenset[str]:
    """The ``video/`` content types ``op`` documents for its 2xx answers."""
    return frozenset(
        kind.lower()
        for status, answer in op.responses.items()
        if status.startswith("2")
        for kind in answer.content
        if kind.lower().startswith(_VIDEO_FAMILY)
    )
