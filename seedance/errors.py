"""Every exception the SDK raises, rooted at :class:`SeedanceError`.

Each ``str()`` is one line a person can act on: what was expected, what came back, and
what to do next. None of them ever contains the API key: every exception redacts the key of
the call it belongs to (:func:`seedance._redact.redact`, whole key and long runs of it) from
its text and from what it carries (``.body``, ``.message``, ``.code``, ``.url``), whatever the
gateway echoed.

=============================  ==============================================================
class                          raised when
=============================  ==============================================================
``RequestValidationError``     the request breaks the spec; nothing was sent (``.problems``)
``APIConnectionError``         the gateway could not be reached (after the retries allowed)
``APITimeoutError``            the gateway did not answer in time (after the retries allowed)
``CreateOutcomeUnknownError``  a create may have reached the gateway (and been billed)
``APIStatusError``             the gateway answered an error status (subclasses by status)
``TaskFailedError``            :meth:`wait` saw the task fail (``.task``)
``WaitTimeoutError``           :meth:`wait` reached its deadline (``.task``: the last seen)
``UnexpectedContentError``     a download answered something that is not a video
``UnreadableResponseError``    a success answer the generated models cannot read
``TooManyRedirectsError``      a download's redirects loop
=============================  ==============================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seedance._redact import current_secret, redact, redact_data
from seedance.gateway import TaskErrorCode
from seedance.validation import Problem

if TYPE_CHECKING:
    from seedance_client.models.video_task import VideoTask

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CreateOutcomeUnknownError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "Problem",
    "RateLimitError",
    "RequestValidationError",
    "SeedanceError",
    "TaskErrorCode",
    "TaskFailedError",
    "TaskNotReadyError",
    "TooManyRedirectsError",
    "UnexpectedContentError",
    "UnreadableResponseError",
    "WaitTimeoutError",
]


_REASON_CHARS = 300


class SeedanceError(Exception):
    """The root of every exception the SDK raises; its text never holds the API key of the
    call it came from."""

    def __init__(self, *args: object) -> None:
        secret = current_secret()
        super().__init__(*(redact(a, secret) if isinstance(a, str) else a for a in args))


class RequestValidationError(SeedanceError, ValueError):
    """The request breaks the spec's rules; it was not sent (so not paid for)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        shown = "; ".join(p.message for p in self.problems) or "invalid request"
        super().__init__(f"request not sent, it breaks the spec: {shown}")


class _RequestError(SeedanceError):
    """An error about one request: ``.method`` and ``.url`` say which, and ``str()`` (one
    line) starts with them."""

    def __init__(self, said: str, *, method: str, url: str) -> None:
        self.method, self.url = method, redact(url, current_secret())
        super().__init__(f"{method} {self.url}{said}".replace("\n", " "))


class _TaskError(SeedanceError):
    """An error about one task: ``.task`` is its last seen state; ``str()`` starts with its
    id."""

    def __init__(self, task: VideoTask, said: str) -> None:
        self.task = task
        super().__init__(f"task {task.id} {said}")


class APIConnectionError(_RequestError):
    """The gateway could not be reached, after the retries allowed.

    ``.method`` and ``.url`` say which request; ``.attempts`` how many were made.
    ``message``: what happened and what to do, after the method and URL.
    """

    def __init__(self, message: str, *, method: str, url: str, attempts: int) -> None:
        self.attempts = attempts
        super().__init__(f": {message}", method=method, url=url)


class APITimeoutError(APIConnectionError):
    """The gateway did not answer within the timeout, after the retries allowed."""


class CreateOutcomeUnknownError(_RequestError):
    """A create request may have reached the gateway, and may have been billed.

    It is never re-sent automatically, and it is deliberately not an
    :class:`APIConnectionError`, so code that retries connection errors does not re-send it
    by accident. ``.cause`` names what happened (a read timeout, a connection dropped after
    sending); check the gateway's task list or billing before creating again.
    """

    def __init__(self, *, method: str, url: str, attempts: int, cause: str) -> None:
        self.attempts, self.cause = attempts, cause
        super().__init__(
            f": {cause} after the request was sent; the task may have been created and "
            "billed, so it was not re-sent. Check your tasks or billing on the gateway before "
            "creating it again",
            method=method,
            url=url,
        )


