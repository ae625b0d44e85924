"""Optional dependencies: the ``tools`` extra, and the error that says how to install it.

The core install (the SDK, the generated client, the video commands) needs none of these.
The mock, the contract harness, spec drift, bundling and client generation do; they import
their dependencies normally, and the command line turns the resulting
:class:`ModuleNotFoundError` into :class:`MissingExtraError`, which prints the command that
adds the extra to *this* installation: read from the installation's own record (PEP 610
``direct_url.json``, and ``INSTALLER``), so a wheel installed from a file is reinstalled from
that file, a checkout from that directory, and only a package from an index by its name.
"""

from __future__ import annotations

import json
import shlex
import sys
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

__all__ = [
    "DISTRIBUTION",
    "TOOLS_EXTRA",
    "TOOLS_MODULES",
    "MissingExtraError",
    "install_command",
    "missing_extra",
]

#: The distribution's name, as pip and the package index spell it.
DISTRIBUTION = "seedance-contract"
TOOLS_EXTRA = "tools"
#: Top-level modules that only the ``tools`` extra provides.
TOOLS_MODULES = frozenset(
    {
        "hypothesis",
        "httptools",
        "jsonpath_rfc9535",
        "openapi_python_client",
        "openapi_spec_validator",
        "orjson",
        "pytest",
        "requests",
        "ruamel",
        "schemathesis",
        "starlette",
        "urllib3",
        "uvicorn",
        "uvloop",
    }
)


class MissingExtraError(ImportError):
    """A feature needs an optional dependency that is not installed."""

    def __init__(self, feature: str, module: str, command: str | None = None) -> None:
        self.feature = feature
        self.module = module
        self.command = command if command is not None else install_command()
        super().__init__(
            f"{feature} needs the optional '{TOOLS_EXTRA}' dependencies ({module} is not "
            f"installed): {self.command}{_gone(self.command)}"
        )


def missing_extra(feature: str, exc: ModuleNotFoundError) -> MissingExtraError | None:
    """The :class:`MissingExtraError` for ``exc`` when a ``tools`` module is what is missing."""
    top = (exc.name or "").partition(".")[0]
    if top in TOOLS_MODULES:
        return MissingExtraError(feature, top)
    return None


def install_command(
    extra: str = TOOLS_EXTRA, distribution: metadata.Distribution | None = None
) -> str:
    """A shell command that adds ``extra`` to this installation, ready to paste.

    ``distribution`` defaults to the installed ``seedance-contract``. The command installs
    from where this installation came from (a wheel file, a directory, a VCS URL, else the
    index) with the installer that made it (``uv pip`` or this interpreter's ``pip``).
    """
    if distribution is None:
        try:
            distribution = metadata.distribution(DISTRIBUTION)
        except metadata.PackageNotFoundError:
            distribution = None
    installer, origin = _installer(distribution), _origin(distribution)
    return f"{installer} {_requirement(origin, extra, distribution)}"


def _gone(command: str) -> str:
    """A note when the command installs from a local file that is no longer there."""
    for word in shlex.split(command):
        _, at, url = word.partition(" @ ")
        if at and url.startswith("file:") and not _local_path(url).exists():
            return " (that wheel is no longer there: put it back, or name the wheel you have)"
    return ""


def _installer(distribution: metadata.Distribution | None) -> str:
    python = shlex.quote(sys.executable)
    name = ((distribution.read_text("INSTALLER") if distribution else None) or "").strip()
    if name == "uv":
        return f"uv pip install --python {python}"
    return f"{python} -m pip install"


def _origin(distribution: metadata.Distribution | None) -> dict[str, object]:
    text = distribution.read_text("direct_url.json") if distribution else None
    try:
        origin = json.loads(text) if text else {}
    except ValueError:
        return {}
    return origin if isinstance(origin, dict) else {}


def _requirement(
    origin: dict[str, object], extra: str, distribution: metadata.Distribution | None
) -> str:
    url = origin.get("url")
    if not isinstance(url, str) or not url:
        version = distribution.version if distribution else None
        pinned = f"=={version}" if version else ""
        return shlex.quote(f"{DISTRIBUTION}[{extra}]{pinned}")
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id")
        at = f"@{commit}" if isinstance(commit, str) and commit else ""
        return shlex.quote(f"{DISTRIBUTION}[{extra}] @ {vcs.get('vcs', 'git')}+{url}{at}")
    directory = origin.get("dir_info")
    if isinstance(directory, dict) and url.startswith("file:"):
        path = _local_path(url)
        editable = "-e " if directory.get("editable") else ""
        return f"{editable}{shlex.quote(f'{path}[{extra}]')}"
    return shlex.quote(f"{DISTRIBUTION}[{extra}] @ {url}")


def _local_path(url: str) -> Path:
    return Path(url2pathname(urlsplit(url).path))
