"""The public surface of a generated client package, read with :mod:`ast`, and its diff.

Surface = modules; public top-level functions with their signatures; public classes with
their annotated fields; ``Literal`` type aliases with their values. Docstrings and bodies do
not count: a description change upstream changes no surface.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

Surface = dict[str, dict[str, Any]]


def _literal_values(node: ast.expr | None) -> list[str] | None:
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
        return None
    if node.value.id != "Literal":
        return None
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return sorted(repr(ast.literal_eval(item)) for item in items)


def _module_surface(tree: ast.Module) -> dict[str, Any]:
    functions: dict[str, str] = {}
    classes: dict[str, dict[str, str]] = {}
    literals: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith(
            "_"
        ):
            returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
            functions[node.name] = f"({ast.unparse(node.args)}){returns}"
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            classes[node.name] = {
                item.target.id: ast.unparse(item.annotation)
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            }
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            values = _literal_values(node.value)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if values is not None and isinstance(target, ast.Name):
                    literals[target.id] = values
    return {"functions": functions, "classes": classes, "literals": literals}


def read_surface(package: Path) -> Surface:
    """Surface of the package at ``package`` (a directory), keyed by dotted module name."""
    surface: Surface = {}
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = [package.name, *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        surface[".".join(parts)] = _module_surface(tree)
    return surface


def diff_surfaces(old: Surface, new: Surface) -> list[dict[str, Any]]:
    """Differences as ``{"kind", "name", "old", "new"}``, sorted by name."""
    found: list[dict[str, Any]] = []

    def add(kind: str, name: str, before: Any = None, after: Any = None) -> None:
        found.append({"kind": kind, "name": name, "old": before, "new": after})

    for module in sorted(set(old) | set(new)):
        if module not in new:
            add("module removed", module)
            continue
        if module not in old:
            add("module added", module)
            for name, fields in sorted(new[module]["classes"].items()):
                add("class added", f"{module}.{name}", after=sorted(fields))
            continue
        o, n = old[module], new[module]
        for name in sorted(set(o["functions"]) | set(n["functions"])):
            full = f"{module}.{name}"
            before, after = o["functions"].get(name), n["functions"].get(name)
            if before is None:
                add("function added", full, after=after)
            elif after is None:
                add("function removed", full, before=before)
            elif before != after:
                add("function signature changed", full, before, after)
        for name in sorted(set(o["classes"]) | set(n["classes"])):
            full = f"{module}.{name}"
            if name not in n["classes"]:
                add("class removed", full)
                continue
            if name not in o["classes"]:
                add("class added", full, after=sorted(n["classes"][name]))
                continue
            fo, fn = o["classes"][name], n["classes"][name]
            for field in sorted(set(fo) | set(fn)):
                if field not in fn:
                    add("field removed", f"{full}.{field}", before=fo[field])
                elif field not in fo:
                    add("field added", f"{full}.{field}", after=fn[field])
                elif fo[field] != fn[field]:
                    add("field type changed", f"{full}.{field}", fo[field], fn[field])
        for name in sorted(set(o["literals"]) | set(n["literals"])):
            full = f"{module}.{name}"
            before, after = o["literals"].get(name), n["literals"].get(name)
            if before is None:
                add("literal added", full, after=after)
            elif after is None:
                add("literal removed", full, before=before)
            else:
                for value in sorted(set(before) - set(after)):
                    add("literal value removed", full, before=value)
                for value in sorted(set(after) - set(before)):
                    add("literal value added", full, after=value)
    return found
