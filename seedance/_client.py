"""``Seedance`` and ``AsyncSeedance``: configuration, the connection pool, ``.videos``.

``api_key`` defaults to ``$SEEDANCE_API_KEY``; ``base_url`` to ``$SEEDANCE_BASE_URL``, else
the production gateway. Both clients are context managers that close their pool.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Mapping
from types import TracebackType

from seedance_client import AuthenticatedClient

from seedance._http import TimeoutArg, async_http_client, http_client, to_timeout, total_seconds
from seedance._models import Model, catalogue
from seedance._plan import Settings
from seedance._retry import RetryPolicy
from seedance._videos import AsyncVideos, Videos
from seedance._wait import PollSchedule
from seedance.errors import SeedanceError

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_MAX_RETRIES", "AsyncSeedance", "Seedance"]

DEFAULT_BASE_URL = "https://api.powertokens.ai"
DEFAULT_MAX_RETRIES = 2
API_KEY_ENV = "SEEDANCE_API_KEY"
BASE_URL_ENV = "SEEDANCE_BASE_URL"


def _settings(  # noqa: PLR0917 - the constructor's arguments, passed through
    api_key: str | None,
    base_url: str | None,
    timeout: TimeoutArg,
    max_retries: int,
    retry_policy: RetryPolicy | None,
    poll: PollSchedule | None,
) -> Settings:
    key = api_key or os.environ.get(API_KEY_ENV)
    if not key:
        raise SeedanceError(f"no API key: pass api_key=... or set {API_KEY_ENV}")
    check_key(key, "api_key" if api_key else API_KEY_ENV)
    url = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
    if max_retries < 0:
        raise SeedanceError(f"max_retries must be 0 or more, got {max_retries}")
    return Settings(
        base_url=url,
        api_key=key,
        timeout=to_timeout(timeout),
        max_retries=max_retries,
        retry_policy=retry_policy or RetryPolicy(),
        poll=poll or PollSchedule(),
        deadline=total_seconds(timeout),
    )


def check_key(key: str, source: str) -> None:
    """Refuse a key that cannot be sent as a header value, without echoing it: whitespace,
    control characters or characters outside printable ASCII."""
    bad = next((i for i, char in enumerate(key) if not (" " < char <= "~")), None)
    if bad is not None:
        raise SeedanceError(
            f"the API key from {source} holds whitespace, a control character or a non-ASCII "
            f"character (at position {bad + 1} of {len(key)}); copy the key again without it"
        )


class _Client(abc.ABC):
    """What :class:`Seedance` and :class:`AsyncSeedance` share: the constructor (settings
    and the generated client), ``base_url`` and ``repr``; each subclass opens its pool."""

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutArg = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        *,
        retry_policy: RetryPolicy | None = None,
        poll_schedule: PollSchedule | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        settings = _settings(api_key, base_url, timeout, max_retries, retry_policy, poll_schedule)
        self._settings = settings
        self._generated = AuthenticatedClient(
            base_url=settings.base_url, token=settings.api_key, timeout=settings.timeout
        )
        self._open(settings, default_headers or {})

    @abc.abstractmethod
    def _open(self, settings: Settings, headers: Mapping[str, str]) -> None:
        """Give the generated client its httpx pool and make ``self.videos``."""

    @property
    def base_url(self) -> str:
        """The gateway this client talks to."""
        return self._settings.base_url

    @property
    def models(self) -> Mapping[str, Model]:
        """The vendored models by id, the default (the seed page's) first: each with its
        modes, and per mode its page, media types, accepted values and bounds per field and
        ``x-linkage`` rules (:class:`seedance._models.Model`), read from the pages."""
        return catalogue().models

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class Seedance(_Client):
    """The Seedance video API, synchronously.

    >>> with Seedance(base_url="http://127.0.0.1:4010", api_key="sk-mock") as client:
    ...     task = client.videos.create_and_wait(prompt="a cat", first_frame=Path("cat.png"))
    ...     client.videos.download(task, "cat.mp4")

    ``timeout``: seconds each call may take in all (connects, reads, retries and their
    waits), or an ``httpx.Timeout`` that bounds each phase of each request only; default
    connect 10 s, read 60 s per phase. ``max_retries``: retries of a request where that is
    safe (see the README's retry table), default 2; both can be overridden per call.
    ``retry_policy``: the backoff and the ``Retry-After`` cap; ``poll_schedule``: how often
    :meth:`wait` polls; ``default_headers``: sent with every request (e.g. the mock's
    ``Prefer`` scenarios).
    """

    videos: Videos

    def _open(self, settings: Settings, headers: Mapping[str, str]) -> None:
        pool = http_client(settings.base_url, settings.api_key, settings.timeout, headers)
        self._generated.set_httpx_client(pool)
        self.videos = Videos(settings, self._generated)

    def close(self) -> None:
        """Close the connection pool."""
        self._generated.get_httpx_client().close()

    def __enter__(self) -> Seedance:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncSeedance(_Client):
    """The Seedance video API for asyncio: the same arguments and methods, awaitable.

    >>> async with AsyncSeedance() as client:
    ...     task = await client.videos.create_and_wait(prompt="…", first_frame="https://…")
    """

    videos: AsyncVideos

    def _open(self, settings: Settings, headers: Mapping[str, str]) -> None:
        pool = async_http_client(settings.base_url, settings.api_key, settings.timeout, headers)
        self._generated.set_async_httpx_client(pool)
        self.videos = AsyncVideos(settings, self._generated)

    async def close(self) -> None:
        """Close the connection pool."""
        await self._generated.get_async_httpx_client().aclose()

    async def __aenter__(self) -> AsyncSeedance:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
