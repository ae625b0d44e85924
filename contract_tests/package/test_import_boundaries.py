"""What the installed packages may import: read from their source, checked against the
project's declared dependencies (``pyproject.toml``), so an undeclared import or a reach into
the checkout fails here rather than on a user's machine."""

from __future__ import annotations

import ast
import json
import re
import subprocess
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


#: The stacks only the tools need: loading any of them makes ``import seedance`` slow and the
#: core install impossible.
_TOOL_STACKS = ("ruamel", "starlette", "uvicorn", "schemathesis", "hypothesis", "jsonpath_rfc9535")


def test_importing_the_sdk_loads_the_sdk_and_the_generated_client_only():
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, seedance; print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    loaded = json.loads(probe.stdout)
    layers_above = ("spec", "contract", "drift", "mock", "cli", "batch")
    tools = [m for m in loaded if m.split(".")[:2] in (["seedance", p] for p in layers_above)]
    tools += [m for m in loaded if m.split(".")[0] in _TOOL_STACKS]
    assert not tools, f"`import seedance` loaded {tools}"
    ours = {m.split(".")[0] for m in loaded} & set(_SHIPPED)
    assert ours == {"seedance", "seedance_client"}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _internal_imports(known: dict[str, Path]) -> dict[str, set[str]]:
    """Each module of ``known`` and the modules of ``known`` it imports, wherever the import
    stands (in a function, under ``TYPE_CHECKING``): ``from a import b`` names ``a.b`` when
    that is a module, else ``a``."""
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([node.module] if node.module else [])])
                for alias in node.names:
                    found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
        graph[name] = {target for target in found if target in known and target != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _package_modules() -> dict[str, Path]:
    return {_module_name(p, REPO_ROOT): p for p in sorted((REPO_ROOT / "seedance").rglob("*.py"))}


def test_no_module_of_the_package_imports_itself_through_others():
    assert _cycles(_internal_imports(_package_modules())) == []


def test_the_cycle_finder_finds_a_cycle_of_two_modules_and_one_of_three():
    graph = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}

    assert sorted(_cycles(graph)) == [["a", "b"], ["c", "d", "e"]]


def test_the_public_application_has_every_command_as_soon_as_it_is_imported():
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from seedance.cli import app;"
            "print(' '.join(c.name or c.callback.__name__ for c in app.registered_commands))",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    assert set(probe.stdout.split()) == {
        "generate", "status", "download", "batch", "models", "mock", "contract-test", "drift",
        "lint-spec",
    }  # fmt: skip


#: The layer table of ARCHITECTURE.md: ``| layer | modules | may import |``.
_ARCHITECTURE = REPO_ROOT / "ARCHITECTURE.md"
_ROW = re.compile(r"^\|\s*([a-z]+)\s*\|(.*?)\|(.*?)\|\s*$")
_TICKED = re.compile(r"`([^`]+)`")


def _layer_table() -> dict[str, tuple[list[str], set[str], set[str]]]:
    """Each layer: its module patterns, the layers it may import, the private modules it may."""
    text = _ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("| layer | modules | may import |", 1)[1].split("\n\n", 1)[0]
    table: dict[str, tuple[list[str], set[str], set[str]]] = {}
    for line in section.splitlines()[2:]:
        match = _ROW.match(line)
        assert match, f"ARCHITECTURE.md: not a row of the layer table: {line!r}"
        layer, modules, allowed = match.groups()
        layers = {w.strip() for w in _TICKED.sub("", allowed).split(",") if w.strip()}
        table[layer] = (_TICKED.findall(modules), layers, set(_TICKED.findall(allowed)))
    return table


def _layer_of(module: str, table: dict[str, tuple[list[str], set[str], set[str]]]) -> str:
    matches = [
        (len(pattern), layer)
        for layer, (patterns, _, _) in table.items()
        for pattern in patterns
        if module == pattern or module.startswith(pattern + ".")
    ]
    assert matches, f"{module} is in no layer of ARCHITECTURE.md"
    return max(matches)[1]


def _private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split(".")[1:])


def _shipped_modules() -> dict[str, Path]:
    modules = _package_modules()
    client = REPO_ROOT / "generated_client"
    modules.update(
        {_module_name(p, client): p for p in sorted((client / "seedance_client").rglob("*.py"))}
    )
    return modules


def _forbidden_imports(
    graph: dict[str, set[str]], table: dict[str, tuple[list[str], set[str], set[str]]]
) -> list[str]:
    found = []
    for importer, targets in sorted(graph.items()):
        if importer.endswith("__main__"):
            continue  # an entry point composes layers
        here = _layer_of(importer, table)
        _, layers, private = table[here]
        for target in sorted(targets):
            there = _layer_of(target, table)
            if there == here or target in private:
                continue
            if there not in layers:
                found.append(f"{importer} ({here}) imports {target} ({there})")
            elif _private(target):
                found.append(f"{importer} ({here}) imports the private {target}")
    return found


def test_every_import_is_one_that_architecture_md_allows():
    table = _layer_table()
    assert {"client", "sdk", "spec", "mock", "contract", "drift", "batch", "cli"} <= set(table)
    forbidden = _forbidden_imports(_internal_imports(_shipped_modules()), table)
    assert not forbidden, "imports ARCHITECTURE.md does not allow:\n" + "\n".join(forbidden)


def test_the_rule_check_refuses_an_upward_import_a_private_one_and_a_sideways_one():
    table = _layer_table()
    graph = {
        "seedance._videos": {"seedance.spec.view"},  # the SDK reaching up to a tool
        "seedance.contract.run": {"seedance.mock.server", "seedance._status"},
        "seedance.drift.run": {"seedance.spec.loading", "seedance.exitcode"},  # allowed
    }

    assert _forbidden_imports(graph, table) == [
        "seedance._videos (sdk) imports seedance.spec.view (spec)",
        "seedance.contract.run (contract) imports the private seedance._status",
        "seedance.contract.run (contract) imports seedance.mock.server (mock)",
    ]
