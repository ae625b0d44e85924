"""Generate generated_client/seedance_client from openapi/seedance.yaml, deterministically.

Usage: ``python scripts/generate_client.py [--spec PATH] [--output DIR]``.
Runs openapi-python-client with openapi/generator.yaml and openapi/templates/, then formats
the output with ruff in isolated mode (fixed settings), so the same spec gives the same bytes
wherever the output directory is.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from seedance.spec import OPENAPI_DIR

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "generated_client" / "seedance_client"
_RUFF_ARGS = ["--isolated", "--line-length", "100", "--target-version", "py311"]


def _bin(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def _run(command: list[str], cwd: Path | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"generate_client: command failed ({result.returncode}): {command}")


def generate(spec: Path, output: Path) -> None:
    """Write the client package for ``spec`` into ``output`` (replaced whole)."""
    with tempfile.TemporaryDirectory(prefix="seedance-gen-") as scratch:
        target = Path(scratch) / "seedance_client"
        _run(
            [
                _bin("openapi-python-client"),
                "generate",
                "--path",
                str(spec),
                "--config",
                str(OPENAPI_DIR / "generator.yaml"),
                "--custom-template-path",
                str(OPENAPI_DIR / "templates"),
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


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and generate; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=OPENAPI_DIR / "seedance.yaml")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    generate(args.spec.resolve(), args.output.resolve())
    print(f"generate_client: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
