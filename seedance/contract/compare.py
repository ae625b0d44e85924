"""``seedance contract-test --compare OLD NEW``: behaviour drift between two recordings.

The exchanges of two recordings of the same checks are paired (same check, method, operation,
kind of key and request body; the n-th with the n-th) and their answers compared, so a
scheduled live run tells the team when the target changed although its pages did not. Each
difference is classified like spec drift (:class:`seedance.drift.model.Level`):

* error — a different status code or content type for the same request, a field whose JSON
  type changed;
* warning — a field no longer sent, a changed error shape (task error / gateway error / other),
  a task ``status`` value the old recording never saw;
* info — a new field in an answer, a status value no longer seen, an exchange only one of the
  recordings has (the checks themselves differed).

Writes ``behaviour-drift.json`` and ``behaviour-drift.md`` (in ``reports/`` unless
``--report-dir`` says otherwise). Exit 0 no difference at or above ``--fail-on`` (default
info), 1 differences, 2 a recording cannot be read.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from seedance import gateway as g
from seedance.contract.cassette import (
    CASSETTE_NAME,
    CassetteError,
    RecordedExchange,
    body_digest,
    read_cassette,
)
from seedance.contract.curl import REDACTED_AUTH
from seedance.exitcode import ExitCode
from seedance.spec.levels import LEVELS, Level, level_rank

__all__ = ["Change", "compare_recordings", "main"]

REPORT_NAME = "behaviour-drift"


@dataclass(frozen=True)
class Change:
    """One difference between the two recordings."""

    id: str
    level: Level
    location: str
    message: str


def _kind_of_key(recorded: RecordedExchange) -> str:
    auth = recorded.auth
    return "key" if auth == REDACTED_AUTH else ("other key" if auth else "no key")


def _target(recorded: RecordedExchange) -> str:
    """The operation, or the path (never the host: recordings of two targets are compared)."""
    if recorded.operation:
        return recorded.operation
    parts = urlsplit(recorded.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _pair_key(recorded: RecordedExchange) -> tuple[str, ...]:
    where = _target(recorded)
    return (
        recorded.check,
        recorded.method,
        where,
        _kind_of_key(recorded),
        body_digest(recorded.request_body),
    )


def _grouped(exchanges: list[RecordedExchange]) -> dict[tuple[str, ...], list[RecordedExchange]]:
    groups: dict[tuple[str, ...], list[RecordedExchange]] = collections.defaultdict(list)
    for recorded in exchanges:
        groups[_pair_key(recorded)].append(recorded)
    return groups


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _shape(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, JSON type) of every field of a JSON value (list items as ``[]``)."""
    if isinstance(value, dict):
        for name, item in value.items():
            child = f"{path}.{name}" if path else str(name)
            yield child, _type_name(item)
            yield from _shape(item, child)
    elif isinstance(value, list):
        for item in value:
            yield f"{path}[]", _type_name(item)
            yield from _shape(item, f"{path}[]")


def _shape_map(value: Any) -> dict[str, set[str]]:
    shape: dict[str, set[str]] = collections.defaultdict(set)
    for path, kind in _shape(value):
        shape[path].add(kind)
    return shape


def error_shape(body: Any) -> str:
    """Which of the gateway's error shapes a body has."""
    if isinstance(body, dict):
        if isinstance(body.get("error"), dict):
            return "gateway error {error: {message, type, code}}"
        if "code" in body and "message" in body:
            return "task error {code, message, data}"
    return "no documented error shape" if body is not None else "no JSON body"


def _answer(recorded: RecordedExchange) -> str:
    return str(recorded.status) if recorded.error is None else "no answer"


