"""kg's rooms and the way they depend on each other: no import cycle, between modules or between
subpackages; the reasoning sits on top of the graph API; the core (kg/ and kg/reasoning,
kg/sparql, kg/publish, kg/queries) imports none of kg/cli, kg/server, kg/bench, kg/ui or
Streamlit; and a warm `anatomy-kg deficit L5` imports no rdflib, networkx or httpx."""

from __future__ import annotations

import ast
import os
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


#: the outer rooms: the core never imports these (nor Streamlit)
OUTER = ("kg.cli", "kg.server", "kg.bench", "kg.ui")


def _imports(with_ui: bool = False, external: bool = False) -> dict[str, set[str]]:
    """Module → kg modules it imports at run time (TYPE_CHECKING blocks excluded; lazy imports included).

    With `external`, the top-level names of other packages it imports are kept too ('streamlit').
    """
    modules = {_module_name(p): p for p in KG.rglob("*.py") if with_ui or "ui" not in p.relative_to(KG).parts}
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
                if external:
                    found |= {"external:" + a.name.split(".")[0] for a in node.names}
            elif external and isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add("external:" + node.module.split(".")[0])
        graph[name] = {m for m in found if (m in modules or m.startswith("external:")) and m != name}
    return graph


def _room(module: str) -> str:
    """The room a module is in: its subpackage of kg (kg.cli, kg.reasoning, …), or the module itself at the top."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            current = stack.pop()
            for dep in graph.get(current, ()):
                if dep == goal:
                    return True
                if dep not in seen:
                    seen.add(dep)
                    stack.append(dep)
        return False

    return sorted(m for m in graph if reaches(m, m))


def test_the_graph_does_not_import_the_reasoning() -> None:
    imports = _imports()
    assert not {m for m in imports["kg.graph"] if m.startswith("kg.reasoning")}
    assert "kg.graph" not in {m for name, deps in imports.items() if name.startswith("kg.reasoning") for m in deps}


def test_no_import_cycle_through_the_reasoning() -> None:
    cycles = [m for m in _cycles(_imports()) if m.startswith("kg.reasoning") and m != "kg.reasoning"]
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


def test_no_import_cycle_between_modules() -> None:
    imports = _imports(with_ui=True)
    # a package's __init__ importing its own modules is not a cycle of the architecture
    graph = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in imports.items()}
    assert _cycles(graph) == []


def test_no_import_cycle_between_subpackages() -> None:
    rooms: dict[str, set[str]] = {}
    for module, deps in _imports(with_ui=True).items():
        rooms.setdefault(_room(module), set()).update(_room(d) for d in deps if _room(d) != _room(module))
    rooms.pop("kg", None)  # the package itself: `import kg` re-exports the graph API, lazily
    rooms = {room: deps - {"kg"} for room, deps in rooms.items()}
    assert _cycles(rooms) == []
    assert {"kg.cli", "kg.server", "kg.bench", "kg.ui", "kg.sparql", "kg.publish", "kg.reasoning"} <= set(rooms)


def test_the_core_imports_none_of_the_outer_rooms_nor_streamlit() -> None:
    imports = _imports(with_ui=True, external=True)
    core = [m for m in imports if not m.startswith(OUTER)]
    assert "kg.graph" in core and "kg.reasoning.localize" in core and "kg.sparql.guard" in core
    offending = {
        m: sorted(d for d in imports[m] if d.startswith(OUTER) or d == "external:streamlit")
        for m in core
        if any(d.startswith(OUTER) or d == "external:streamlit" for d in imports[m])
    }
    assert offending == {}


def test_importing_the_whole_core_loads_no_outer_room() -> None:
    core = sorted(m for m in _imports(with_ui=True) if not m.startswith(OUTER))
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('kg.cli', 'kg.server', 'kg.bench', 'kg.ui', 'streamlit'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_warm_deficit_imports_no_rdflib_networkx_or_httpx(tmp_path: Path) -> None:
    """The cold-start budget (`anatomy-kg bench --sections cold`): a command answered from the cache
    loads no Turtle and imports none of the heavy libraries it does not use."""
    env = {**os.environ, "ANATOMY_KG_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import sys\n"
        "from kg.cli.main import main\n"
        "try:\n"
        "    main(['deficit', 'L5', '-f', 'csv'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('rdflib', 'networkx', 'httpx', 'pyshacl', 'streamlit', 'starlette', 'uvicorn', 'kg.server', 'kg.bench')\n"
        "print('loaded:', sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy)))"
    )
    fill = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert fill.returncode == 0, fill.stderr
    assert "rdflib" in fill.stdout  # the first run parses the Turtle and builds the model
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.splitlines()[-1] == "loaded: []"
    assert warm.stdout.splitlines()[:-1] == fill.stdout.splitlines()[:-1]  # the same answer
    assert "great toe extension" in warm.stdout
