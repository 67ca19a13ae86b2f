"""The package's modules import one another without a cycle (imports inside functions count)."""

import ast
import os
import subprocess
import sys

import pytest

from dti.config import PROJECT_DIR

PACKAGE_DIR = PROJECT_DIR / "dti"


def _module_name(path) -> str:
    """'build' for dti/build.py, 'exports.pdf' for dti/exports/pdf.py, 'exports' for its __init__."""
    return ".".join(path.relative_to(PACKAGE_DIR).with_suffix("").parts).removesuffix(".__init__")


def _imported_modules(path, known: set[str]) -> set[str]:
    """The dti modules a file imports anywhere in it (`from dti.exports import png` names exports.png)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and (node.module + ".").startswith("dti."):
            package = node.module.removeprefix("dti").removeprefix(".")
            for alias in node.names:
                submodule = f"{package}.{alias.name}".lstrip(".")
                found.add(submodule if submodule in known else package)
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("dti.") for alias in node.names if alias.name.startswith("dti."))
    return found & known


def _import_graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE_DIR.rglob("*.py")}
    return {name: _imported_modules(path, set(modules)) - {name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of module names, or None."""
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                return path[path.index(imported):] + [module, imported] if imported in path else [module, imported]
            if imported not in state:
                found = visit(imported, path + [module])
                if found:
                    return found
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module, [])
            if found:
                return found
    return None


def test_the_graph_sees_the_imports_it_should():
    graph = _import_graph()
    assert "store" in graph["build"] and "queries" in graph["build"]
    assert {"exports.engine", "briefing"} <= graph["exports.pdf"] and "config" in graph["exports.pages"]


def test_the_package_has_no_import_cycle():
    assert _cycle(_import_graph()) is None


def test_the_query_runner_imports_only_config():
    assert _import_graph()["queries"] <= {"config"}


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) is not None
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_store_does_not_import_the_query_runner():
    # The package wires one to the other (dti/__init__.py); neither knows the other.
    graph = _import_graph()
    assert "queries" not in graph["store"] and {"queries", "store"} <= graph["__init__"]


@pytest.mark.parametrize("script", [
    # A module used alone in a script: no import of dti.store anywhere in it.
    "from dti import scenarios\nprint(len(scenarios.load_year('p63', 2022).field.members))",
    "from dti.queries import run_query\nprint(len(run_query('units_in_set', None, unit_set='p63')))",
])
def test_a_fresh_interpreter_runs_a_query_without_importing_the_store(built_db, script):
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_DIR, capture_output=True, text=True,
                          timeout=120, env=os.environ)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "63"  # every province of the 2022 field, every unit of the set
