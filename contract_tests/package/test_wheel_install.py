"""The wheel, installed as a user would: with the README's commands, outside the checkout.

The README's build command makes the wheel (its output directory is the one substitution: a
temporary ``dist/`` instead of the checkout's), and the README's install commands are run as
written, by bash, from the folder holding that ``dist/``, into a new virtual environment whose
working directory is an empty temporary folder; nothing from the checkout is on ``sys.path``.
The core install gives the SDK, the generated client and the ``seedance`` command; the tools
print a command that adds their extra, which is run as printed. With ``[tools]`` added,
``seedance mock`` serves, ``seedance contract-test`` passes against it and ``seedance drift``
compares with the spec the installed client came from. ``pip`` is ``uv pip`` in the venv and
packages come from uv's cache, pinned by ``uv.lock`` (``uv export``), so this needs no network
on a set-up machine.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from contract_tests.docs.blocks import README, blocks
from contract_tests.fakes.seed import SEED_PAGE
from seedance.spec import dump_yaml, load_yaml_file
from seedance.spec.pointer import mappings

REPO_ROOT = Path(__file__).resolve().parents[2]
_URL = re.compile(r"on (http://127\.0\.0\.1:\d+)")
_HINT = re.compile(r"dependencies \(\w+ is not installed\): (.+)$", re.M)


def _uv() -> list[str]:
    found = shutil.which("uv")
    if found:
        return [found]
    return [sys.executable, "-m", "uv"]  # `make setup` installs uv with pip when it is missing


def _readme_install() -> tuple[list[str], list[str]]:
    """The README's build command, and its install commands, from its Install section."""
    found = [b for b in blocks(README) if b.section == "Install" and b.language == "sh"]
    commands = [str(c) for b in found for c in b.commands()]
    builds = [shlex.split(c) for c in commands if c.startswith("uv build")]
    installs = [line for b in found for line in b.text.splitlines() if line.startswith("pip ")]
    assert len(builds) == 1, f"the README's Install has no single `uv build`: {commands}"
    assert len(installs) == 2, f"the README's Install has no core and tools lines: {installs}"
    assert "[tools]" in installs[1]
    return builds[0], installs


