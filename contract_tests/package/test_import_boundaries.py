"""What the installed packages may import: read from their source, checked against the
project's declared dependencies (``pyproject.toml``), so an undeclared import or a reach into
the checkout fails here rather than on a user's machine."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The packages the wheel ships, each with the folder it sits in (pyproject.toml: hatch wheel).
_SHIPPED = {"seedance": REPO_ROOT, "seedance_client": REPO_ROOT / "generated_client"}
#: What only the checkout has: the wheel carries none of it.
_CHECKOUT_ONLY = {"contract_tests", "scripts", "checkout"}
_NAME = re.compile(r"^[A-Za-z0-9._-]+")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> tuple[set[str], set[str]]:
    """The distributions of the core and of every extra, canonical names."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements: list[str]) -> set[str]:
        return {_canonical(m.group(0)) for r in requirements if (m := _NAME.match(r))}

    extras = set().union(*(names(r) for r in project["optional-dependencies"].values()))
    return names(project["dependencies"]), extras


def _modules() -> Iterator[tuple[str, Path]]:
    for package, root in _SHIPPED.items():
        for path in sorted((root / package).rglob("*.py")):
            yield package, path


def _imported(path: Path) -> Iterator[str]:
    """The top-level names of every absolute import in ``path`` (lazy ones included)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def _third_party(name: str) -> bool:
    return name not in sys.stdlib_module_names and name not in _SHIPPED and name != "__future__"


def test_the_shipped_packages_never_import_from_the_checkout():
    reaching = [
        f"{path.relative_to(REPO_ROOT)} imports {name}"
        for _, path in _modules()
        for name in _imported(path)
        if name in _CHECKOUT_ONLY
    ]
    assert not reaching, "\n".join(reaching)


def test_every_third_party_import_is_a_declared_dependency():
    core, extras = _declared()
    providers = packages_distributions()
    undeclared = []
    for _, path in _modules():
        for name in sorted(set(_imported(path))):
            if not _third_party(name):
                continue
            dists = {_canonical(d) for d in providers.get(name, [name])}
            if not dists & (core | extras):
                undeclared.append(f"{path.relative_to(REPO_ROOT)}: {name} ({sorted(dists)})")
    assert not undeclared, "imported but not declared in pyproject.toml:\n" + "\n".join(undeclared)


@pytest.mark.parametrize("package", sorted(_SHIPPED))
def test_the_generated_client_and_the_sdk_need_only_the_core_dependencies(package: str):
    """The generated client and the SDK's own modules (``seedance/*.py``) import only what
    ``pip install seedance-contract`` installs; the tools import the extra on first use."""
    core, _ = _declared()
    providers = packages_distributions()
    root = _SHIPPED[package] / package
    paths = (
        sorted(root.rglob("*.py")) if package == "seedance_client" else sorted(root.glob("*.py"))
    )
    beyond = [
        f"{path.relative_to(REPO_ROOT)}: {name}"
        for path in paths
        for name in sorted(set(_imported(path)))
        if _third_party(name) and not {_canonical(d) for d in providers.get(name, [name])} & core
    ]
    assert paths
    assert not beyond, "needs more than the core dependencies:\n" + "\n".join(beyond)
