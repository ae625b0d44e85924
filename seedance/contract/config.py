"""Run configuration from environment variables and the equivalent command-line flags.

Every option has a flag, an environment variable with the ``SEEDANCE_`` prefix (as every
``seedance`` setting: ``--base-url`` and ``SEEDANCE_BASE_URL``, ``--max-billable`` and
``SEEDANCE_MAX_BILLABLE``, …) and the same name without the prefix (what ``make
contract-test`` exports). The flag wins, then the make variable, then the prefixed one. A key
in ``SEEDANCE_API_KEY`` with no server named anywhere is the SDK's key, not a target: the
embedded mock is tested. Empty strings count as unset, because the Makefile exports every
variable even when the user gave none.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from seedance.contract.errors import ConfigError

LIVE_BASE_URL = "https://api.powertokens.ai"
LIVE_KEY_VARIABLE = "SEEDANCE_API_KEY"
#: The prefix every ``seedance`` setting's environment variable has.
ENV_PREFIX = "SEEDANCE_"
DEFAULT_REPORT_DIR = Path("reports/contract")
#: Default requests per second against production (``TARGET=live``); other targets: unlimited.
DEFAULT_LIVE_RATE = 2.0
#: Default lifecycle deadline (seconds): generous for production, short for the mock and others.
DEFAULT_LIVE_DEADLINE = 900.0
DEFAULT_DEADLINE = 60.0
#: Times a 429 ("try later") is re-sent, after its Retry-After (at most 30 s) or 1, 2, 4 s.
DEFAULT_RETRIES = 3
#: Default seconds one request may take in all, from sending to the answer's last byte.
DEFAULT_REQUEST_DEADLINE = 60.0
#: Default seconds a whole run may take: above the lifecycle deadline, with room for the rest.
DEFAULT_LIVE_RUN_DEADLINE = 3600.0
DEFAULT_RUN_DEADLINE = 900.0
#: Default most re-sends after a 429 over a whole run.
DEFAULT_RESEND_CAP = 30
#: Task duration of the embedded mock during a run (seconds): a few polls (0.2 s apart) see the
#: task pending before it completes, and the content-before-completion check has time to run.
MOCK_TASK_SECONDS = 0.5

#: Seconds between two retrieves while the lifecycle waits for its task: production (slow
#: tasks, a rate limit) and the other targets.
LIVE_POLL_SECONDS = 5.0
POLL_SECONDS = 0.2


class HelpShown(Exception):  # noqa: N818 - not an error: the help was printed
    """``--help`` / ``-h`` was given: the help is printed, the run is over (exit 0)."""


class Target(StrEnum):
    """What a run tests (its value is the word the reports print)."""

    #: The embedded mock, started and stopped by the run.
    MOCK = "mock"
    #: A server given by ``BASE_URL`` and ``API_KEY``.
    SERVER = "server"
    #: Production (``TARGET=live``) with ``$SEEDANCE_API_KEY``.
    LIVE = "live"


@dataclass(frozen=True)
class RunConfig:
    """Everything one run needs to know about its target and its limits."""

    target: Target
    base_url: str | None  # None for the embedded mock (known once started)
    api_key: str | None  # None for the embedded mock
    max_billable: float  # math.inf when unlimited
    plan_only: bool
    rate: float  # requests per second; 0 = unlimited
    deadline: float  # lifecycle deadline, seconds
    report_dir: Path
    #: Where the key came from (a flag or an environment variable), for messages.
    key_source: str = ""
    request_timeout: float = 30.0  # seconds one read (or connect) may wait
    retries: int = DEFAULT_RETRIES  # times a 429 is re-sent after its Retry-After
    request_deadline: float = DEFAULT_REQUEST_DEADLINE  # seconds one request may take in all
    run_deadline: float = DEFAULT_RUN_DEADLINE  # seconds the whole run may take
    resend_cap: int = DEFAULT_RESEND_CAP  # most re-sends after a 429 in the whole run
    schemathesis: bool = True
    max_examples: int = 25
    #: ``--record DIR``: keep every exchange of the run there (``seedance.contract.recording``).
    record_dir: Path | None = None
    #: ``--replay DIR``: judge the recording there again, with no network.
    replay_dir: Path | None = None
    #: ``--model a,b`` (``MODELS=``): the vendored models to check (``model:mode``: that mode
    #: alone); empty: every one.
    models: tuple[str, ...] = ()

    @property
    def budget_label(self) -> str:
        """The budget as users write it ("unlimited" or a number)."""
        return "unlimited" if math.isinf(self.max_billable) else str(int(self.max_billable))

    @property
    def poll(self) -> float:
        """Seconds between two retrieves while the lifecycle waits for its task."""
        return LIVE_POLL_SECONDS if self.target == Target.LIVE else POLL_SECONDS


_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("base_url", "BASE_URL", "server to test (with API_KEY); default: the embedded mock"),
    ("api_key", "API_KEY", "bearer key for BASE_URL"),
    ("target", "TARGET", "'live' = https://api.powertokens.ai with $SEEDANCE_API_KEY"),
    ("max_billable", "MAX_BILLABLE", "most creates the target may bill (default: 0; mock: no cap)"),
    ("plan", "PLAN", "1 = print the billable requests a run would send, send nothing"),
    (
        "model",
        "MODELS",
        "vendored models to check, comma-separated; model:mode checks that mode alone "
        "(default: every one)",
    ),
    ("rate", "RATE", "max requests per second (default: 2 for live, unlimited otherwise)"),
    ("deadline", "DEADLINE", "seconds a task may take to finish (default: 900 live, 60 else)"),
    (
        "retries",
        "RETRY_429",
        f"times a 429 is re-sent after its Retry-After (default: {DEFAULT_RETRIES})",
    ),
    (
        "retries_total",
        "RETRY_429_TOTAL",
        "most re-sends after a 429 in the whole run, or as many as the other answers if more "
        f"(default: {DEFAULT_RESEND_CAP})",
    ),
    (
        "request_deadline",
        "REQUEST_DEADLINE",
        "seconds one request may take in all, answer included "
        f"(default: {DEFAULT_REQUEST_DEADLINE:g})",
    ),
    (
        "run_deadline",
        "RUN_DEADLINE",
        f"seconds the whole run may take (default: {DEFAULT_LIVE_RUN_DEADLINE:g} live, "
        f"{DEFAULT_RUN_DEADLINE:g} else)",
    ),
    ("report_dir", "REPORT_DIR", "where reports go (default: reports/contract)"),
    ("max_examples", "MAX_EXAMPLES", "schemathesis fuzzing examples per operation (default: 25)"),
    ("schemathesis", "SCHEMATHESIS", "0 = skip the schemathesis phase (default: 1)"),
    ("record", "RECORD", "keep every exchange of the run in this folder (a HAR 1.2 cassette)"),
    (
        "replay",
        "REPLAY",
        "judge the recording in this folder again against today's pages, with no network",
    ),
)
#: Every environment variable a run reads (its options, prefixed and not, and the live key).
ENVIRONMENT_VARIABLES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *(env for _, env, _ in _OPTIONS),
            *(ENV_PREFIX + env for _, env, _ in _OPTIONS),
            LIVE_KEY_VARIABLE,
        ]
    )
)


def build_parser() -> argparse.ArgumentParser:
    """The command line; each flag mirrors an environment variable."""
    parser = argparse.ArgumentParser(
        prog="seedance contract-test",
        description=(
            "Prove that a target honours openapi/seedance.yaml. Exit 0: no violation; "
            "1: violations; 2: configuration error; 3: network errors (target unreachable, "
            "timing out or stopped answering), no violation; 4: internal error; "
            "5: inconclusive (too little could be judged, e.g. every answer was 429). "
            "--compare OLD NEW [--fail-on LEVEL]: what changed between two recordings "
            "(behaviour drift; --compare OLD NEW --help says more)."
        ),
    )
    for dest, env, help_text in _OPTIONS:
        flag = "--" + dest.replace("_", "-")
        parser.add_argument(
            flag, dest=dest, default=None, help=f"{help_text} [env {ENV_PREFIX}{env} or {env}]"
        )
    return parser


def _raw(
    args: argparse.Namespace, environ: Mapping[str, str]
) -> tuple[dict[str, str | None], dict[str, str]]:
    """Each option's value (flag, then make variable, then prefixed variable) and where it
    came from."""
    values: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    for dest, env, _ in _OPTIONS:
        candidates = (
            ("--" + dest.replace("_", "-"), getattr(args, dest)),
            (env, environ.get(env)),
            (ENV_PREFIX + env, environ.get(ENV_PREFIX + env)),
        )
        values[dest] = None
        for source, value in candidates:
            if value and value.strip():
                values[dest], sources[dest] = value.strip(), source
                break
    return values, sources


def _number(name: str, value: str, *, integer: bool = False) -> float:
    try:
        number = float(int(value)) if integer else float(value)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise ConfigError(f"{name} must be {kind}, got {value!r}") from None
    if number < 0 or math.isnan(number):
        raise ConfigError(f"{name} must not be negative, got {value!r}")
    return number


def _positive(name: str, value: str) -> float:
    number = _number(name, value)
    if number == 0 or math.isinf(number):
        raise ConfigError(f"{name} must be a positive number of seconds, got {value!r}")
    return number


def _flag(name: str, value: str | None, default: bool) -> bool:
    if value is None:
        return default
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0, got {value!r}")


def _ensure_writable(report_dir: Path, name: str = "REPORT_DIR") -> None:
    """Fail before anything is sent when the reports could not be written afterwards."""
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
        probe = report_dir / ".write-test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"{name} {str(report_dir)!r} is not a writable directory ({exc.strerror}); "
            f"set {name} to one that is"
        ) from exc


def load_config(
    argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None
) -> RunConfig:
    """Read flags and environment into a :class:`RunConfig`; raise :class:`ConfigError`."""
    env = os.environ if environ is None else environ
    try:
        args = build_parser().parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse already printed its message (or the help)
        if exc.code in (0, None):
            raise HelpShown from exc
        raise ConfigError("invalid command line (see the message above)") from exc
    raw, sources = _raw(args, env)
    if sources.get("api_key") == ENV_PREFIX + "API_KEY" and not raw["base_url"]:
        raw["api_key"] = None  # the SDK's key, with no server named: the mock is tested
    if raw["replay"] is not None:
        _check_replay(raw)
    target_name = (raw["target"] or "").lower()
    if target_name not in ("", Target.LIVE, Target.MOCK):
        raise ConfigError(f"TARGET must be 'live' or 'mock' (or unset), got {raw['target']!r}")
    if target_name == Target.LIVE:
        if raw["base_url"]:
            raise ConfigError(
                f"give either TARGET=live or BASE_URL (set by {sources['base_url']}), not both"
            )
        key = (env.get(LIVE_KEY_VARIABLE) or "").strip()
        if not key:
            raise ConfigError(
                f"TARGET=live needs the API key in ${LIVE_KEY_VARIABLE}; it is not set "
                f"(export {LIVE_KEY_VARIABLE}=... and run again)"
            )
        target, base_url, api_key = Target.LIVE, LIVE_BASE_URL, key
        sources["api_key"] = LIVE_KEY_VARIABLE
    elif raw["base_url"] and target_name != Target.MOCK:
        if not raw["api_key"]:
            raise ConfigError(
                f"BASE_URL is set (by {sources['base_url']}) but API_KEY is not: give the "
                f"target's bearer key (--api-key, API_KEY or {ENV_PREFIX}API_KEY)"
            )
        if not raw["base_url"].startswith(("http://", "https://")):
            raise ConfigError(
                f"BASE_URL must start with http:// or https://, got {raw['base_url']!r}"
            )
        target, base_url, api_key = Target.SERVER, raw["base_url"].rstrip("/"), raw["api_key"]
    else:
        if raw["api_key"] and not raw["base_url"]:
            raise ConfigError(
                f"API_KEY is set (by {sources['api_key']}) but BASE_URL is not: give the "
                f"server to test (--base-url, BASE_URL or {ENV_PREFIX}BASE_URL)"
            )
        target, base_url, api_key = Target.MOCK, None, None
    if raw["max_billable"] is not None:
        max_billable = _number("MAX_BILLABLE", raw["max_billable"], integer=True)
    else:
        max_billable = math.inf if target == Target.MOCK else 0.0
    rate = (
        _number("RATE", raw["rate"])
        if raw["rate"] is not None
        else (DEFAULT_LIVE_RATE if target == Target.LIVE else 0.0)
    )
    deadline = (
        _number("DEADLINE", raw["deadline"])
        if raw["deadline"] is not None
        else (DEFAULT_LIVE_DEADLINE if target == Target.LIVE else DEFAULT_DEADLINE)
    )
    max_examples = (
        int(_number("MAX_EXAMPLES", raw["max_examples"], integer=True))
        if raw["max_examples"] is not None
        else 25
    )
    retries = (
        int(_number("RETRY_429", raw["retries"], integer=True))
        if raw["retries"] is not None
        else DEFAULT_RETRIES
    )
    resend_cap = (
        int(_number("RETRY_429_TOTAL", raw["retries_total"], integer=True))
        if raw["retries_total"] is not None
        else DEFAULT_RESEND_CAP
    )
    request_deadline = (
        _positive("REQUEST_DEADLINE", raw["request_deadline"])
        if raw["request_deadline"] is not None
        else DEFAULT_REQUEST_DEADLINE
    )
    run_deadline = (
        _positive("RUN_DEADLINE", raw["run_deadline"])
        if raw["run_deadline"] is not None
        else (DEFAULT_LIVE_RUN_DEADLINE if target == Target.LIVE else DEFAULT_RUN_DEADLINE)
    )
    report_dir = Path(raw["report_dir"]) if raw["report_dir"] else DEFAULT_REPORT_DIR
    _ensure_writable(report_dir)
    if raw["record"] is not None:
        _ensure_writable(Path(raw["record"]), "RECORD")
    return RunConfig(
        target=target,
        base_url=base_url,
        api_key=api_key,
        max_billable=max_billable,
        plan_only=_flag("PLAN", raw["plan"], False),
        rate=rate,
        deadline=deadline,
        retries=retries,
        resend_cap=resend_cap,
        request_deadline=request_deadline,
        run_deadline=run_deadline,
        report_dir=report_dir,
        key_source=sources.get("api_key", ""),
        schemathesis=_flag("SCHEMATHESIS", raw["schemathesis"], True),
        max_examples=max(1, max_examples),
        record_dir=Path(raw["record"]) if raw["record"] else None,
        replay_dir=Path(raw["replay"]) if raw["replay"] else None,
        models=_models(raw["model"]),
    )


def _models(value: str | None) -> tuple[str, ...]:
    """``"a, b"`` -> ``("a", "b")`` (which ids are vendored is checked against the pages)."""
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _check_replay(raw: dict[str, str | None]) -> None:
    """A replay judges a recording with the recording's target and settings: a target given
    too (e.g. ``SEEDANCE_BASE_URL`` left in the environment) is ignored; recording is refused."""
    if raw["record"] is not None:
        raise ConfigError("give either REPLAY or RECORD: a replay sends nothing to record")
    for name in ("base_url", "api_key", "target"):
        raw[name] = None
