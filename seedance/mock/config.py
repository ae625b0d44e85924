"""Start-up configuration of the mock gateway (key, task duration, scenario, limits)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seedance.mock.errors import MockConfigError
from seedance.mock.scenarios import Scenario, parse_prefer

DEFAULT_API_KEY = "sk-mock"
DEFAULT_TASK_SECONDS = 3.0
DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_HEADER_BYTES = 64 * 1024
# About 600 bytes a task, so at most ~60 MB (README: "Mock gateway").
DEFAULT_MAX_TASKS = 100_000
API_KEY_ENV = "SEEDANCE_API_KEY"
TASK_SECONDS_ENV = "MOCK_TASK_SECONDS"
MAX_TASKS_ENV = "MOCK_MAX_TASKS"


def _env_task_seconds() -> float:
    raw = os.environ.get(TASK_SECONDS_ENV, "").strip()
    if not raw:
        return DEFAULT_TASK_SECONDS
    try:
        return float(raw)
    except ValueError:
        raise MockConfigError(
            f"{TASK_SECONDS_ENV}={raw!r}: expected a number of seconds, e.g. 3 or 0.5"
        ) from None


def _env_max_tasks() -> int:
    raw = os.environ.get(MAX_TASKS_ENV, "").strip().replace("_", "")
    if not raw:
        return DEFAULT_MAX_TASKS
    try:
        return int(raw)
    except ValueError:
        raise MockConfigError(
            f"{MAX_TASKS_ENV}={raw!r}: expected a whole number of tasks, e.g. 100000"
        ) from None


@dataclass(frozen=True)
class MockConfig:
    """Everything the mock needs at start-up.

    ``api_key``: the only key accepted (``Authorization: Bearer <key>``).
    ``task_seconds``: how long a task takes from creation to completion (or failure).
    ``scenario``: the scenario applied to every request (a ``Prefer`` header overrides it).
    ``max_body_bytes``: larger request bodies get a 400 (default 16 MiB).
    ``max_header_bytes``: a larger request line and headers get a 400 (default 64 KiB).
    ``max_tasks``: tasks kept in memory; the oldest are forgotten beyond it.
    ``spec_path``: the bundle to serve (default ``openapi/seedance.yaml``).
    ``log_requests``: log method, path, status and latency of every request.
    """

    api_key: str = DEFAULT_API_KEY
    task_seconds: float = DEFAULT_TASK_SECONDS
    scenario: Scenario = field(default_factory=Scenario)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_header_bytes: int = DEFAULT_MAX_HEADER_BYTES
    max_tasks: int = DEFAULT_MAX_TASKS
    spec_path: Path | None = None
    log_requests: bool = True

    def __post_init__(self) -> None:
        if not self.api_key:
            raise MockConfigError("api_key: expected a non-empty key (default sk-mock)")
        if not 0 <= self.task_seconds <= 86400:
            raise MockConfigError(f"task_seconds={self.task_seconds}: expected 0 to 86400 seconds")
        if min(self.max_body_bytes, self.max_header_bytes, self.max_tasks) < 1:
            raise MockConfigError(
                f"max_body_bytes={self.max_body_bytes}, max_header_bytes="
                f"{self.max_header_bytes}, max_tasks={self.max_tasks}: expected positive numbers"
            )

    @property
    def key_is_default(self) -> bool:
        """True when the accepted key is the public default ``sk-mock``."""
        return self.api_key == DEFAULT_API_KEY

    @classmethod
    def from_env(
        cls,
        *,
        api_key: str | None = None,
        task_seconds: float | None = None,
        max_tasks: int | None = None,
        prefer: str | None = None,
        scenario: Scenario | None = None,
        **options: Any,
    ) -> MockConfig:
        """A config whose unset values come from the environment.

        ``api_key``: else ``SEEDANCE_API_KEY``, else ``sk-mock``. ``task_seconds``: else
        ``MOCK_TASK_SECONDS``, else 3. ``max_tasks``: else ``MOCK_MAX_TASKS``, else 100000.
        ``prefer``: start-up scenario in ``Prefer`` syntax; ``scenario`` (a
        :class:`Scenario`) is layered over it.
        """
        start = parse_prefer(prefer) if prefer else Scenario()
        if scenario is not None:
            start = scenario.over(start)
        return cls(
            api_key=api_key or os.environ.get(API_KEY_ENV) or DEFAULT_API_KEY,
            task_seconds=_env_task_seconds() if task_seconds is None else float(task_seconds),
            max_tasks=_env_max_tasks() if max_tasks is None else int(max_tasks),
            scenario=start,
            **options,
        )


def masked(key: str) -> str:
    """A key safe to print: the public default in full, any other key as a description."""
    if key == DEFAULT_API_KEY:
        return key
    return f"<the key in {API_KEY_ENV} or given at start-up, {len(key)} characters>"
