"""Where videos are saved, checked before anything is paid for, and the leftovers of a
download that was cut short.

Every check here runs before a create is sent: a folder that cannot be written, a path that
is a file where a folder is needed (or the reverse), a name too long for the file system
(counting the temporary ``.part`` name a download writes first) and an existing file that
would be replaced. Each returns one line saying what and where, or ``None`` when all is well.
A task id is never used as a path as it came: :func:`safe_file_name` keeps it inside the
folder it is saved in.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import tempfile
from pathlib import Path

__all__ = [
    "PART_SUFFIX",
    "check_folder",
    "check_target",
    "name_too_long",
    "remove_leftovers",
    "remove_leftovers_in",
    "safe_file_name",
    "usable_id",
]

#: The suffix of the temporary file a download writes before renaming it over the target
#: (``.<name>.<random>.part`` beside it; see ``seedance._download.Sink``).
PART_SUFFIX = ".part"
#: Bytes the temporary name adds to the target's: a leading dot, mkstemp's ``.`` and its
#: random part (8 characters), and the suffix.
_PART_EXTRA = 1 + 1 + 8 + len(PART_SUFFIX)
_DEFAULT_NAME_MAX = 255
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_SAFE = 200


def _existing_ancestor(path: Path) -> Path:
    current = path.absolute()
    while not current.exists() and current != current.parent:
        current = current.parent
    return current


@functools.lru_cache(maxsize=64)
def _name_max(folder: Path) -> int:
    """The longest file name (bytes) the file system of ``folder`` allows (asked once per
    folder: a batch of 100,000 jobs asks once)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        return int(os.pathconf(_existing_ancestor(folder), "PC_NAME_MAX"))
    return _DEFAULT_NAME_MAX


def name_too_long(folder: Path, name: str) -> str | None:
    """Why ``name`` cannot be saved in ``folder`` (with its temporary ``.part`` name), or
    None."""
    limit = _name_max(folder)
    size = len(os.fsencode(name)) + _PART_EXTRA
    if size <= limit:
        return None
    return (
        f"the file name {name[:40]!r}… is {len(os.fsencode(name))} bytes; with the temporary "
        f"download name it needs {size}, over the {limit} the file system of {folder} allows"
    )


def check_folder(folder: Path, *, what: str) -> str | None:
    """Why videos cannot be written into ``folder`` (created if missing), or None."""
    if folder.exists() and not folder.is_dir():
        return f"{what} {folder} is a file, not a folder"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".seedance-write-test.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return f"{what} {folder} cannot be written ({exc.strerror or exc})"
    return None


def check_target(path: Path, *, overwrite: bool, what: str = "--out") -> str | None:
    """Why the video cannot be saved at ``path``, or None: its folder, its name's length,
    and an existing file (replaced only with ``overwrite``)."""
    if path.is_dir():
        return f"{what} {path} is a folder; give a file name (e.g. {path / 'video.mp4'})"
    if path.exists() and not overwrite:
        return f"{what} {path} already exists; add --overwrite to replace it, or choose another"
    if (long := name_too_long(path.parent, path.name)) is not None:
        return f"{what} {path}: {long}"
    return check_folder(path.parent, what=f"{what} folder")


def usable_id(task_id: object) -> bool:
    """Whether a gateway's task id can be used at all: a non-empty string (anything else is
    an answer that cannot be read: the task may exist, but it cannot be followed)."""
    return isinstance(task_id, str) and bool(task_id.strip())


def safe_file_name(task_id: str, suffix: str = ".mp4") -> str:
    """A file name made from ``task_id`` that stays in the folder it is saved in: only
    letters, digits, ``.``, ``_`` and ``-``, no leading dot, at most 200 characters."""
    name = _UNSAFE.sub("_", task_id).lstrip(".")[:_MAX_SAFE] or "video"
    return name + suffix


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the temporary files an interrupted download of ``target`` left (``kill -9``
    leaves them); returns those removed."""
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for part in target.parent.glob(f".{_glob_escape(target.name)}.*{PART_SUFFIX}"):
            with contextlib.suppress(OSError):
                part.unlink()
                removed.append(part)
    return removed


def _glob_escape(name: str) -> str:
    """``name`` with the glob's special characters taken literally."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def remove_leftovers_in(folder: Path) -> list[Path]:
    """Remove every temporary download file in ``folder`` (one listing of the folder)."""
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for part in folder.glob(f".*{PART_SUFFIX}"):
            with contextlib.suppress(OSError):
                part.unlink()
                removed.append(part)
    return removed
