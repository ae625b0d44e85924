"""How the SDK reads the gateway's answers, public for the layers that judge the same answers.

The contract harness checks that the SDK can read what a target sends; it asks these
functions (the SDK's own, not copies), so it fails exactly what the SDK would fail:

- :func:`is_video` / :func:`documented_video_types` / :data:`HEAD_BYTES`: whether a content
  answer is a video of a documented media type, judged from its first bytes;
- :func:`read_error`: the code and message of either error shape (task or gateway);
- :func:`same_origin`: whether a redirect stays where the key may go.
"""

from __future__ import annotations

from seedance._download import HEAD_BYTES, documented_video_types, is_video
from seedance._origin import same_origin
from seedance._status import read_error

__all__ = ["HEAD_BYTES", "documented_video_types", "is_video", "read_error", "same_origin"]
