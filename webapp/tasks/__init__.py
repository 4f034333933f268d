"""The task queue: background jobs run by a Huey worker, not by a web worker's thread.

Storage: SQLite (``instance/tasks.db``) by default, so one machine needs nothing more; Redis
when ``CLAIMTRAIL_REDIS_URL`` is set, for a team running several app servers (queue name
``CLAIMTRAIL_QUEUE_NAME``, default "claimtrail", when several instances share one Redis). The worker is
``huey_consumer webapp.tasks.huey`` (``make run`` starts it; ``make worker`` alone).

There is one job task, ``run_job(job_id)`` (in ``tasks/queue.py``): it looks up the ``Job`` row
and calls the handler registered for its kind (``@handler("import")``). Handlers live next to
the work they do (``tasks/imports.py``, ...) and report progress through ``services.jobs``; the
job row in the database is what every web worker reads. ``CLAIMTRAIL_TASKS_IMMEDIATE=1`` (the
tests' default) runs each job at once in the calling process.

Services never import this package (it imports them): work a service starts itself, such as
a dashboard recount, is asked for by name through ``services.background``, and this package
registers below what queues it (``create_app`` loads this package, so the registration is in
every process).

The queue (Huey and its Redis client) is loaded on first use — a job or a recount handed over,
or ``webapp.tasks.huey`` asked for — so a web worker that only serves pages never holds it in
memory; the handlers, with what they import (XlsxWriter, httpx), load only where tasks run.
"""
import logging
import os
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from ..services import background

log = logging.getLogger("claimtrail.tasks")
HANDLERS: dict[str, Callable] = {}


def default_instance_path() -> Path:
    """The instance folder the app itself would use (``CLAIMTRAIL_INSTANCE`` or ./instance)."""
    configured = os.environ.get("CLAIMTRAIL_INSTANCE")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent.parent / "instance"


def make_huey():
    from huey import RedisHuey, SqliteHuey  # with its Redis client: not in every web worker
    immediate = os.environ.get("CLAIMTRAIL_TASKS_IMMEDIATE") == "1"
    redis_url = os.environ.get("CLAIMTRAIL_REDIS_URL")
    if redis_url:   # instances sharing one Redis keep apart by queue name
        name = os.environ.get("CLAIMTRAIL_QUEUE_NAME", "claimtrail")
        return RedisHuey(name, url=redis_url, immediate=immediate)
    from ..config import private_sqlite_file
    path = default_instance_path()
    private_sqlite_file(path / "tasks.db")   # 0600, like the app's own database
    return SqliteHuey("claimtrail", filename=str(path / "tasks.db"), immediate=immediate)


def __getattr__(name: str):
    """``webapp.tasks.huey``, made on first use (a module ``__getattr__``, PEP 562), with every
    task registered: this is what the worker (``huey_consumer webapp.tasks.huey``) loads."""
    if name == "huey":
        from .queue import huey
        from . import _registry  # noqa: F401
        return huey
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def handler(kind: str):
    """Register the function that runs jobs of this kind: ``fn(job) -> None``."""
    def register(fn):
        HANDLERS[kind] = fn
        return fn
    return register


_worker_app = None
_worker_app_lock = threading.Lock()


@contextmanager
def app_context():
    """The current app when called inside one (immediate mode, tests); else the worker's own."""
    from flask import current_app, has_app_context
    if has_app_context():
        yield current_app._get_current_object()
        return
    global _worker_app
    with _worker_app_lock:   # the worker's threads share one app
        if _worker_app is None:
            from .. import create_app
            _worker_app = create_app()
    with _worker_app.app_context():
        yield _worker_app


def enqueue(job) -> None:
    """Hand a committed job to the worker (Huey loads with the first job, not at start-up; in
    immediate mode, where this process runs the job itself, so do the handlers)."""
    from .queue import huey, run_job
    if huey.immediate:
        from . import _registry  # noqa: F401
    run_job(job.id)


def _queue_recount(project_id: int, user_id: int, filter_args: dict[str, str]) -> None:
    from .dashboards import recount_dashboard  # Huey loads with the first recount, not at start
    recount_dashboard(project_id, user_id, filter_args)


def _queue_copy_detection(project_id: int) -> None:
    from .copies import find_copies  # Huey loads with the first import, not at start
    find_copies(project_id)


def _queue_suggestions(*args) -> None:
    from .suggestions import make_suggestions  # Huey loads with the first import, not at start
    make_suggestions(*args)


background.register(background.DASHBOARD_RECOUNT, _queue_recount)
background.register(background.COPY_DETECTION, _queue_copy_detection)
background.register(background.SUGGESTIONS, _queue_suggestions)
