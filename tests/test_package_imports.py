"""The package's modules import one another without a cycle (imports inside functions count)."""

import ast

from dti.config import PROJECT_DIR

PACKAGE_DIR = PROJECT_DIR / "dti"


def _imported_modules(path) -> set[str]:
    """Names of the dti modules a file imports anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "dti":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("dti."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("dti."))
    return found


def _import_graph() -> dict[str, set[str]]:
    modules = {path.stem: path for path in PACKAGE_DIR.glob("*.py")}
    return {name: _imported_modules(path) & set(modules) - {name} for name, path in modules.items()}


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


def test_the_package_has_no_import_cycle():
    assert _cycle(_import_graph()) is None


def test_the_query_runner_imports_only_config():
    assert _import_graph()["queries"] <= {"config"}


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) is not None
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