@dataclass(frozen=True)
class Installed:
    """A venv holding the wheel, and an empty folder outside the checkout to run it from."""

    venv: Path
    cwd: Path
    wheel: Path
    pins: Path

    @property
    def env(self) -> dict[str, str]:
        """The environment of a user's shell with this venv activated (first on PATH)."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        for name in ("SEEDANCE_API_KEY", "SEEDANCE_BASE_URL", "SEEDANCE_OPENAPI_DIR"):
            env.pop(name, None)
        return env

    def shell(self, script: str, cwd: Path) -> None:
        """Run ``script`` in bash as pasted into that shell: ``pip`` is ``uv pip``, pinned."""
        env = self.env | {
            "VIRTUAL_ENV": str(self.venv),
            "UV_CONSTRAINT": str(self.pins),
            "UV_COMPILE_BYTECODE": "1",
        }
        prelude = f'uv() {{ {shlex.join(_uv())} "$@"; }}\npip() {{ uv pip "$@"; }}\n'
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", prelude + script],
            cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, f"{script}\n{done.stdout}{done.stderr}"

    def run(self, *command: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run ``command`` (a program of the venv) from the empty folder."""
        return subprocess.run(
            [str(self.venv / "bin" / command[0]), *command[1:]],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel built from this checkout, installed (core only) into a new venv."""
    build, (core, _) = _readme_install()
    root = tmp_path_factory.mktemp("wheel")
    dist, cwd = root / "dist", root / "elsewhere"
    cwd.mkdir()
    built = subprocess.run(
        [*_uv(), *build[1:], "--out-dir", str(dist), str(REPO_ROOT)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("*.whl")
    pins = root / "pins.txt"
    exported = subprocess.run(
        [*_uv(), "export", "--frozen", "--all-extras", "--no-dev", "--no-emit-project",
         "--no-hashes", "--output-file", str(pins)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    venv = root / "venv"
    made = subprocess.run(
        [*_uv(), "venv", "--quiet", "--python", sys.executable, str(venv)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    target = Installed(venv=venv, cwd=cwd, wheel=wheel, pins=pins)
    target.shell(core, cwd=root)
    return target


def test_the_core_install_gives_the_generated_client_and_the_command(installed: Installed):
    probe = installed.run(
        "python",
        "-c",
        "import seedance, seedance_client, sys;"
        "from seedance.spec import load_bundle;"
        "print(seedance.__file__); print(sorted(load_bundle()['paths']));"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'ruamel', 'starlette', 'uvicorn', 'schemathesis', 'jsonpath_rfc9535'}))",
    )
    assert probe.returncode == 0, probe.stderr
    location, paths, tools_loaded = probe.stdout.splitlines()
    assert str(installed.venv) in location
    assert "/v1/videos" in paths
    assert tools_loaded == "[]"
    helped = installed.run("seedance", "--help")
    assert helped.returncode == 0, helped.stderr
    for command in ("mock", "contract-test", "drift", "lint-spec"):
        assert command in helped.stdout


@pytest.mark.parametrize("command", ["mock", "contract-test", "drift", "lint-spec"])
def test_a_tool_without_the_extra_prints_the_command_that_adds_it(installed: Installed, command):
    if installed.run("python", "-c", "import starlette").returncode == 0:
        pytest.fail("the tools extra is already installed: test order changed")
    done = installed.run("seedance", command)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    hint = _HINT.search(done.stderr)
    assert hint, done.stderr
    assert "seedance-contract[tools] @ file://" in hint.group(1)
    assert installed.wheel.name in hint.group(1)


def _has_tools(installed: Installed) -> bool:
    return installed.run("python", "-c", "import starlette, schemathesis").returncode == 0


@pytest.fixture(scope="module")
def with_tools(installed: Installed) -> Installed:
    """The same venv with the ``tools`` extra added: by the printed hint, run as printed, then
    (one of its packages removed again) by the README's tools line, run as written."""
    hint = _HINT.search(installed.run("seedance", "mock").stderr)
    assert hint
    installed.shell(hint.group(1), cwd=installed.cwd)
    assert _has_tools(installed), f"the hint did not install the extra: {hint.group(1)}"
    installed.shell("uv pip uninstall --quiet starlette", cwd=installed.cwd)
    assert not _has_tools(installed)
    installed.shell(_readme_install()[1][1], cwd=installed.wheel.parent.parent)
    assert _has_tools(installed), "the README's tools line did not install the extra"
    return installed


@pytest.fixture(scope="module")
def served(with_tools: Installed) -> Iterator[str]:
    """``seedance mock --port 0`` from the venv; yields its base URL."""
    process = subprocess.Popen(
        [str(with_tools.venv / "bin" / "seedance"), "mock", "--port", "0", "--quiet",
         "--task-seconds", "0.2"],
        cwd=with_tools.cwd, env=with_tools.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        match = _URL.search(banner)
        assert match, f"no URL in the banner {banner!r}; stderr: {process.stderr}"
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_contract_test_from_the_installed_wheel_passes_against_the_installed_mock(
    with_tools: Installed, served: str
):
    # every phase runs, with few fuzzing examples (the mock's own schemathesis test has many),
    # for the seed model (the whole family is checked in the source tree's own runs)
    done = with_tools.run(
        "seedance", "contract-test", "--base-url", served, "--api-key", "sk-mock",
        "--max-billable", "100", "--max-examples", "5", "--model", SEED_PAGE,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 violation" in done.stdout
    assert "schemathesis did not run" not in done.stdout
    assert (with_tools.cwd / "reports" / "contract" / "summary.json").is_file()


def test_drift_from_the_installed_wheel_compares_with_the_spec_the_client_came_from(
    with_tools: Installed,
):
    same = with_tools.cwd / "same.yaml"
    shutil.copy(REPO_ROOT / "openapi" / "upstream.yaml", same)
    unchanged = with_tools.run("seedance", "drift", "--upstream", str(same))
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert "no drift" in unchanged.stdout

    changed = with_tools.cwd / "changed.yaml"
    doc = load_yaml_file(same)
    bounded = [node for node in mappings(doc) if isinstance(node.get("minimum"), int | float)]
    assert bounded, "the vendored page has no minimum to raise"
    bounded[0]["minimum"] += 1
    changed.write_text(dump_yaml(doc, header=""), encoding="utf-8")
    drifted = with_tools.run("seedance", "drift", "--upstream", str(changed))
    assert drifted.returncode == 1, drifted.stdout + drifted.stderr
    assert (with_tools.cwd / "reports" / "drift.json").is_file()


def test_lint_spec_from_the_installed_wheel_reads_the_packaged_upstream(with_tools: Installed):
    done = with_tools.run("seedance", "lint-spec")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (with_tools.cwd / "reports" / "spec-lint.md").is_file()
