"""The package's shape: no import circles, the facilitator side apart from the participant side, no widgets in grading.

Read from the source with ``ast`` (nothing is imported), so every import statement counts:
top-level ones, ones inside functions and ones under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "workbooks"
WIDGET_LIBRARIES = {"ipywidgets", "plotly", "IPython", "anywidget"}


@dataclass
class Graph:
    """``edges[a][b]`` is where module ``a`` imports module ``b`` ("path:line"); ``external[a]`` the same for
    the top-level names of what ``a`` imports from outside the package."""

    modules: dict[str, Path] = field(default_factory=dict)
    edges: dict[str, dict[str, str]] = field(default_factory=dict)
    external: dict[str, dict[str, str]] = field(default_factory=dict)


def module_name(path: Path, root: Path, package: str) -> str:
    parts = [package, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def resolve_relative(module: str, is_pkg: bool, level: int, target: str | None) -> str:
    """The absolute name ``from <level dots><target> import ...`` refers to, inside ``module``."""
    parts = module.split(".")
    if not is_pkg:
        parts = parts[:-1]  # a module's own package
    if level - 1 >= len(parts):
        raise ValueError(f"{module}: relative import goes above the top-level package")
    parts = parts[: len(parts) - (level - 1)]
    return ".".join(parts + ([target] if target else []))


def build_graph(root: Path, package: str = PACKAGE) -> Graph:
    """The import graph of the package whose ``__init__.py`` is in ``root``."""
    graph = Graph()
    for path in sorted(root.rglob("*.py")):
        graph.modules[module_name(path, root, package)] = path
    for name, path in graph.modules.items():
        graph.edges[name], graph.external[name] = read_imports(name, path, graph.modules, package, root.parent)
    return graph


def read_imports(name: str, path: Path, modules: dict[str, Path], package: str,
                 top: Path) -> tuple[dict[str, str], dict[str, str]]:
    """What one module imports: package modules and outside top-level names, each with its first "path:line"."""
    edges: dict[str, str] = {}
    external: dict[str, str] = {}
    where = str(path.relative_to(top))

    def add(target: str, line: int) -> None:
        # The longest known module the name points into (``import workbooks.views.chart`` -> that module).
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            edges.setdefault(target, f"{where}:{line}")

    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == package or alias.name.startswith(package + "."):
                    add(alias.name, node.lineno)
                else:
                    external.setdefault(alias.name.split(".")[0], f"{where}:{node.lineno}")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = resolve_relative(name, is_package(path), node.level, node.module)
            elif node.module and (node.module == package or node.module.startswith(package + ".")):
                base = node.module
            else:
                external.setdefault((node.module or "").split(".")[0], f"{where}:{node.lineno}")
                continue
            for alias in node.names:
                # ``from .. import messages`` imports the submodule workbooks.messages, not the package.
                submodule = f"{base}.{alias.name}"
                add(submodule if submodule in modules else base, node.lineno)
    return edges, external


def find_cycles(edges: dict[str, dict[str, str]] | dict[str, set[str]], limit: int = 50) -> list[list[str]]:
    """Every elementary import circle (up to ``limit``), each starting at its smallest module name."""
    cycles: list[list[str]] = []
    nodes = sorted(set(edges) | {b for targets in edges.values() for b in targets})
    for start in nodes:
        # Circles through ``start`` whose other modules all sort after it: each circle is found once.
        stack = [(start, [start])]
        while stack and len(cycles) < limit:
            node, path = stack.pop()
            for nxt in sorted(edges.get(node, ()), reverse=True):
                if nxt == start:
                    cycles.append(path)
                elif nxt > start and nxt not in path:
                    stack.append((nxt, [*path, nxt]))
    return sorted(cycles, key=lambda c: (len(c), c))


def describe_cycle(cycle: list[str], edges: dict[str, dict[str, str]]) -> str:
    steps = [f"{a} -> {b} ({edges[a][b]})" for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True)]
    return "\n    ".join(steps)


def reaches(graph: Graph, start: str, wanted: Callable[[str], bool]) -> list[str] | None:
    """The shortest chain of package imports from ``start`` to a module for which ``wanted`` holds."""
    queue, seen = [[start]], {start}
    while queue:
        path = queue.pop(0)
        if wanted(path[-1]):
            return path
        for nxt in sorted(graph.edges.get(path[-1], {})):
            if nxt not in seen:
                seen.add(nxt)
                queue.append([*path, nxt])
    return None


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(REPO / PACKAGE)


def test_the_package_has_no_import_circle(graph):
    cycles = find_cycles(graph.edges)
    assert not cycles, f"{len(cycles)} import circle(s) in {PACKAGE}/:\n  " + "\n  ".join(
        " -> ".join([*c, c[0]]) + "\n    " + describe_cycle(c, graph.edges) for c in cycles)


def chain(graph: Graph, path: list[str]) -> str:
    return " -> ".join(f"{a} ({graph.edges[a][b]})" for a, b in zip(path, path[1:], strict=False)) + f" -> {path[-1]}"


def test_the_facilitator_side_never_imports_the_participant_side(graph):
    """Not directly, nor through the package's other modules (imports inside functions count too)."""
    def participant_side(module: str) -> bool:
        return module in {f"{PACKAGE}.workbook", f"{PACKAGE}.views"} or module.startswith(f"{PACKAGE}.views.")

    facilitator = sorted(m for m in graph.modules if m.startswith(f"{PACKAGE}.facilitator"))
    assert facilitator, "no facilitator modules found"
    found = [chain(graph, path) for m in facilitator if (path := reaches(graph, m, participant_side))]
    assert not found, "the facilitator side imports the participant side:\n" + "\n".join(found)


