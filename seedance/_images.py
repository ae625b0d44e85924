"""An image (a first or last frame, a reference image) given as a URL, a file or bytes -> the
``url`` the gateway takes.

A ``str`` is sent as it is (a public URL, a ``data:`` URL or an ``asset://`` id), except a
local path (no scheme) or a ``file://`` URL, which the gateway can never read: that is
refused with a message saying to pass a :class:`pathlib.Path`. A ``Path`` or ``bytes`` is
checked against the publisher's image requirements and sent as
``data:image/<format>;base64,<data>``.

The requirements are not in the OpenAPI bundle (they come from the publisher's general
Seedance page for the same gateway, ``seedance-video.json``; see docs/gateway.md), so they are
named once, here, in :data:`IMAGE_RULES`. Image headers are read with Pillow (and
pillow-heif for HEIC/HEIF); the format comes from the content, never the file name.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from seedance.errors import Problem, RequestValidationError

__all__ = ["IMAGE_RULES", "ImageRules", "first_frame_url", "is_local"]

_FIELD = "first_frame"  # the field problems name unless told another
_MB = 1024 * 1024
_SHOWN_BYTES = 12
_SCHEMES = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class ImageRules:
    """The publisher's limits for one input image (bounds exclusive, as it states them)."""

    formats: frozenset[str]
    min_side_px: int
    max_side_px: int
    min_aspect: float
    max_aspect: float
    max_image_bytes: int
    max_body_bytes: int


IMAGE_RULES = ImageRules(
    formats=frozenset({"jpeg", "png", "webp", "bmp", "tiff", "gif", "heic", "heif"}),
    min_side_px=300,
    max_side_px=6000,
    min_aspect=0.4,
    max_aspect=2.5,
    max_image_bytes=30 * _MB,
    max_body_bytes=64 * _MB,
)


def _refuse(rule: str, message: str, field: str = _FIELD) -> RequestValidationError:
    return RequestValidationError([Problem(field, rule, f"{field}: {message}")])


def is_local(text: str) -> bool:
    """A ``file:`` URL, a drive path, or no scheme at all: every form the gateway reads
    (``https://``, ``data:``, ``asset://``) has one, so a scheme-less string is a path."""
    if text.lower().startswith("file:") or _WINDOWS_DRIVE.match(text):
        return True
    return not _SCHEMES.match(text)


@functools.cache
def _pillow() -> None:
    """Load Pillow and register the HEIC/HEIF opener, once, on first use (a URL-only
    create never pays for the import)."""
    import pillow_heif

    pillow_heif.register_heif_opener()


def _format_of(data: bytes, field: str) -> tuple[str, int, int]:
    """``(format, width, height)`` from the image header; refused if it is no image."""
    from PIL import Image, UnidentifiedImageError

    _pillow()
    try:
        with Image.open(io.BytesIO(data)) as image:
            mime = image.get_format_mimetype() or Image.MIME.get(image.format or "", "")
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        # Pillow's own text names its in-memory file (``<_io.BytesIO object at 0x…>``):
        # say what the bytes are instead
        raise _refuse(
            "image-format",
            f"the content ({len(data)} bytes, starting {data[:_SHOWN_BYTES]!r}) is not an "
            f"image of a format read here ({', '.join(sorted(IMAGE_RULES.formats))})",
            field,
        ) from exc
    fmt = mime.removeprefix("image/").lower()
    return fmt, width, height


def check_image(data: bytes, rules: ImageRules = IMAGE_RULES, *, field: str = _FIELD) -> str:
    """The image's format (lower case) after checking ``data`` against ``rules`` (problems
    name ``field``)."""
    if len(data) >= rules.max_image_bytes:
        raise _refuse(
            "image-size",
            f"{len(data)} bytes; an image must be under {rules.max_image_bytes // _MB} MB",
            field,
        )
    fmt, width, height = _format_of(data, field)
    if fmt not in rules.formats:
        raise _refuse(
            "image-format",
            f"format {fmt or 'unknown'} is not one of {sorted(rules.formats)}",
            field,
        )
    problems = [
        Problem(
            field,
            "image-pixels",
            f"{field}: {side} is {px} px; it must be strictly between "
            f"{rules.min_side_px} and {rules.max_side_px}",
        )
        for side, px in (("width", width), ("height", height))
        if not rules.min_side_px < px < rules.max_side_px
    ]
    aspect = width / height if height else 0.0
    if not rules.min_aspect < aspect < rules.max_aspect:
        problems.append(
            Problem(
                field,
                "image-aspect-ratio",
                f"{field}: width/height is {width}/{height} = {aspect:.3f}; it must be "
                f"strictly between {rules.min_aspect} and {rules.max_aspect}",
            )
        )
    if problems:
        raise RequestValidationError(problems)
    return fmt


def _read(path: Path, rules: ImageRules, field: str) -> bytes:
    try:
        size = path.stat().st_size
        if size >= rules.max_image_bytes:
            raise _refuse(
                "image-size",
                f"{path} is {size} bytes; an image must be under {rules.max_image_bytes // _MB} MB",
                field,
            )
        return path.read_bytes()
    except OSError as exc:
        raise _refuse("image-file", f"cannot read {path}: {exc.strerror or exc}", field) from exc


def first_frame_url(
    first_frame: str | Path | bytes, rules: ImageRules = IMAGE_RULES, *, field: str = _FIELD
) -> str:
    """The ``url`` to send for an image (see the module docstring); problems name ``field``
    (``first_frame``, ``last_frame``, ``reference_images[0]``, …)."""
    if isinstance(first_frame, str):
        if is_local(first_frame):
            raise _refuse(
                "local-path",
                f"{first_frame!r} is a local file, which the gateway cannot read; pass "
                f"pathlib.Path({first_frame.removeprefix('file://')!r}) to send its content",
                field,
            )
        return first_frame
    data = _read(first_frame, rules, field) if isinstance(first_frame, Path) else bytes(first_frame)
    fmt = check_image(data, rules, field=field)
    return f"data:image/{fmt};base64,{base64.b64encode(data).decode('ascii')}"


def check_body_size(size: int, rules: ImageRules = IMAGE_RULES) -> None:
    """Refuse a request body over the publisher's limit."""
    if size > rules.max_body_bytes:
        raise RequestValidationError(
            [
                Problem(
                    "body",
                    "body-size",
                    f"body: {size} bytes; a request may be at most "
                    f"{rules.max_body_bytes // _MB} MB",
                )
            ]
        )


def first_frame_of(image: str, base: Path | None = None) -> str | Path:
    """An image argument of the command line or a JOBS line as the SDK takes it: a URL (any
    scheme but ``file``) as given, anything else as a local file (relative to ``base`` when
    given)."""
    scheme = urlsplit(image).scheme
    if len(scheme) > 1 and scheme != "file" and ("://" in image or not Path(image).exists()):
        return image
    path = Path(image.removeprefix("file://"))
    return path if base is None or path.is_absolute() else base / path
