"""An SDK error as the command line says it: one line, in the words of the person at the
terminal (``--api-key``, ``--timeout``, ``seedance download …``), never the SDK's
(``api_key=``, ``max_retries``, ``client.videos.wait``).

``seedance generate`` / ``status`` / ``download`` and ``seedance batch`` all report errors
through :func:`said`, so a message is phrased once.
"""

from __future__ import annotations

from seedance.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TaskNotReadyError,
    UnreadableResponseError,
    WaitTimeoutError,
)

__all__ = ["PAYMENT_REQUIRED", "said"]

#: The status a gateway answers when the account has no credit left.
PAYMENT_REQUIRED = 402
_SHOWN_BODY = 200

_HINTS: tuple[tuple[type[APIStatusError], str], ...] = (
    (AuthenticationError, "the key was refused: check --api-key or SEEDANCE_API_KEY"),
    (PermissionDeniedError, "check the key's quota and the models it may use"),
    (TaskNotReadyError, "wait for the task to complete first (add --wait)"),
    (NotFoundError, "check the task id; tasks expire"),
    (BadRequestError, "the gateway refused the request; fix it and run again"),
    (RateLimitError, "rate limited: try again later, or lower --concurrency"),
    (InternalServerError, "the gateway failed; try again later"),
)


def _hint(exc: APIStatusError) -> str:
    if exc.status_code == PAYMENT_REQUIRED:
        return "the account has no credit left: top it up, then run again"
    for kind, hint in _HINTS:
        if isinstance(exc, kind):
            return hint
    return "see the gateway's message"


def said(exc: BaseException) -> str:
    """One line saying what happened, for the command line."""
    if isinstance(exc, APIStatusError):
        code = exc.code or "no code"
        message = exc.message or "no error body"
        return (
            f"the gateway answered {exc.status_code} {code}: {message} "
            f"({exc.method} {exc.url}; {_hint(exc)})"
        )
    if isinstance(exc, APIConnectionError):
        cause = exc.__cause__
        why = f"{type(cause).__name__}: {cause}" if cause is not None and str(cause) else ""
        what = "did not answer in time" if isinstance(exc, APITimeoutError) else "was not reached"
        return (
            f"{exc.method} {exc.url}: the gateway {what} after {exc.attempts} attempt(s)"
            f"{f' ({why})' if why else ''}; check --base-url and the network"
        )
    if isinstance(exc, UnreadableResponseError):
        body = exc.body if isinstance(exc.body, str) else repr(exc.body)
        created = (
            "; the task may have been created (and billed): check your tasks on the gateway "
            "before creating it again"
            if exc.method == "POST"
            else ""
        )
        return (
            f"{exc.method} {exc.url}: the gateway's answer could not be read ({exc.reason}); "
            f"it began: {body[:_SHOWN_BODY]!r}{created}"
        )
    if isinstance(exc, WaitTimeoutError):
        task = exc.task
        return (
            f"task {task.id} still {task.status} ({task.progress}%) after {exc.timeout:g}s "
            "(--timeout)"
        )
    return str(exc)
