"""How the SDK reads and addresses the gateway's answers, public for the layers that judge
the same answers (the contract harness, the recordings).

These are the SDK's own functions, not copies, so the harness fails exactly what the SDK
would fail and shows exactly what the SDK would show:

- :func:`video_problem`: whether a content answer is a whole video by its bytes (ISO BMFF
  or EBML, no box running past the end), whatever its content type says;
- :func:`read_error`: the code and message of either error shape (task or gateway);
- :func:`redact`: the key (and any run of :data:`MIN_REDACTED_RUN` of its characters) out of
  a text, before any cut;
- :func:`parse_retry_after`: a ``Retry-After`` value in seconds (delta-seconds or an HTTP
  date, which is GMT);
- :func:`task_path`: an operation's path with a task id filled in as one path segment;
- :func:`same_origin`: whether a redirect stays where the key may go;
  :data:`MAX_REDIRECTS`: how many redirects a content URL may take.
"""

from seedance._download import MAX_REDIRECTS
from seedance._origin import same_origin
from seedance._redact import MIN_REDACTED_RUN, REDACTED, redact
from seedance._retry import parse_retry_after
from seedance._status import read_error
from seedance._task_id import task_path
from seedance._video import video_problem

__all__ = [
    "MAX_REDIRECTS",
    "MIN_REDACTED_RUN",
    "REDACTED",
    "parse_retry_after",
    "read_error",
    "redact",
    "same_origin",
    "task_path",
    "video_problem",
]