def test_the_participant_side_never_imports_the_facilitators_kit(graph):
    """Participants never get the kit: the workbook, its views and the package itself stay clear of it."""
    kit = f"{PACKAGE}.facilitation"
    participant = sorted(m for m in graph.modules if m in {PACKAGE, f"{PACKAGE}.workbook", f"{PACKAGE}.views"}
                         or m.startswith(f"{PACKAGE}.views."))
    assert kit in graph.modules and f"{PACKAGE}.workbook" in participant
    found = [chain(graph, path) for m in participant
             if (path := reaches(graph, m, lambda module: module == kit or module.startswith(kit + ".")))]
    assert not found, "the participant side imports the facilitator's kit:\n" + "\n".join(found)


def grading_modules(graph: Graph) -> list[str]:
    kinds = f"{PACKAGE}.kinds"
    return sorted(m for m in graph.modules
                  if m in {f"{PACKAGE}.checks", f"{PACKAGE}.models", kinds} or m.startswith(kinds + "."))


def test_grading_modules_import_no_widget_library(graph):
    """Neither directly nor through the package's other modules, at any level (imports inside functions too)."""
    modules = grading_modules(graph)
    assert {f"{PACKAGE}.checks", f"{PACKAGE}.models"} <= set(modules)

    def widgets(module: str) -> dict[str, str]:
        return {name: where for name, where in graph.external[module].items() if name in WIDGET_LIBRARIES}

    found = []
    for m in modules:
        if path := reaches(graph, m, lambda module: bool(widgets(module))):
            libraries = ", ".join(f"{name} ({where})" for name, where in widgets(path[-1]).items())
            found.append(f"{chain(graph, path)} imports {libraries}" if len(path) > 1 else f"{m} imports {libraries}")
    assert not found, "grading must not need widgets:\n" + "\n".join(found)


# The self-tests: the checks above can fail, and relative imports resolve as Python resolves them.

def test_opening_a_workbook_loads_no_table_chart_or_widget_library():
    """What a kernel imports before the first exercise is shown: pandas, plotly and ipywidgets wait until then."""
    probe = ("import sys, workbooks, workbooks.sessions, workbooks.answers\n"
             "print(sorted(m for m in ('pandas', 'plotly', 'ipywidgets') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_circle_finder_finds_a_circle_and_nothing_else():
    edges = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": set(), "e": {"e"}, "f": {"a"}}
    assert find_cycles(edges) == [["e"], ["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert find_cycles({"x": {"y"}, "y": {"x", "z"}, "z": {"x"}}) == [["x", "y"], ["x", "y", "z"]]


def test_imports_resolve_to_submodules_not_to_the_package(tmp_path):
    files = {
        "__init__.py": "from .workbook import Workbook\n",
        "messages.py": "",
        "workbook.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .views.base import View\n",
        "views/__init__.py": "def make():\n    from .base import View\n",
        "views/base.py": "from .. import messages\nfrom ..messages import text\nimport ipywidgets as w\n",
        "views/chart.py": "from . import base\nfrom .. import Workbook\nimport pkg.messages\n",
    }
    for name, text in files.items():
        (tmp_path / "pkg" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / name).write_text(text)
    graph = build_graph(tmp_path / "pkg", "pkg")
    edges = {module: set(targets) for module, targets in graph.edges.items()}
    assert edges == {
        "pkg": {"pkg.workbook"},
        "pkg.messages": set(),
        "pkg.workbook": {"pkg.views.base"},  # under TYPE_CHECKING
        "pkg.views": {"pkg.views.base"},  # inside a function
        "pkg.views.base": {"pkg.messages"},  # not "pkg": messages is a submodule
        "pkg.views.chart": {"pkg.views.base", "pkg", "pkg.messages"},  # Workbook is a name in pkg/__init__.py
    }
    assert graph.external["pkg.views.base"] == {"ipywidgets": "pkg/views/base.py:3"}
    assert find_cycles(graph.edges) == []
    assert reaches(graph, "pkg.views.chart", lambda m: m == "pkg.workbook") == ["pkg.views.chart", "pkg",
                                                                                  "pkg.workbook"]


def test_a_plain_install_gets_every_package_and_every_file_the_code_reads():
    """pyproject.toml lists the packages and the data files by hand: a sub-package or a .js, .css or .json file
    left out works in the editable install the tests use and breaks on a plain ``pip install .``."""
    import tomllib
    from fnmatch import fnmatch

    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    package = REPO / "workbooks"
    found = {".".join(p.parent.relative_to(REPO).parts) for p in package.rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert set(settings["packages"]) == found
    patterns = settings["package-data"]["workbooks"]
    data = [p.relative_to(package).as_posix() for p in package.rglob("*")
            if p.is_file() and p.suffix in {".js", ".css", ".json", ".jsonld"} and "__pycache__" not in p.parts]
    missing = [path for path in data if not any(fnmatch(path, pattern) for pattern in patterns)]
    assert data and not missing, f"not in [tool.setuptools.package-data]: {missing}"
