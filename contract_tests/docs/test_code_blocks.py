"""Every code block of the README and of docs/ works as written.

- Python blocks pass ``mypy --strict`` (one run over all of them) and run to completion
  against a mock gateway, each in a fresh directory.
- Shell blocks: every ``seedance`` command names a real subcommand and only options its
  ``--help`` lists; every ``make`` command a real target and variables the Makefile reads; the
  blocks made only of video commands (``generate``, ``status``, ``download``, ``batch``,
  ``models``) run
  in bash against the mock, and every ``--out`` file they name is a video afterwards. The
  README's install block is run by ``contract_tests/package/test_wheel_install.py``.
- YAML blocks are drift ignore files, loaded by the drift tool's own reader, or workflow
  steps, whose ``run`` commands are checked as a shell block's.

The only substitution is the one the pages state: the mock they start on
``http://127.0.0.1:4010`` is the mock this test starts, on a free port.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from mypy import api as mypy_api

from contract_tests.docs.blocks import (
    MOCK_KEY,
    MOCK_URL,
    README,
    REPO_ROOT,
    Block,
    Command,
    all_blocks,
    blocks,
    commands_of,
)
from seedance.mock import running_mock

LANGUAGES = {"python", "sh", "yaml"}
#: Commands that finish in a second against the mock (``models`` reads only the pages).
RUN = {"generate", "status", "download", "batch", "models"}
#: Programs a shell block may use besides ``seedance`` and ``make``.
SHELL = {"export", "cat", "python3"}
#: Installing belongs to the README's install section, which the wheel test runs.
INSTALL = {"pip", "uv"}
_PLACEHOLDER = re.compile(r"…|^[A-Z][A-Z_]*$|^\$[A-Z]")
_SEEDANCE = Path(sys.executable).with_name("seedance")

BLOCKS = all_blocks()
PYTHON = [b for b in BLOCKS if b.language == "python"]
SHELL_BLOCKS = [b for b in BLOCKS if b.language == "sh"]


def _ids(found: list[Block]) -> list[str]:
    return [block.name for block in found]


def _is_install(block: Block) -> bool:
    return block.path == README and block.section == "Install"


def _runnable(block: Block) -> bool:
    """A shell block made only of video commands without placeholders, and shell glue."""
    if _is_install(block):
        return False
    for command in block.commands():
        if command.program == "seedance":
            if len(command.words) < 2 or command.words[1] not in RUN:
                return False
            if any(_PLACEHOLDER.search(word) for word in command.words[2:]):
                return False
        elif command.program not in SHELL:
            return False
    return True


RUNNABLE = [b for b in SHELL_BLOCKS if _runnable(b)]


def test_every_code_block_is_a_kind_the_suite_checks():
    unchecked = [f"{b.name} ```{b.language}" for b in BLOCKS if b.language not in LANGUAGES]
    assert not unchecked, f"blocks no test checks (use python, sh or yaml): {unchecked}"
    assert len(PYTHON) >= 5
    assert len(RUNNABLE) >= 4


def test_the_readme_quickstart_is_five_lines_for_the_mock():
    (first, *_) = [b for b in blocks(README) if b.language == "python"]
    assert len([line for line in first.text.splitlines() if line.strip()]) <= 5
    assert MOCK_URL in first.text
    assert MOCK_KEY in first.text


def test_every_python_block_passes_mypy_strict(tmp_path, work: Work):
    # `work` runs the blocks in the background meanwhile
    files = []
    for number, block in enumerate(PYTHON):
        path = tmp_path / f"block_{number:02d}.py"
        path.write_text(block.text, encoding="utf-8")
        files.append(path)

    # incremental, in a cache of its own: after the first run only the blocks are analysed
    cache_dir = REPO_ROOT / ".mypy_cache" / "docs-blocks"
    out, err, status = mypy_api.run(
        ["--strict", "--follow-imports=silent", f"--cache-dir={cache_dir}", *map(str, files)]
    )

    named = out
    for path, block in zip(files, PYTHON, strict=True):
        named = named.replace(str(path), block.name)
    assert status == 0, named + err


@dataclass(frozen=True)
class Ran:
    """What running one block left: its output and its directory."""

    returncode: int
    output: str
    cwd: Path


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Work]:
    """Starts, 4 at a time and behind the other tests: every python block and runnable shell
    block against one mock, and ``seedance --help`` of every subcommand the blocks use."""
    with running_mock(api_key=MOCK_KEY, task_seconds=0.2) as mock:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEEDANCE_")}
        env |= {
            "SEEDANCE_BASE_URL": mock.base_url,
            "SEEDANCE_API_KEY": MOCK_KEY,
            "PATH": f"{_SEEDANCE.parent}{os.pathsep}{env.get('PATH', '')}",
        }

        def run(block: Block) -> Ran:
            cwd = tmp_path_factory.mktemp("block")
            text = block.text.replace(MOCK_URL, mock.base_url)
            if block.language == "python":
                argv = [sys.executable, "-c", text]
            else:
                argv = ["bash", "-euo", "pipefail", "-c", text]
            done = subprocess.run(
                argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
            )
            return Ran(done.returncode, done.stdout + done.stderr, cwd)

        with ThreadPoolExecutor(max_workers=4) as pool:
            helps = {name: pool.submit(_help, name) for name in ("", *_used_subcommands())}
            runs = {block.name: pool.submit(run, block) for block in [*PYTHON, *RUNNABLE]}
            yield Work(runs, helps)


@dataclass(frozen=True)
class Work:
    """Results to come: each block's run, each subcommand's help."""

    runs: dict[str, Future[Ran]]
    helps: dict[str, Future[str]]

    def help(self, subcommand: str = "") -> str:
        """``seedance [subcommand] --help``."""
        if subcommand not in self.helps:
            return _help(subcommand)
        return self.helps[subcommand].result()


def _used_subcommands() -> set[str]:
    return {
        c.words[1] for b in SHELL_BLOCKS for c in b.commands()
        if c.program == "seedance" and len(c.words) > 1 and not c.words[1].startswith("-")
    }  # fmt: skip


@pytest.mark.parametrize("block", PYTHON, ids=_ids(PYTHON))
def test_every_python_block_runs_against_the_mock(block: Block, work: Work):
    result = work.runs[block.name].result()
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("block", RUNNABLE, ids=_ids(RUNNABLE))
def test_every_video_command_block_runs_against_the_mock(block: Block, work: Work):
    result = work.runs[block.name].result()
    assert result.returncode == 0, result.output
    for command in block.commands():
        words = list(command.words)
        for option in ("--out", "--out-dir"):
            if option in words:
                target = result.cwd / words[words.index(option) + 1]
                videos = [target] if option == "--out" else sorted(target.glob("*.mp4"))
                assert videos, f"{command}: nothing in {target}"
                for video in videos:
                    assert video.read_bytes()[4:8] == b"ftyp", f"{command}: {video} is no video"


def _help(subcommand: str = "") -> str:
    done = subprocess.run(
        [str(_SEEDANCE), *([subcommand] if subcommand else []), "--help"],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    return done.stdout + done.stderr


def _check_seedance(command: Command, work: Work) -> list[str]:
    words = command.words[1:]
    while words and words[0].startswith("--"):  # global options before the subcommand
        words = words[2:] if "=" not in words[0] else words[1:]
    listed = set(re.findall(r"^│ (\S+)\s", work.help(), re.M))
    if not words or words[0] not in listed:
        return [f"{command}: no such subcommand (seedance --help lists {sorted(listed)})"]
    known = work.help(words[0]) + work.help()
    problems = []
    for word in words[1:]:
        option = word.split("=", 1)[0]
        if option.startswith("--") and not re.search(rf"(?<![\w-]){re.escape(option)}\b", known):
            problems.append(f"{command}: seedance {words[0]} has no option {option}")
    return problems


def _makefile() -> str:
    return (REPO_ROOT / "Makefile").read_text(encoding="utf-8")


def _check_make(command: Command) -> list[str]:
    makefile = _makefile()
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    problems = []
    for word in command.words[1:]:
        if "=" in word:
            variable = word.split("=", 1)[0]
            if not re.search(rf"\$\({variable}\)|^{variable} \?=", makefile, re.M):
                problems.append(f"{command}: the Makefile does not read {variable}")
        elif word not in targets:
            problems.append(f"{command}: no make target {word!r}")
    return problems


@pytest.mark.parametrize("block", SHELL_BLOCKS, ids=_ids(SHELL_BLOCKS))
def test_every_command_of_a_shell_block_exists_with_the_options_it_uses(block: Block, work: Work):
    problems = _problems(block.commands(), block, work)
    assert not problems, "\n".join(problems)


def _problems(commands: list[Command], block: Block, work: Work) -> list[str]:
    problems = []
    for command in commands:
        if command.program == "seedance":
            problems += _check_seedance(command, work)
        elif command.program == "make":
            problems += _check_make(command)
        elif command.program in INSTALL:
            if not _is_install(block):
                problems.append(f"{command}: install commands belong in the README's Install")
        elif command.program not in SHELL:
            problems.append(f"{command}: no test checks {command.program!r}")
    return problems


YAML = [b for b in BLOCKS if b.language == "yaml"]


@pytest.mark.parametrize("block", YAML, ids=_ids(YAML))
def test_every_yaml_block_is_a_drift_ignore_file_or_workflow_steps_that_work(
    block: Block, work: Work, tmp_path
):
    from seedance.drift.ignore import load_ignore_file
    from seedance.spec import load_yaml_file

    path = tmp_path / "block.yaml"
    path.write_text(block.text, encoding="utf-8")
    document = load_yaml_file(path)

    if isinstance(document, dict) and "ignore" in document:
        assert load_ignore_file(path), f"{block.name}: no entries"
        return
    assert isinstance(document, list), f"{block.name}: neither an ignore file nor workflow steps"
    assert all("run" in step or "uses" in step for step in document), block.name
    runs = [step["run"] for step in document if "run" in step]
    assert runs, f"{block.name}: no step runs a command"
    problems = _problems([c for run in runs for c in commands_of(run)], block, work)
    assert not problems, "\n".join(problems)
