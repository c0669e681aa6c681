"""The reasoning is a package on top of the graph API: no module of kg imports in a circle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(KG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Module → kg modules it imports at run time (TYPE_CHECKING blocks excluded; lazy imports included)."""
    modules = {_module_name(p): p for p in KG.rglob("*.py") if "ui" not in p.relative_to(KG).parts}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
        found: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg"):
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("kg")}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_the_graph_does_not_import_the_reasoning() -> None:
    imports = _imports()
    assert not {m for m in imports["kg.graph"] if m.startswith("kg.reasoning")}
    assert "kg.graph" not in {m for name, deps in imports.items() if name.startswith("kg.reasoning") for m in deps}


def test_no_import_cycle_through_the_reasoning() -> None:
    imports = _imports()

    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            current = stack.pop()
            for dep in imports.get(current, ()):
                if dep == goal:
                    return True
                if dep not in seen:
                    seen.add(dep)
                    stack.append(dep)
        return False

    cycles = [m for m in imports if m.startswith("kg.reasoning") and reaches(m, m) and m != "kg.reasoning"]
    assert cycles == []


@pytest.mark.parametrize(
    "module",
    [
        "kg.reasoning",
        "kg.reasoning.model",
        "kg.reasoning.sites",
        "kg.reasoning.deficits",
        "kg.reasoning.localize",
        "kg.reasoning.trace",
        "kg.cli.reasoning",
        "kg.graph",
    ],
)
def test_each_module_imports_alone(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