def _compare_group(old: list[RecordedExchange], new: list[RecordedExchange]) -> Iterator[Change]:
    """The answers to one request (several: lifecycle polls, re-sends), old against new.

    Compared as sets, per status code, so a task polled once more or once less is no change."""
    first = new[0]
    request = f"{first.check}: {first.method} {_target(first)}"
    old_status, new_status = {_answer(e) for e in old}, {_answer(e) for e in new}
    if old_status != new_status:
        yield Change(
            "status-changed",
            Level.ERROR,
            request,
            f"answered {', '.join(sorted(old_status))}, now {', '.join(sorted(new_status))}",
        )
        return
    for status in sorted(new_status - {"no answer"}):
        before = [e for e in old if _answer(e) == status]
        after = [e for e in new if _answer(e) == status]
        yield from _compare_answers(f"{_target(first)} {status}", before, after)


def _compare_answers(
    where: str, old: list[RecordedExchange], new: list[RecordedExchange]
) -> Iterator[Change]:
    """Answers with the same status: content type, error shape, fields."""
    old_types, new_types = {e.content_type for e in old}, {e.content_type for e in new}
    if old_types != new_types:
        yield Change(
            "content-type-changed",
            Level.ERROR,
            where,
            f"content type {', '.join(sorted(old_types)) or '(none)'}, now "
            f"{', '.join(sorted(new_types)) or '(none)'}",
        )
        return
    before = [b for e in old if (b := e.json_body()) is not None]
    after = [b for e in new if (b := e.json_body()) is not None]
    if not before or not after:
        return
    if int(where.rsplit(" ", 1)[-1]) >= g.Status.INVALID_REQUEST:
        old_shapes, new_shapes = {error_shape(b) for b in before}, {error_shape(b) for b in after}
        if old_shapes != new_shapes:
            yield Change(
                "error-shape-changed",
                Level.WARNING,
                where,
                f"the error was a {' / '.join(sorted(old_shapes))}, now a "
                f"{' / '.join(sorted(new_shapes))}",
            )
            return
    old_shape, new_shape = _shape_union(before), _shape_union(after)
    for path in sorted(set(new_shape) - set(old_shape)):
        kinds = "/".join(sorted(new_shape[path]))
        yield Change("response-field-added", Level.INFO, where, f"new field {path} ({kinds})")
    for path in sorted(set(old_shape) - set(new_shape)):
        yield Change("response-field-removed", Level.WARNING, where, f"field {path} is gone")
    for path in sorted(set(old_shape) & set(new_shape)):
        was, now = old_shape[path] - {"null"}, new_shape[path] - {"null"}
        if was and now and was != now:
            yield Change(
                "response-field-type-changed",
                Level.ERROR,
                where,
                f"field {path} was {'/'.join(sorted(was))}, now {'/'.join(sorted(now))}",
            )


def _shape_union(bodies: list[Any]) -> dict[str, set[str]]:
    union: dict[str, set[str]] = collections.defaultdict(set)
    for body in bodies:
        for path, kinds in _shape_map(body).items():
            union[path] |= kinds
    return union


def _status_values(exchanges: list[RecordedExchange]) -> dict[str, set[str]]:
    values: dict[str, set[str]] = collections.defaultdict(set)
    for recorded in exchanges:
        if recorded.status is None or not 200 <= recorded.status < 300:
            continue
        body = recorded.json_body()
        value = body.get(g.STATUS) if isinstance(body, dict) else None
        if isinstance(value, str):
            values[_target(recorded)].add(value)
    return values


def compare_recordings(old: list[RecordedExchange], new: list[RecordedExchange]) -> list[Change]:
    """Every difference between the answers of two recordings of the same checks."""
    before, after = _grouped(old), _grouped(new)
    changes: list[Change] = []
    for key in sorted(before.keys() & after.keys()):
        changes.extend(_compare_group(before[key], after[key]))
    for key, verb, side in (
        *((k, "removed", before) for k in sorted(before.keys() - after.keys())),
        *((k, "added", after) for k in sorted(after.keys() - before.keys())),
    ):
        one = side[key][0]
        changes.append(
            Change(
                f"exchange-{verb}",
                Level.INFO,
                f"{one.check}: {one.method} {_target(one)}",
                "a request only the old recording has"
                if verb == "removed"
                else "a request only the new recording has",
            )
        )
    old_values, new_values = _status_values(old), _status_values(new)
    for where in sorted(set(old_values) | set(new_values)):
        was, now = old_values.get(where, set()), new_values.get(where, set())
        for value in sorted(now - was):
            changes.append(
                Change(
                    "task-status-new",
                    Level.WARNING,
                    where,
                    f"{g.STATUS} {value!r} never seen before (seen: {sorted(was)})",
                )
            )
        for value in sorted(was - now):
            changes.append(
                Change(
                    "task-status-unseen",
                    Level.INFO,
                    where,
                    f"{g.STATUS} {value!r} no longer seen",
                )
            )
    return _distinct(changes)


