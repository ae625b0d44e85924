"""The missing-extra hint is a command that adds the extra to the installation it runs from.

Each case fakes the installation's own record (PEP 610 ``direct_url.json`` and ``INSTALLER``)
and reads the printed command back as a shell would (``shlex.split``) and as pip would
(``packaging``'s PEP 508 parser). The wheel test (``test_wheel_install.py``) runs the hint
of a real installed wheel.
"""

from __future__ import annotations

import json
import shlex
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from seedance._extras import DISTRIBUTION, MissingExtraError, install_command


class _Installed(metadata.Distribution):
    """An installation record with the given files."""

    def __init__(self, files: dict[str, str]) -> None:
        self._files = {"METADATA": f"Name: {DISTRIBUTION}\nVersion: 0.1.0\n", **files}

    def read_text(self, filename: str) -> str | None:
        return self._files.get(filename)

    def locate_file(self, path):  # pragma: no cover - not used by the hint
        return Path(path)


def _words(installer: str, origin: dict | None) -> list[str]:
    files = {"INSTALLER": installer + "\n"}
    if origin is not None:
        files["direct_url.json"] = json.dumps(origin)
    return shlex.split(install_command(distribution=_Installed(files)))


def test_a_wheel_installed_by_uv_is_reinstalled_from_that_file_with_the_extra(tmp_path):
    wheel = tmp_path / "dir with space" / "seedance_contract-0.1.0-py3-none-any.whl"
    words = _words("uv", {"url": wheel.as_uri(), "archive_info": {}})

    assert words[:5] == ["uv", "pip", "install", "--python", sys.executable]
    requirement = Requirement(words[5])
    assert requirement.name == DISTRIBUTION
    assert requirement.extras == {"tools"}
    assert requirement.url == wheel.as_uri()


def test_a_wheel_installed_by_pip_is_reinstalled_by_this_interpreters_pip(tmp_path):
    wheel = tmp_path / "seedance_contract-0.1.0-py3-none-any.whl"
    words = _words("pip", {"url": wheel.as_uri(), "archive_info": {}})

    assert words[:4] == [sys.executable, "-m", "pip", "install"]
    assert Requirement(words[4]).url == wheel.as_uri()


def test_an_editable_checkout_is_reinstalled_editable_from_its_directory(tmp_path):
    words = _words("pip", {"url": tmp_path.as_uri(), "dir_info": {"editable": True}})

    assert words[-2:] == ["-e", f"{tmp_path}[tools]"]


def test_a_directory_install_is_reinstalled_from_that_directory(tmp_path):
    words = _words("pip", {"url": tmp_path.as_uri(), "dir_info": {}})

    assert words[-1] == f"{tmp_path}[tools]"


def test_a_vcs_install_is_reinstalled_from_the_same_commit():
    origin = {
        "url": "https://example.com/team/seedance-contract.git",
        "vcs_info": {"vcs": "git", "commit_id": "0123abc"},
    }
    requirement = Requirement(_words("pip", origin)[-1])

    assert requirement.extras == {"tools"}
    assert requirement.url == "git+https://example.com/team/seedance-contract.git@0123abc"


@pytest.mark.parametrize("record", [None, "not json", "[1, 2]"])
def test_an_index_install_names_the_same_version(record):
    files = {"INSTALLER": "pip"}
    if record is not None:
        files["direct_url.json"] = record
    words = shlex.split(install_command(distribution=_Installed(files)))

    assert Requirement(words[-1]) == Requirement(f"{DISTRIBUTION}[tools]==0.1.0")


def test_the_error_says_so_when_the_wheel_it_came_from_is_gone(tmp_path):
    gone = tmp_path / "seedance_contract-0.1.0-py3-none-any.whl"
    command = install_command(
        distribution=_Installed({"direct_url.json": json.dumps({"url": gone.as_uri()})})
    )

    message = str(MissingExtraError("seedance mock", "starlette", command))

    assert message.startswith("seedance mock needs the optional 'tools' dependencies")
    assert "starlette is not installed" in message
    assert command in message
    assert "no longer there" in message
    gone.write_bytes(b"")
    assert "no longer there" not in str(MissingExtraError("seedance mock", "starlette", command))
