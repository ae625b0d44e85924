"""Generate the ``seedance_client`` package from a bundle, deterministically.

Runs openapi-python-client with ``generator.yaml`` and ``templates/`` (the checkout's
``openapi/`` by default), then formats the output with ruff in isolated mode (fixed settings),
so the same spec gives the same bytes wherever the output directory is. Needs the ``tools``
extra (openapi-python-client and ruff); ``make generate`` and drift's impact analysis call it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from seedance.spec.errors import SpecError
from seedance.spec.loading import OPENAPI_DIR

_RUFF_ARGS = ["--isolated", "--line-length", "100", "--target-version", "py311"]


def _bin(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def _run(command: list[str], cwd: Path | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SpecError(
            f"client generation failed (exit {result.returncode}): {' '.join(command)}\n"
            f"{result.stdout}{result.stderr}"
        )


def generate(spec: Path, output: Path, *, config_dir: Path = OPENAPI_DIR) -> None:
    """Write the client package for ``spec`` into ``output`` (replaced whole).

    ``config_dir`` holds ``generator.yaml`` and ``templates/``. Raises :class:`SpecError`
    when the generator or the formatter fails (its output is in the message).
    """
    with tempfile.TemporaryDirectory(prefix="seedance-gen-") as scratch:
        target = Path(scratch) / "seedance_client"
        _run(
            [
                _bin("openapi-python-client"),
                "generate",
                "--path",
                str(spec),
                "--config",
                str(config_dir / "generator.yaml"),
                "--custom-template-path",
                str(config_dir / "templates"),
                "--meta",
                "none",
                "--output-path",
                str(target),
                "--fail-on-warning",
            ]
        )
        ruff = _bin("ruff")
        _run(
            [ruff, "check", *_RUFF_ARGS, "--select", "I,F401", "--fix-only", "--no-cache", "."],
            target,
        )
        _run([ruff, "format", *_RUFF_ARGS, "--no-cache", "."], target)
        (target / "py.typed").write_text("# Marker file for PEP 561\n", encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(target, output)
