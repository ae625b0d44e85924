"""The task lifecycle and not-found handling.

create → retrieve (the same id) → content before completion refused → retrieve until
``completed`` or ``failed`` within the deadline → content after completion is the video
(200 with a documented video media type and bytes that are a whole video by the SDK's rule,
:func:`seedance.reading.video_problem`, or a 302/307 whose ``Location`` serves one); a
never-created id is not found on retrieve and content (404, or 400 ``task_not_exist`` as
some gateway versions answer).
"""

from __future__ import annotations

import functools
from enum import Enum
from typing import Any
from urllib.parse import urljoin

from seedance import gateway as g
from seedance.contract.check_requests import judge_planned, send_planned
from seedance.contract.conformance import error_code, json_body, response_problems
from seedance.contract.constraints import ConstraintSet
from seedance.contract.context import RunContext
from seedance.contract.errors import ContractError, NotSentError
from seedance.contract.planner import PlannedRequest
from seedance.contract.results import PASS, Check, CheckResult, Group, Kind
from seedance.contract.session import (
    NotSent,
    Outcome,
    Session,
    expect_status,
    json_field,
    oversize_problem,
    task_path,
    unknown_task_id,
)
from seedance.contract.transport import RETRY_STATUSES, Auth, Exchange
from seedance.gateway import NOT_FOUND_CODES, Status
from seedance.reading import MAX_REDIRECTS, video_problem
from seedance.spec.task_names import undeclared_task_names


class _Waited(Enum):
    """How waiting for the task ended."""

    COMPLETED = "completed"
    FAILED = "failed"
    TIMED_OUT = "timed out"
    NO_ANSWER = "no answer"


def _not_found(exchange: Exchange) -> str | None:
    if exchange.status == Status.NOT_FOUND:
        return None
    if exchange.status == Status.INVALID_REQUEST and error_code(exchange) in NOT_FOUND_CODES:
        return None
    return (
        f"expected 404 (or 400 with code {NOT_FOUND_CODES[1].value!r}) for a task that does not "
        f"exist, got {exchange.status} with code {error_code(exchange)!r}"
    )


def check_not_found(context: RunContext) -> None:
    """A never-created id is not found on retrieve and content (the id goes to the findings)."""
    session = context.session
    missing = context.findings.missing_id = unknown_task_id()
    for op in (session.roles.retrieve, session.roles.content):
        path = task_path(op, missing)
        check = Check(
            id=f"not-found:{op.operation_id}",
            group=Group.NOT_FOUND,
            kind=Kind.NOT_FOUND,
            field=op.path_params[0] if op.path_params else "",
            constraint="unknown task is not found",
            case=f"{op.method} {path} (never created)",
            expected="404 (or 400 task_not_exist)",
        )
        outcome = session.try_send(functools.partial(session.sender.send, op.method, path))
        session.judge(check, outcome, _not_found)


def _check_vocabulary(session: Session) -> None:
    """The task names this module relies on (:mod:`seedance.gateway`, shared with the mock)
    must be in the bundle."""
    missing = undeclared_task_names(session.roles.create)
    if missing:
        raise ContractError(
            "the lifecycle check cannot run: the bundle's task schema no longer declares what "
            f"the gateway fills: missing {missing}; update seedance/gateway.py with the overlay"
        )


def _check(id_: str, constraint: str, case: str = "", expected: str = "") -> Check:
    """A lifecycle row (no field)."""
    return Check(
        id=f"lifecycle:{id_}",
        group=Group.LIFECYCLE,
        kind=Kind.LIFECYCLE,
        constraint=constraint,
        case=case,
        expected=expected,
    )


