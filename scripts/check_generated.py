"""Fail when the bundle (YAML, packaged JSON) or generated_client/ differ from `make generate`.

Golden-record check: bundle and generate into a temporary directory, compare byte for byte
with the committed files, print a unified diff of every difference. Exit 0 identical, 1 not.
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from pathlib import Path

import checkout

from seedance.spec import SpecError, build_bundle, dump_json, dump_yaml
from seedance.spec import load_yaml_file as _load
from seedance.spec.generate import generate
from seedance.spec.pages import family_of_lock

_MAX_DIFF_LINES = 200


def _files(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def _diff(name: str, committed: bytes | None, fresh: bytes | None) -> list[str]:
    old = (committed or b"").decode("utf-8", "replace").splitlines(keepends=True)
    new = (fresh or b"").decode("utf-8", "replace").splitlines(keepends=True)
    return list(difflib.unified_diff(old, new, f"committed/{name}", f"generated/{name}"))


def compare(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """Unified diff lines between two file maps (empty when identical)."""
    lines: list[str] = []
    for name in sorted(set(expected) | set(actual)):
        if expected.get(name) != actual.get(name):
            lines.extend(_diff(name, actual.get(name), expected.get(name)))
            if name not in actual:
                lines.append(f"missing from the committed tree: {name}\n")
            if name not in expected:
                lines.append(f"not made by the generator (stray or hand-added): {name}\n")
    return lines


def main() -> int:
    """Regenerate into a temporary directory and compare; return the exit code."""
    try:
        bundle = build_bundle(
            _load(checkout.UPSTREAM), _load(checkout.OVERLAY), **family_of_lock(checkout.LOCK)
        )
    except SpecError as exc:
        print(f"check_generated: cannot bundle: {exc}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="seedance-check-") as scratch:
        fresh_spec = Path(scratch) / "seedance.yaml"
        fresh_spec.write_text(dump_yaml(bundle), encoding="utf-8")
        fresh_client = Path(scratch) / "seedance_client"
        generate(fresh_spec, fresh_client, config_dir=checkout.OPENAPI)
        lines = compare(
            {
                "openapi/seedance.yaml": fresh_spec.read_bytes(),
                "seedance/_data/seedance.json": dump_json(bundle).encode("utf-8"),
            },
            {
                "openapi/seedance.yaml": _read(checkout.BUNDLE_YAML),
                "seedance/_data/seedance.json": _read(checkout.BUNDLE_JSON),
            },
        )
        lines += compare(_files(fresh_client), _files(checkout.CLIENT))
    if not lines:
        print("check_generated: the bundle (YAML, packaged JSON) and generated_client/ are current")
        return 0
    sys.stdout.writelines(lines[:_MAX_DIFF_LINES])
    if len(lines) > _MAX_DIFF_LINES:
        print(f"... {len(lines) - _MAX_DIFF_LINES} more diff lines")
    print(
        "check_generated: committed files differ from what `make generate` makes. "
        "Run `make generate` (never hand-edit generated files) and commit the result.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
