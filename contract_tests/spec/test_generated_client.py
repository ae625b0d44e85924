"""`make generate` is reproducible and `make check-generated` catches hand edits.

Both run on a temporary copy of the repository's spec, scripts and generated client
(``SEEDANCE_OPENAPI_DIR`` points the tools at the copy), so the real tree is never touched.
Each run calls openapi-python-client (a few seconds): three runs in all.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
_COPIED = ("openapi", "scripts", "generated_client", "seedance/_data")
_GENERATED = ("openapi/seedance.yaml", "seedance/_data/seedance.json", "generated_client")


def _tree(root: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for top in _GENERATED:
        start = root / top
        paths = [start] if start.is_file() else sorted(start.rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                files[str(path.relative_to(root))] = path.read_bytes()
    return files


def _run(copy: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SEEDANCE_OPENAPI_DIR": str(copy / "openapi")}
    return subprocess.run(
        [sys.executable, *command], cwd=copy, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The repository's spec, scripts and generated client, copied into a temporary dir."""
    for name in _COPIED:
        shutil.copytree(
            REPO_ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


def _a_generated_module(root: Path) -> Path:
    modules = sorted((root / "generated_client").rglob("*.py"))
    assert modules, "no generated module to edit"
    return modules[len(modules) // 2]


def test_check_generated_passes_on_the_clean_tree_and_fails_after_a_hand_edit(repo_copy):
    clean = _run(repo_copy, "scripts/check_generated.py")
    assert clean.returncode == 0, clean.stdout + clean.stderr

    module = _a_generated_module(repo_copy)
    module.write_text(module.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    bundle = repo_copy / "openapi" / "seedance.yaml"
    bundle.write_text(bundle.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    packaged = repo_copy / "seedance" / "_data" / "seedance.json"
    packaged.write_text(packaged.read_text(encoding="utf-8").replace("Seedance", "Seedanse"))
    edited = _run(repo_copy, "scripts/check_generated.py")

    assert edited.returncode == 1, edited.stdout + edited.stderr
    assert "# hand edit" in edited.stdout
    assert module.name in edited.stdout
    assert "openapi/seedance.yaml" in edited.stdout
    assert "seedance/_data/seedance.json" in edited.stdout
    assert "make generate" in edited.stderr


def test_generate_reproduces_the_committed_files_byte_for_byte(repo_copy):
    module = _a_generated_module(repo_copy)
    module.write_text(module.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    stray = repo_copy / "generated_client" / "seedance_client" / "stray.py"
    stray.write_text("# not made by the generator\n", encoding="utf-8")

    bundled = _run(repo_copy, "scripts/bundle_spec.py")
    assert bundled.returncode == 0, bundled.stdout + bundled.stderr
    generated = _run(repo_copy, "scripts/generate_client.py")
    assert generated.returncode == 0, generated.stdout + generated.stderr

    regenerated, committed = _tree(repo_copy), _tree(REPO_ROOT)
    changed = sorted(
        k for k in set(regenerated) | set(committed) if regenerated.get(k) != committed.get(k)
    )
    assert not changed, f"`make generate` does not reproduce the committed files: {changed}"
