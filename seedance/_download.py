"""Download a task's video: follow redirects by the origin rule, stream to disk atomically.

- The content URL may answer 302/307 to a CDN. Each hop is followed by hand, at most
  :data:`MAX_REDIRECTS` (the one limit, also the contract harness's), and the
  ``Authorization`` header goes only to the origin the client was configured with
  (:func:`seedance._origin.same_origin`): never to a CDN, never over http after https.
- The bytes are streamed to a temporary ``.part`` file beside the target and renamed over it
  only when complete; on any failure (an error, the call's deadline, an interrupt) the
  temporary file is removed and the target untouched. The saved file gets the user's umask,
  like any file the user creates.
- What arrived must be a whole video by its bytes (:mod:`seedance._video`): an ISO BMFF or
  EBML file whose top-level boxes all fit, whatever the ``Content-Type`` says.
- A body is bounded: it stops at its ``Content-Length`` (a shorter one is an error) and is
  never more than :data:`MAX_VIDEO_BYTES`; the call's deadline bounds the time it takes.

:class:`Fetch` makes these decisions for one attempt, so the sync and async downloads only
send, stream and close.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import httpx

from seedance._deadline import current_deadline
from seedance._origin import same_origin
from seedance._video import VideoCheck
from seedance.errors import TooManyRedirectsError, UnexpectedContentError

__all__ = [
    "MAX_REDIRECTS",
    "MAX_VIDEO_BYTES",
    "Fetch",
    "Sink",
    "hop_request",
    "redirect_target",
]

#: Redirects followed from the content URL before calling it a loop.
MAX_REDIRECTS = 5
#: The largest video saved (bytes), whatever the answer declares: a generated clip of the
#: longest duration at the largest size is a small fraction of it.
MAX_VIDEO_BYTES = 1 << 30
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_AUTH = "Authorization"
_CREATE_MODE = 0o666  # the user's umask applies, as for any file they create
_TEMP_ATTEMPTS = 100


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


def _declared_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


def _open_temp(target: Path) -> tuple[int, Path]:
    """A new ``.part`` file beside ``target``, created with the user's umask."""
    for _ in range(_TEMP_ATTEMPTS):
        temp = target.parent / f".{target.name}.{secrets.token_hex(6)}.part"
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _CREATE_MODE), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")  # pragma: no cover


class Sink:
    """A temporary file beside ``target``: ``write`` chunks, then ``commit`` (rename) or
    ``abort`` (remove). Use as a context manager: leaving it without commit aborts."""

    def __init__(self, target: Path, response: httpx.Response) -> None:
        self.target = target
        self._response = response
        self._check = VideoCheck()
        self._limit = MAX_VIDEO_BYTES
        declared = _declared_length(response)
        if declared is not None and declared > MAX_VIDEO_BYTES:
            raise self._refused(
                f"the answer declares {declared} bytes, over the {MAX_VIDEO_BYTES} bytes a "
                "video may have"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, self._temp = _open_temp(target)
        self._file = os.fdopen(fd, "wb")

    def _refused(self, reason: str) -> UnexpectedContentError:
        return UnexpectedContentError(
            str(self._response.request.url),
            self._response.headers.get("content-type"),
            self._check.head,
            reason,
        )

    def write(self, chunk: bytes) -> None:
        """Append ``chunk``; refused as soon as it is not a video or grows past the
        maximum, or once the call's deadline has passed."""
        deadline = current_deadline()
        if deadline is not None and deadline.expired:
            raise httpx.ReadTimeout(
                f"the video was still arriving after {self._check.seen} bytes when the "
                "call's deadline passed",
                request=self._response.request,
            )
        self._check.feed(chunk)
        if self._check.refused:
            raise self._refused(self._check.problem() or "not a video")
        if self._check.seen > self._limit:
            raise self._refused(
                f"the video is larger than {MAX_VIDEO_BYTES} bytes, the most this client saves"
            )
        self._file.write(chunk)

    def commit(self) -> Path:
        """Check what arrived, then rename the temporary file over the target."""
        problem = self._check.problem()
        if problem is not None:
            raise self._refused(problem)
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

    def __init__(self, origin: str, url: str, target: Path) -> None:
        self._origin = origin
        self._url = url
        self._hops = 0
        self._target = target

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
        return Sink(self._target, response)