class APIStatusError(_RequestError):
    """The gateway answered an error status.

    ``.status_code``; ``.code`` and ``.message`` from either error shape (task error
    ``{code, message, data}`` or gateway error ``{error: {message, type, code}}``), ``None``
    for a bare answer; ``.body``: the decoded JSON body, the text, or ``None``;
    ``.retry_after``: seconds the gateway asked to wait, if it said.
    """

    hint = "see the message"

    def __init__(
        self,
        *,
        status_code: int,
        code: str | None,
        message: str | None,
        body: Any,
        method: str,
        url: str,
        retry_after: float | None = None,
    ) -> None:
        secret = current_secret()
        code = redact(code, secret) if code else code
        message = redact(message, secret) if message else message
        self.status_code, self.code, self.message = status_code, code, message
        self.body, self.retry_after = redact_data(body, secret), retry_after
        said = f" {code}" if code else ""
        text = f": {message}" if message else " (no error body)"
        super().__init__(
            f" answered {status_code}{said}{text} ({self.hint})", method=method, url=url
        )


class BadRequestError(APIStatusError):
    """400: the gateway refused the request."""

    hint = "fix the request; it was not accepted"


class AuthenticationError(APIStatusError):
    """401: the API key is missing or invalid."""

    hint = "check api_key / SEEDANCE_API_KEY"


class PermissionDeniedError(APIStatusError):
    """403: no quota, or the model is not allowed for this key."""

    hint = "check the key's quota and the models it may use"


class NotFoundError(APIStatusError):
    """404, or 400 ``task_not_exist``: no task with this id."""

    hint = "check the task id; tasks expire"


class TaskNotReadyError(BadRequestError):
    """400 ``task_not_ready``: the content exists only once the task has completed."""

    hint = "wait for the task to complete first (client.videos.wait)"


class RateLimitError(APIStatusError):
    """429: rate limit or quota; retried where that is safe, then raised."""

    hint = "slow down or raise max_retries"


class InternalServerError(APIStatusError):
    """5xx: the gateway or its upstream failed."""

    hint = "retry later; a create is not retried on 5xx, it may have been taken"


class TaskFailedError(_TaskError):
    """The task ended ``failed``; ``.task`` is its last state (``.task.error`` may be unset)."""

    def __init__(self, task: VideoTask) -> None:
        from seedance_client.types import Unset

        error = task.error
        if isinstance(error, Unset):
            why = (
                "failed without an error object (the gateway's timeout sweep fails tasks "
                "this way); create it again"
            )
        else:
            why = f"failed: {error.code}: {error.message}"
        super().__init__(task, why)


class WaitTimeoutError(_TaskError):
    """The task did not complete before the deadline; ``.task`` is its last seen state."""

    def __init__(self, task: VideoTask, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(
            task,
            f"still {task.status} ({task.progress}%) after {timeout:g}s; wait again with a "
            f"longer timeout (client.videos.wait({task.id!r}, timeout=…))",
        )


class UnexpectedContentError(_RequestError):
    """A download answered 200 with something that is not a whole video (nothing was kept).

    ``.content_type``: what the answer said it was; ``.reason``: what is wrong with the bytes.
    """

    def __init__(
        self, url: str, content_type: str | None, head: bytes, reason: str | None = None
    ) -> None:
        self.content_type = content_type
        self.reason = reason or (
            "expected a video (an ISO BMFF 'ftyp' box or a WebM/Matroska EBML header), got "
            f"content type {content_type or 'none'} starting {head[:16]!r}"
        )
        super().__init__(f": {self.reason}; nothing was saved", method="GET", url=url)


class UnreadableResponseError(_RequestError):
    """The gateway answered success, but the answer cannot be read as what was asked for.

    Attributes (the key redacted from each):

    - ``.method``, ``.url``: the request; ``.method == "POST"`` is a create;
    - ``.reason``: what is wrong (the generated models' error, a task ``id`` that is not a
      usable id, an answer over the size cap);
    - ``.body``: the raw answer as text (``None`` when it was not read, e.g. over the cap);
    - ``.outcome_unknown``: ``True`` for a create: the task may exist and may have been billed,
      so it was not re-sent; keep ``.body`` and check the gateway before creating again.
    """

    def __init__(self, *, method: str, url: str, reason: str, body: Any = None) -> None:
        secret = current_secret()
        # redacted first, then cut: no part of the key survives at the cut
        self.reason = redact(reason, secret)[:_REASON_CHARS]
        self.body = redact_data(body, secret)
        self.outcome_unknown = method == "POST"
        created = " The task may have been created (and billed): check before creating again."
        super().__init__(
            f": this client cannot read the answer ({self.reason}); report it with the body "
            "(the .body attribute)." + (created if self.outcome_unknown else ""),
            method=method,
            url=url,
        )


class TooManyRedirectsError(SeedanceError):
    """A download's content URL redirected more times than the SDK follows."""