def _distinct(changes: list[Change]) -> list[Change]:
    """Each difference once (a new field in the task shows in every poll), worst first."""
    counted = collections.Counter(changes)
    unique = sorted(counted, key=lambda c: (-c.level.rank, c.id, c.location, c.message))
    return [
        Change(
            c.id,
            c.level,
            c.location,
            c.message + (f" ({counted[c]} times)" if counted[c] > 1 else ""),
        )
        for c in unique
    ]


def _load(source: Path) -> list[RecordedExchange]:
    return read_cassette(source / CASSETTE_NAME if source.is_dir() else source)


def _markdown(old: Path, new: Path, changes: list[Change], counts: dict[str, int]) -> str:
    lines = [
        "# Behaviour drift",
        "",
        f"`{old}` → `{new}`: {counts['error']} error, {counts['warning']} warning, "
        f"{counts['info']} info.",
        "",
    ]
    if not changes:
        return "\n".join([*lines, "The two recordings answered alike.", ""])
    lines += ["| level | id | where | what |", "|---|---|---|---|"]
    for change in changes:
        cells = [change.level.value, change.id, change.location, change.message]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join([*lines, ""])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seedance contract-test --compare",
        description="What changed between two recordings of the same checks (behaviour drift). "
        "Exit 0: no difference at or above --fail-on; 1: differences; 2: a recording is "
        "unreadable.",
    )
    parser.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"), required=True)
    parser.add_argument("--fail-on", choices=LEVELS, default=Level.INFO.value)
    parser.add_argument("--report-dir", default="reports", help="where the reports go")
    return parser


def main(argv: Sequence[str]) -> int:
    """``--compare OLD NEW [--fail-on LEVEL] [--report-dir DIR]``; returns the exit code."""
    try:
        args = _parser().parse_args(list(argv))
    except SystemExit as exc:
        return ExitCode.OK if exc.code == 0 else ExitCode.USAGE
    old, new = Path(args.compare[0]), Path(args.compare[1])
    try:
        changes = compare_recordings(_load(old), _load(new))
    except CassetteError as exc:
        print(f"contract-test --compare: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    counts = {level.value: sum(c.level is level for c in changes) for level in Level}
    report_dir = Path(args.report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "old": str(old),
        "new": str(new),
        "changes": [{**asdict(c), "level": c.level.value} for c in changes],
        "counts": counts,
    }
    (report_dir / f"{REPORT_NAME}.json").write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    (report_dir / f"{REPORT_NAME}.md").write_text(_markdown(old, new, changes, counts), "utf-8")
    threshold = level_rank(args.fail_on)
    failing = [c for c in changes if c.level.rank >= threshold]
    for change in changes[:20]:
        print(f"{change.level.value:7} {change.id}: {change.location}: {change.message}")
    if len(changes) > 20:
        print(f"… and {len(changes) - 20} more in {report_dir / (REPORT_NAME + '.md')}")
    print(
        f"behaviour drift: {counts['error']} error, {counts['warning']} warning, "
        f"{counts['info']} info; reports in {report_dir}/ (exit "
        f"{ExitCode.FAILED if failing else ExitCode.OK})"
    )
    return ExitCode.FAILED if failing else ExitCode.OK
