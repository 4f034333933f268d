"""Imports point one way: the tasks package imports services, never the reverse (services hand
work to the worker through ``services.background``, where the tasks package registers itself)."""
import ast
from pathlib import Path

from webapp.services import background

SERVICES = Path(__file__).resolve().parents[2] / "webapp" / "services"


def _imports(path: Path) -> set[str]:
    """Every module a services module imports, as absolute names (``webapp.tasks.dashboards``)."""
    package = ["webapp", "services"]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] if node.level else [])
            module = ".".join(p for p in (base, node.module or "") if p)
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_no_service_imports_the_tasks_package():
    offenders = {path.name: sorted(i for i in _imports(path) if i.startswith("webapp.tasks"))
                 for path in SERVICES.glob("*.py")}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_tasks_package_registers_the_dashboard_recount(app):
    assert background.DASHBOARD_RECOUNT in background._QUEUERS   # create_app has loaded tasks
