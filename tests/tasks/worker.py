"""A real Huey worker for the tests that need one (progress seen moving, a worker killed).

``start_worker(app)`` runs ``huey_consumer webapp.tasks.huey`` from .venv/bin as its own process,
on the test app's database and instance folder, and points this process's queue at the same
storage (SQLite in the instance folder, or Redis under a queue name of its own), so that the
app's ``tasks.enqueue`` hands jobs to that worker. ``Worker.stop()`` lets it exit cleanly;
``Worker.kill()`` is ``kill -9``. Use the ``worker`` fixture (tests/tasks/conftest.py), or call
``start_worker`` inside a ``with real_queue(...)`` block.
"""
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from huey.storage import RedisStorage, SqliteStorage

from webapp import tasks

ROOT = Path(__file__).resolve().parents[2]
CONSUMER = Path(sys.executable).parent / "huey_consumer"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class Queue:
    """Where jobs wait: the instance folder's SQLite file, or a Redis queue of the test's own."""

    def __init__(self, app, redis: bool = False):
        self.app, self.redis = app, redis
        self.name = f"claimtrail-test-{uuid.uuid4().hex[:12]}" if redis else tasks.huey.name
        self.instance = Path(app.instance_path)
        self.instance.mkdir(parents=True, exist_ok=True)

    def storage(self):
        if self.redis:
            return RedisStorage(self.name, url=REDIS_URL)
        return SqliteStorage(self.name, filename=str(self.instance / "tasks.db"))

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items()
               if k not in ("CLAIMTRAIL_TASKS_IMMEDIATE", "CLAIMTRAIL_REDIS_URL")}
        # PYTHONPATH: the consumer imports this checkout's webapp, whichever checkout the
        # virtualenv's editable install points at.
        env.update(CLAIMTRAIL_INSTANCE=str(self.instance), PYTHONPATH=str(ROOT),
                   DATABASE_URL=self.app.config["SQLALCHEMY_DATABASE_URI"])
        if self.redis:
            env.update(CLAIMTRAIL_REDIS_URL=REDIS_URL, CLAIMTRAIL_QUEUE_NAME=self.name)
        return env

    def target(self) -> str:
        return "webapp.tasks.huey"   # with Redis, CLAIMTRAIL_QUEUE_NAME names this test's queue


@contextmanager
def real_queue(app, redis: bool = False):
    """Point this process's ``webapp.tasks.huey`` at a real storage; restored afterwards."""
    queue = Queue(app, redis)
    huey = tasks.huey
    saved = huey._immediate, huey.storage
    huey._immediate, huey.storage = False, queue.storage()
    try:
        yield queue
    finally:
        if redis:
            huey.storage.flush_all()          # only this queue's keys
        huey._immediate, huey.storage = saved


FAST_POLL = ["--workers", "1", "--delay", "0.05", "--max-delay", "0.2", "--backoff", "1.1"]


def make_run_poll() -> list[str]:
    """The worker settings ``make run`` and ``make worker`` use (the Makefile's WORKER_POLL,
    and its worker count)."""
    makefile = (ROOT / "Makefile").read_text()
    poll = re.search(r"^WORKER_POLL := (.+)$", makefile, re.M).group(1).split()
    workers = re.search(r"huey_consumer webapp\.tasks\.huey --workers (\d+)", makefile).group(1)
    return ["--workers", workers, *poll]


class Worker:
    def __init__(self, queue: Queue, poll: list[str] | None = None):
        """``poll``: --workers and how the consumer polls (default: fast, for quick tests)."""
        self.queue = queue
        self.log = queue.instance / f"worker-{uuid.uuid4().hex[:6]}.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [str(CONSUMER), queue.target(), "--worker-type", "thread", *(poll or FAST_POLL), "-C"],
                cwd=ROOT, env=queue.env(), stdout=log, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, timeout: float = 15) -> int:
        """Ask the consumer to finish (SIGINT, as Ctrl+C); it must exit by itself."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
                raise AssertionError("the worker did not exit on SIGINT:\n" + self.output())
        return self.proc.returncode

    def kill(self) -> None:
        """kill -9: no clean-up of any kind in the worker."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


def wait_for(predicate, timeout: float = 30, what: str = "the condition", worker: Worker | None = None):
    """Poll (no fixed sleeps) until ``predicate()`` is truthy; its value is returned."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    log = f"\nworker output:\n{worker.output()}" if worker else ""
    raise AssertionError(f"timed out waiting for {what}{log}")


def job_state(app, job_id: int):
    """(status, done, total) of a job, read fresh from the database (as a page view reads,
    without queueing for SQLite's write lock behind the worker)."""
    from webapp.extensions import db
    from webapp.models import Job
    with app.test_request_context():
        job = db.session.get(Job, job_id)
        state = job.status, job.done, job.total
        db.session.remove()
        return state
