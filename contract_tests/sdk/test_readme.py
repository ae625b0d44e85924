"""The README's SDK quickstart works against the mock as written, and passes mypy --strict."""

import re
import runpy
from pathlib import Path

import pytest
from mypy import api as mypy_api

from seedance.mock import running_mock

README = Path(__file__).resolve().parents[2] / "README.md"
_MAKE_MOCK_URL = "http://127.0.0.1:4010"
_MAKE_MOCK_KEY = "sk-mock"


def _quickstart() -> str:
    readme = README.read_text(encoding="utf-8")
    section = readme.split("\n## The SDK\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's SDK section has no python block"
    return match.group(1)


def test_the_quickstart_is_five_lines_for_make_mock():
    code = _quickstart()
    assert len([line for line in code.splitlines() if line.strip()]) <= 5
    assert _MAKE_MOCK_URL in code
    assert _MAKE_MOCK_KEY in code


def test_the_quickstart_makes_a_video_against_the_mock(tmp_path, monkeypatch, capsys):
    with running_mock(api_key=_MAKE_MOCK_KEY, task_seconds=0.3) as mock:
        script = tmp_path / "quickstart.py"
        script.write_text(_quickstart().replace(_MAKE_MOCK_URL, mock.base_url))
        monkeypatch.chdir(tmp_path)
        runpy.run_path(str(script), run_name="__main__")

    video = tmp_path / "fox.mp4"
    assert video.read_bytes()[4:8] == b"ftyp"
    assert capsys.readouterr().out.strip() == "fox.mp4"


@pytest.mark.slow
def test_the_quickstart_passes_mypy_strict(tmp_path):
    script = tmp_path / "quickstart.py"
    script.write_text(_quickstart())

    out, err, status = mypy_api.run(
        ["--strict", "--no-incremental", "--follow-imports=silent", str(script)]
    )

    assert status == 0, out + err
