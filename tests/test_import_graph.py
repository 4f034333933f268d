"""The application's modules import each other without circles: a module never imports, at
load time and through any chain, a module that imports it. Imports inside functions (loaded on
first use) and under ``TYPE_CHECKING`` are not load-time imports and are not counted; a package
importing its own route modules is the one direction allowed (they import its parts, never it)."""
import ast
import graphlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "webapp"


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _load_time_imports(tree):
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.If, ast.Try)) and not _is_type_checking(node):
            yield from (n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom)))


def import_graph() -> dict[str, set[str]]:
    """Each module and the modules it imports at load time."""
    files = {_name(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        graph[module] = set()
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for node in _load_time_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = package.split(".")
                base = base[:len(base) - node.level + 1] if node.level else []
                origin = ".".join(base + ([node.module] if node.module else []))
                targets = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in files else origin
                           for a in node.names]
            graph[module].update(t for t in targets if t in files and t != module)
    return graph


def test_no_module_imports_a_module_that_imports_it():
    try:
        list(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as circle:
        raise AssertionError(f"an import circle: {' -> '.join(circle.args[1])}") from None


def test_the_graph_sees_imports_and_circles():
    graph = import_graph()   # a check that found no edges would pass whatever the code did
    assert "webapp.api.blueprint" in graph["webapp.api.annotations"]
    assert "webapp.revisions.capture" in graph["webapp.views.captures"]
    assert sum(map(len, graph.values())) > 300
    graph["webapp.api.blueprint"].add("webapp.api.annotations")   # the circle there once was
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError:
        return
    raise AssertionError("a circle added to the graph was not found")
