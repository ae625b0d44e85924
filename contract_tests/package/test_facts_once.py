"""Facts that once lived in several modules have one home each; these tests keep it so.

Each reads the package's source (ast), so a copy that comes back fails here with its place.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from seedance import gateway
from seedance.errors import TaskErrorCode
from seedance.exitcode import ExitCode

PACKAGE = Path(__file__).resolve().parents[2] / "seedance"


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))]


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', '?')}"


def test_every_command_exits_with_the_documented_values():
    assert {code.name: int(code) for code in ExitCode} == {
        "OK": 0, "FAILED": 1, "USAGE": 2, "NETWORK": 3, "INTERNAL": 4, "INCONCLUSIVE": 5,
        "INTERRUPTED": 130, "TERMINATED": 143,
    }  # fmt: skip


def test_no_module_but_the_exit_code_module_names_an_exit_code():
    """No ``EXIT_*`` constant, no second ``ExitCode`` class, no bare number returned by a
    command's ``main``."""
    found = []
    for path, tree in _sources():
        if path.name == "exitcode.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name == "ExitCode":
                found.append(f"{_where(path, node)}: class ExitCode")
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if isinstance(target, ast.Name) and re.fullmatch(r"_?EXIT_[A-Z_]+", target.id):
                    found.append(f"{_where(path, node)}: {target.id}")
            if isinstance(node, ast.FunctionDef) and node.name == "main":
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Return) and isinstance(inner.value, ast.Constant):
                        found.append(f"{_where(path, inner)}: return {inner.value.value!r}")
    assert not found, "\n".join(found)


def test_the_task_error_codes_are_the_gateway_modules_and_the_sdk_exports_the_same_enum():
    assert TaskErrorCode is gateway.TaskErrorCode
    assert set(gateway.NOT_FOUND_CODES) == {"task_not_found", "task_not_exist"}


def test_no_module_but_the_gateway_module_spells_a_task_error_code():
    codes = {code.value for code in TaskErrorCode}
    found = [
        f"{_where(path, node)}: {node.value!r}"
        for path, tree in _sources()
        if path.name != "gateway.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in codes
    ]
    assert not found, "\n".join(found)


def test_private_names_of_third_parties_are_taken_in_the_compat_module_only():
    """``from x._y import z``, ``import x._y`` and ``module._name(...)`` on another package's
    module: only ``_compat.py`` may, so an upgrade that moves one breaks one known place."""
    found = []
    for path, tree in _sources():
        if path.name == "_compat.py":
            continue
        for node in ast.walk(tree):
            modules: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            for module in modules:
                top, *rest = module.split(".")
                if top not in {"seedance", "seedance_client"} and any(
                    part.startswith("_") and not part.startswith("__") for part in rest
                ):
                    found.append(f"{_where(path, node)}: {module}")
            if isinstance(node, ast.Attribute) and node.attr in {
                "_build_response",
                "_parse_response",
                "_get_kwargs",
            }:
                found.append(f"{_where(path, node)}: .{node.attr}")
    assert not found, "\n".join(found)


def test_the_generators_naming_is_what_the_harness_uses_to_find_a_generated_module():
    from seedance.contract._compat import generated_module_name

    assert generated_module_name("createVideo") == "create_video"
    assert generated_module_name("retrieveVideoV2") == "retrieve_video_v2"
