"""The import map of docs/architecture.md, kept true.

Two checks: the import-linter contracts in ``pyproject.toml`` (the floors),
and no import circle between any two of the project's modules (tests and
migrations aside), found as strongly connected components of grimp's graph.
A failure names the modules of each circle, so it says what to untangle.
"""

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("forum_site", "practices", "consultations", "events", "search")

# No circle is left (issue #19 untangled the last ones, in consultations and practices):
# the test fails on any import circle between the project's modules.


def _is_source(module: str) -> bool:
    parts = module.split(".")
    return "tests" not in parts and "migrations" not in parts


def import_circles(graph, modules) -> list[list[str]]:
    """Every set of two or more modules that import each other, directly or not
    (Tarjan's strongly connected components, iteratively)."""
    index, low, on_stack, stack, circles = {}, {}, set(), [], []
    counter = 0
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root) & modules)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    imported = graph.find_modules_directly_imported_by(child) & modules
                    work.append((child, iter(sorted(imported))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    circles.append(sorted(component))
    return circles


def test_import_circles_finder_finds_a_circle():
    class Graph:
        edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

        def find_modules_directly_imported_by(self, module):
            return self.edges.get(module, set())

    assert import_circles(Graph(), {"a", "b", "c", "d"}) == [["a", "b", "c"]]


def test_no_import_circles_between_modules(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False, cache_dir=None)
    modules = {m for m in graph.modules if _is_source(m)}
    circles = import_circles(graph, modules)
    assert not circles, "import circles:\n" + "\n".join(" <-> ".join(c) for c in circles)


def test_import_contracts_hold():
    """The floors of pyproject.toml's [tool.importlinter], as `lint-imports` checks them
    (in a process of its own: it must not see this process's imported modules)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
