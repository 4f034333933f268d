"""A web worker loads only what serving pages needs: the migration tooling, the task queue, the
outbound HTTP client, encoding detection and the XLSX writer stay out of it until a request or
the task worker needs them (each costs memory in every worker; issue 5's memory target). The
suggestion rules (spaCy, text2num: ~100 MB) load only where suggestions are made: the worker and
the command line (issue 13)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEPT_OUT = ("flask_migrate", "alembic", "mako", "huey", "redis", "httpx", "charset_normalizer",
            "xlsxwriter", "trafilatura", "hypothesis", "schemathesis", "spacy", "text2num")


def _modules_after_start(tmp_path, code: str) -> set[str]:
    script = (f"import sys, json\nsys.path.insert(0, {str(ROOT)!r})\n{code}\n"
              "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    env = {"PATH": "/usr/bin:/bin", "CLAIMTRAIL_INSTANCE": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=120, check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_a_web_worker_leaves_the_heavy_modules_out(tmp_path):
    loaded = _modules_after_start(tmp_path, "from webapp import create_app\n"
                                            "create_app(migrations=False)")
    assert "flask" in loaded and "sqlalchemy" in loaded        # the check itself works
    assert [m for m in KEPT_OUT if m in loaded] == []


def test_the_default_app_can_migrate_and_the_task_worker_loads_the_queue(tmp_path):
    loaded = _modules_after_start(tmp_path, "from webapp import create_app\ncreate_app()\n"
                                            "import webapp.tasks\nwebapp.tasks.huey")
    assert {"flask_migrate", "alembic", "huey"} <= loaded


def test_handing_work_to_the_worker_loads_the_queue_but_not_the_task_handlers(tmp_path):
    """A web worker that queues a job or a dashboard recount loads Huey, not what the tasks
    themselves import (the XLSX writer, the HTTP client, the article extractor)."""
    loaded = _modules_after_start(tmp_path, "from webapp import create_app\n"
                                            "create_app(migrations=False)\n"
                                            "from webapp.tasks.queue import run_job\n"
                                            "from webapp.tasks.dashboards import recount_dashboard\n"
                                            "from webapp.tasks.suggestions import make_suggestions")
    assert "huey" in loaded
    assert [m for m in ("xlsxwriter", "httpx", "trafilatura", "charset_normalizer", "spacy") if m in loaded] == []