class _Lifecycle:
    def __init__(self, session: Session, deadline: float, poll: float) -> None:
        _check_vocabulary(session)
        content = session.roles.content
        self.redirects = tuple(int(s) for s in content.responses if s.startswith("3"))
        self.session = session
        self.deadline = deadline
        self.poll = poll

    def row(  # noqa: PLR0917 - one argument per column of the row
        self,
        id_: str,
        constraint: str,
        case: str,
        expected: str,
        outcome: Outcome,
        ok: Any,
        /,
    ) -> CheckResult:
        return self.session.judge(_check(id_, constraint, case, expected), outcome, ok)

    def not_run(self, id_: str, constraint: str, reason: str) -> None:
        self.session.add(_check(id_, constraint).not_run(reason))

    def violation(
        self, id_: str, constraint: str, case: str, reason: str, exchange: Exchange | None
    ) -> None:
        self.session.add(
            _check(id_, constraint, case).violated(
                str(exchange.status) if exchange else "",
                reason,
                curl=exchange.curl() if exchange else None,
                operation=exchange.operation_id or "" if exchange else "",
            )
        )

    def retrieve(self, task_id: str) -> Outcome:
        op = self.session.roles.retrieve
        return self.session.try_send(
            lambda: self.session.sender.send(op.method, task_path(op, task_id))
        )

    def content(self, task_id: str) -> Outcome:
        op = self.session.roles.content
        return self.session.try_send(
            lambda: self.session.sender.send(op.method, task_path(op, task_id))
        )

    def same_task(self, created_id: str) -> Any:
        def _check(exchange: Exchange) -> str | None:
            if exchange.status != 200:
                return f"expected 200 with the task, got {exchange.status}"
            task = json_body(exchange)
            got = json_field(task, "id")
            if got != created_id:
                return f"retrieved task id {got!r} is not the created id {created_id!r}"
            legacy = json_field(task, g.TASK_ID)
            if legacy is not None and legacy != created_id:
                return f"{g.TASK_ID} {legacy!r} differs from id {created_id!r} (it is a copy of id)"
            return None

        return _check

    def check_new_task(self, created: Any, exchange: Exchange) -> None:
        """As documented, a create answers the new task ``queued`` with ``progress`` 0."""
        status, progress = json_field(created, g.STATUS), json_field(created, g.PROGRESS)
        legacy = json_field(created, g.TASK_ID)
        problems = []
        if status != g.QUEUED or progress != 0:
            problems.append(
                f"a new task should be {g.QUEUED!r} with progress 0, got {status!r} / {progress!r}"
            )
        if legacy is not None and legacy != json_field(created, "id"):
            problems.append(f"{g.TASK_ID} {legacy!r} differs from id (it is a copy of id)")
        check = _check(
            "new-task",
            "a created task is queued with progress 0",
            "the create's answer",
            f"status {g.QUEUED}, progress 0",
        )
        observed, operation = f"{status} / {progress}", exchange.operation_id or ""
        self.session.add(
            check.violated(observed, "; ".join(problems), curl=exchange.curl(), operation=operation)
            if problems
            else check.passed(observed, operation=operation)
        )

    def wait(self, task_id: str) -> tuple[_Waited, Exchange | None]:
        """Poll until a final status; returns how it ended and the last answer."""
        clock = self.session.sender.clock
        ends = clock() + self.deadline
        last: Exchange | None = None
        conformance_reported = False
        while True:
            outcome = self.retrieve(task_id)
            if isinstance(outcome, NotSent) or outcome.error is not None:
                return _Waited.NO_ANSWER, outcome if isinstance(outcome, Exchange) else None
            last = outcome
            status = json_field(json_body(outcome), g.STATUS)
            if outcome.status == 200 and status in (g.COMPLETED, g.FAILED):
                return (_Waited.COMPLETED if status == g.COMPLETED else _Waited.FAILED), outcome
            wrong_status = outcome.status != 200 and outcome.status not in RETRY_STATUSES
            problems = response_problems(self.session.roles.retrieve, outcome)
            if (wrong_status or problems) and not conformance_reported:
                conformance_reported = True
                self.row(
                    "poll",
                    "retrieving a live task answers 200 with the task",
                    f"GET task {task_id} while waiting",
                    "200",
                    outcome,
                    expect_status(200),
                )
            if clock() >= ends:
                return _Waited.TIMED_OUT, last
            self.session.sender.sleep(self.poll)

    def run(self, constraints: ConstraintSet, first: PlannedRequest | None) -> str | None:
        session = self.session
        if first is None:
            for id_, what in (
                ("create", "create answers 2xx with a task"),
                ("same-task", "the task retrieved is the one created"),
                ("content-early", "content before completion is refused"),
                ("completes", "the task reaches completed or failed"),
                ("content", "content after completion is the video"),
            ):
                self.not_run(
                    id_,
                    what,
                    f"budget: MAX_BILLABLE={session.sender.budget.max_billable:g} allows no create",
                )
            return None
        outcome = send_planned(session, constraints, first)
        rows = judge_planned(session, constraints, first, outcome)
        created = json_body(outcome) if isinstance(outcome, Exchange) else None
        task_id = json_field(created, "id")
        if (
            not isinstance(outcome, Exchange)
            or rows[0].verdict != PASS
            or not isinstance(task_id, str)
        ):
            reason = (
                "the create did not return a task"
                if isinstance(outcome, Exchange)
                else outcome.reason
            )
            for id_ in ("same-task", "content-early", "completes", "content"):
                self.not_run(id_, "lifecycle", reason)
            return None
        self.check_new_task(created, outcome)
        retrieved = self.retrieve(task_id)
        self.row(
            "same-task",
            "the task retrieved is the one created",
            f"GET the task {task_id}",
            "200 with the same id",
            retrieved,
            self.same_task(task_id),
        )
        early_status = (
            json_field(json_body(retrieved), g.STATUS) if isinstance(retrieved, Exchange) else None
        )
        if early_status in (g.COMPLETED, g.FAILED):
            self.not_run(
                "content-early",
                "content before completion is refused",
                f"the task was already {early_status} at its first retrieve",
            )
        else:
            early = self.content(task_id)
            after = self.retrieve(task_id)
            later_status = (
                json_field(json_body(after), g.STATUS) if isinstance(after, Exchange) else None
            )  # any status but a pending one: the task left the queue (even to a wrong status)
            finished_meanwhile = later_status is not None and later_status not in (
                g.QUEUED,
                g.IN_PROGRESS,
            )
            if (
                isinstance(early, Exchange)
                and early.status in (200, *self.redirects)
                and finished_meanwhile
            ):
                self.not_run(
                    "content-early",
                    "content before completion is refused",
                    f"the task was {later_status} by then (it finished meanwhile)",
                )
            else:
                self.row(
                    "content-early",
                    "content before completion is refused (400 task_not_ready)",
                    f"GET the content of {task_id} while it is {early_status}",
                    "400 (task_not_ready)",
                    early,
                    expect_status(Status.INVALID_REQUEST, label="task not ready"),
                )
        final, last = self.wait(task_id)
        if final is _Waited.NO_ANSWER:
            self.row(
                "completes",
                "the task reaches completed or failed",
                f"poll task {task_id}",
                "completed or failed",
                last if last is not None else NotSent("network"),
                lambda _e: None,
            )
            return task_id
        if final is _Waited.TIMED_OUT:
            status = json_field(json_body(last), g.STATUS) if last else None
            self.violation(
                "completes",
                "the task reaches completed or failed within the deadline",
                f"poll task {task_id} for {self.deadline:g} s",
                f"still {status!r} after {self.deadline:g} s (DEADLINE)",
                last,
            )
            return task_id
        self.row(
            "completes",
            "the task reaches completed or failed within the deadline",
            f"poll task {task_id}",
            "status completed or failed",
            last if last is not None else NotSent("no answer"),
            lambda _e: None,
        )
        if final is _Waited.COMPLETED and last is not None:
            self.check_result_url(last)
        if final is _Waited.FAILED:
            error = json_field(json_body(last), "error") if last else None
            self.not_run(
                "content", "content after completion is the video", f"the task failed: {error!r}"
            )
            return task_id
        self.check_content(task_id)
        return task_id

    def check_result_url(self, completed: Exchange) -> None:
        """A completed task that carries ``metadata.url`` carries the result URL in it."""
        holder = json_field(json_body(completed), g.METADATA)
        if not isinstance(holder, dict) or g.URL not in holder:
            self.not_run(
                "result-url",
                f"a completed task's {g.METADATA}.{g.URL} is the result URL",
                f"the completed task has no {g.METADATA}.{g.URL} (optional in the spec)",
            )
            return
        url = holder[g.URL]
        ok = isinstance(url, str) and url.strip() != ""
        check = Check(
            id="lifecycle:result-url",
            group=Group.LIFECYCLE,
            kind=Kind.LIFECYCLE,
            field=f"{g.METADATA}.{g.URL}",
            constraint=f"a completed task's {g.METADATA}.{g.URL} is the result URL",
            case="the first retrieve that says completed",
            expected="a non-empty URL",
        )
        operation = completed.operation_id or ""
        self.session.add(
            check.passed(repr(url), operation=operation)
            if ok
            else check.violated(
                repr(url),
                f"{g.METADATA}.{g.URL} is still {url!r} after completion",
                curl=completed.curl(),
                operation=operation,
            )
        )

    def check_content(self, task_id: str) -> None:
        op = self.session.roles.content
        video_types = [m for m in op.responses["200"].content if "json" not in m]
        outcome = self.content(task_id)
        constraint = "content after completion is the video"
        case = f"GET the content of completed task {task_id}"
        redirects = "/".join(map(str, self.redirects))
        expected = "200 " + "/".join(video_types) + f" bytes, or {redirects} to them"
        followed: str | None = None
        if isinstance(outcome, Exchange) and outcome.status in self.redirects:
            followed, elsewhere_unreachable = self.follow(outcome)
            if elsewhere_unreachable:
                self.not_run(
                    "content",
                    constraint,
                    "the redirect target on another host could not be reached from here: "
                    f"{followed}",
                )
                return

        def _check(exchange: Exchange) -> str | None:
            if exchange.status == 200:
                if not exchange.response_body:
                    return "200 with an empty body"
                if exchange.content_type not in video_types:
                    return f"content type {exchange.content_type!r} is not one of {video_types}"
                return video_problem(exchange.response_body, exchange.body_size)
            if exchange.status in self.redirects:
                return followed
            return f"expected 200 or a redirect, got {exchange.status}"

        self.row("content", constraint, case, expected, outcome, _check)

    def follow(self, exchange: Exchange) -> tuple[str | None, bool]:
        """Follow a content redirect: (what is wrong or None, whether the failure was a
        network error on another host than the target's, which this run cannot judge)."""
        location = exchange.header("location")
        if not location:
            return f"{exchange.status} without a Location header", False
        sender = self.session.sender
        url = exchange.url
        for _hop in range(MAX_REDIRECTS):
            url = urljoin(url, location)
            same_origin = sender.may_receive_key(url)
            try:
                target = sender.send("GET", url, auth=Auth.MISSING)
                if same_origin and target.status in (401, 403):
                    target = sender.send("GET", url)  # the key only goes to the target's origin
            except NotSentError as exc:  # a replay without this hop
                return exc.reason, True
            location = target.header("location") or ""
            if not 300 <= (target.status or 0) < 400 or not location:
                break
        else:
            return f"more than {MAX_REDIRECTS} redirects from {exchange.url}", False
        if target.error is not None:
            return f"following the redirect to {url} failed: {target.error}", not same_origin
        if target.oversize:
            return f"the redirect target {url}: {oversize_problem(target)}", False
        if target.status != 200 or not target.body_size:
            size = target.body_size
            return f"the redirect target {url} answered {target.status} with {size} bytes", False
        refused = video_problem(target.response_body, target.body_size)
        if refused is not None:
            return f"the redirect target {url}: {refused}", False
        return None, False


def check_lifecycle(context: RunContext) -> None:
    """Run the lifecycle on ``context.lifecycle_request`` (the created task id goes to the
    findings)."""
    lifecycle = _Lifecycle(context.session, context.config.deadline, context.config.poll)
    context.findings.task_id = lifecycle.run(context.constraints, context.lifecycle_request)
