"""Watching at scale (issue 12, 4), for `make bench`: 10,000 watched articles checked by the
worker while other jobs are queued, and how long those jobs wait.

    .venv/bin/python bench/watching.py [--articles 10000] [--postgres] [--jobs-every 1.0]

A project made by the generator (bench/generate.py) gets an address on a local page server
(127.0.0.2, allowlisted in the worker's instance config) for each article, and a watch that is
due. The page server answers with the article's text as text/plain: the same text for most,
a changed one for 5% (a new revision, its claims re-anchored), 404 for 1% (removed). A real
worker (``huey_consumer webapp.tasks.huey`` with the Makefile's worker settings: 2 threads,
its WORKER_POLL) is started and the minute's tick is queued at once. Meanwhile, every
``--jobs-every`` seconds, an ordinary job is queued: an import by URL into another project
(a fetch, its text extracted, an article stored). Measured: the time until every watch has
been checked, the results, and each ordinary job's wait (from queueing to its start, as the
job row records it), p50 / p95 / max — first on the idle worker (the baseline), then while
the watches are checked. The rate limit is lifted for the run (``watch_per_minute`` set in
the database), so that the worker, not the limit, is measured.
"""
from __future__ import annotations

import argparse
import http.server
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(ROOT / "bench")):
    if path not in sys.path:
        sys.path.insert(0, path)
from generate import _app_for, generate  # noqa: E402  (it defaults the queue to immediate)

os.environ.pop("CLAIMTRAIL_TASKS_IMMEDIATE", None)   # here jobs go to the real queue
HOST = "127.0.0.2"
PG_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def worker_settings() -> list[str]:
    """The worker settings of `make run` (the Makefile's thread count and WORKER_POLL)."""
    makefile = (ROOT / "Makefile").read_text()
    poll = re.search(r"^WORKER_POLL := (.+)$", makefile, re.M).group(1).split()
    workers = re.search(r"huey_consumer webapp\.tasks\.huey --workers (\d+)", makefile).group(1)
    return ["--workers", workers, "--worker-type", "thread", *poll]


class Pages(http.server.BaseHTTPRequestHandler):
    texts: dict[int, str] = {}
    changed: set[int] = set()
    removed: set[int] = set()

    def do_GET(self):  # noqa: N802 (http.server's naming)
        kind, _, number = self.path.strip("/").partition("/")
        if kind == "job":   # an ordinary job's page: a new article each time
            body = (f"<html><head><title>Job page {number}</title></head><body><article><h1>Job page "
                    f"{number}</h1>" + "".join(f"<p>Report {number}, paragraph {n}: thus far 26 people "
                                               "were killed near the dam, a witness said.</p>" for n in range(6))
                    + "</article></body></html>").encode()
            return self._send(200, body, "text/html; charset=utf-8")
        article_id = int(number) if number.isdigit() else -1
        if kind != "a" or article_id in self.removed or article_id not in self.texts:
            return self._send(404, b"Not found", "text/plain")
        text = self.texts[article_id]
        if article_id in self.changed:
            text = text.replace(" ", " Updated: ", 1)
        self._send(200, text.encode(), "text/plain; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve() -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer((HOST, 0), Pages)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def prepare(app, ids: dict, base: str) -> tuple[int, int, int]:
    """Addresses and watches (not yet due) for the generated articles, their pages served
    (5% changed, 1% gone); another project for the ordinary jobs."""
    from sqlalchemy import String, cast, insert, literal, select, update
    from webapp.extensions import db
    from webapp.models import Article, Project, User
    from webapp.models.revision import ArticleWatch
    from webapp.services import projects
    with app.app_context():
        texts = dict(db.session.execute(select(Article.id, Article.text)).all())
        ordered = sorted(texts)
        Pages.texts, Pages.changed, Pages.removed = texts, set(ordered[::20]), set(ordered[7::100])
        db.session.execute(update(Article).values(url=literal(base + "/a/") + cast(Article.id, String)))
        lead = db.session.get(User, ids["users"][ids["lead"]])
        later = datetime(2100, 1, 1, tzinfo=timezone.utc)
        db.session.execute(insert(ArticleWatch), [
            {"article_id": i, "project_id": ids["project_id"], "active": True, "next_check_at": later,
             "checks": 0, "failures": 0, "last_result": "", "last_note": "", "started_by_id": lead.id}
            for i in ordered])
        db.session.get(Project, ids["project_id"]).watch_per_minute = 10 ** 6   # the limit lifted
        other = projects.create_project("Ordinary jobs", lead)
        db.session.commit()
        return len(texts), other.id, lead.id


def queue_job(app, project_id: int, user_id: int, url: str) -> tuple[int, datetime]:
    from webapp import tasks
    from webapp.extensions import db
    from webapp.models import User
    from webapp.services import jobs
    with app.app_context():
        job = jobs.create_job(project_id, db.session.get(User, user_id), "fetch", "Ordinary job",
                              {"url": url})
        db.session.commit()
        asked = datetime.now(timezone.utc)
        tasks.enqueue(job)
        return job.id, asked


def waits(app, queued: list[tuple[int, datetime]], timeout: float = 120) -> list[float]:
    from sqlalchemy import select
    from webapp.extensions import db
    from webapp.models import Job
    from webapp.models._time import aware
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            rows = {j.id: j for j in db.session.scalars(select(Job).where(Job.id.in_([q[0] for q in queued])))}
            if all(rows[i].started_at for i, _ in queued) or time.monotonic() > deadline:
                return sorted((aware(rows[i].started_at) - asked).total_seconds()
                              for i, asked in queued if rows[i].started_at)
        time.sleep(0.2)


def checked(app) -> dict[str, int]:
    from sqlalchemy import func, select
    from webapp.extensions import db
    from webapp.models.revision import ArticleWatch
    with app.app_context():
        rows = db.session.execute(select(ArticleWatch.last_result, func.count())
                                  .where(ArticleWatch.checks > 0).group_by(ArticleWatch.last_result))
        found = dict(rows.all())
        db.session.remove()
        return found


def start_worker(instance: Path, url: str) -> subprocess.Popen:
    env = {**os.environ, "CLAIMTRAIL_INSTANCE": str(instance), "DATABASE_URL": url,
           "PYTHONPATH": str(ROOT)}
    log = open(instance / "worker.log", "wb")
    return subprocess.Popen([str(Path(sys.executable).parent / "huey_consumer"), "webapp.tasks.huey",
                             *worker_settings()], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(len(values) * q))] if values else float("nan")


def measure(url: str, instance: Path, articles: int, every: float) -> dict:
    ids = generate(url, articles, articles * 2, seed=1)
    app = _app_for(url, str(instance))
    server = serve()
    base = f"http://{HOST}:{server.server_address[1]}"
    watched, other_project, lead_id = prepare(app, ids, base)
    worker = start_worker(instance, url)
    jobs = iter(range(1, 10 ** 6))
    try:
        waits(app, [queue_job(app, other_project, lead_id, f"{base}/job/{next(jobs)}")], timeout=180)
        idle = []
        for _ in range(5):
            time.sleep(max(every, 3.0))   # a quiet spell: the worker's polling backs off
            idle.append(queue_job(app, other_project, lead_id, f"{base}/job/{next(jobs)}"))
        baseline = waits(app, idle)
        from sqlalchemy import update
        from webapp.extensions import db
        from webapp.models.revision import ArticleWatch
        from webapp.tasks import watching
        with app.app_context():
            db.session.execute(update(ArticleWatch).values(next_check_at=datetime.now(timezone.utc)))
            db.session.commit()
        started = time.perf_counter()
        watching.watch_tick()   # what the scheduler queues each minute
        during, results = [], {}
        while sum(results.values()) < watched:
            time.sleep(every)
            during.append(queue_job(app, other_project, lead_id, f"{base}/job/{next(jobs)}"))
            results = checked(app)
            if worker.poll() is not None:
                raise RuntimeError("the worker stopped: see " + str(instance / "worker.log"))
        seconds = time.perf_counter() - started
        during_waits = waits(app, during)
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
        server.shutdown()
    return {"watched": watched, "results": results, "seconds": seconds,
            "baseline": baseline, "during": during_waits}


def rows(f: dict) -> list[tuple[str, str, str]]:
    r, d, b = f["results"], f["during"], f["baseline"]
    return [
        ("Watched articles checked by the worker (new revisions / unchanged / removed / failed)", "",
         f"{sum(r.values()):,} ({r.get('revision', 0):,} / {r.get('unchanged', 0):,} / "
         f"{r.get('removed', 0):,} / {r.get('failed', 0):,})"),
        ("Time to check them all, s (checks/s)", "", f"{f['seconds']:.0f} ({sum(r.values()) / f['seconds']:.0f})"),
        (f"Other jobs meanwhile ({len(d)}): wait before starting, p50 / p95 / max, s", "≤ 1",
         f"{pct(d, 0.5):.2f} / {pct(d, 0.95):.2f} / {max(d):.2f}"),
        ("The same jobs on an idle worker (baseline), p50 / max, s", "",
         f"{pct(b, 0.5):.2f} / {max(b):.2f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--jobs-every", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        instance.mkdir()
        (instance / "config.py").write_text(f"FETCH_ALLOWED_NETWORKS = ({HOST!r},)\n")
        os.environ["CLAIMTRAIL_INSTANCE"] = str(instance)   # this process's queue: the worker's
        name = f"claimtrail_bench_watch_{os.getpid()}"
        if args.postgres:
            import psycopg
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
        else:
            url = f"sqlite:///{folder}/watching.db"
        try:
            figures = measure(url, instance, args.articles, args.jobs_every)
        finally:
            if args.postgres:
                with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"Watching {args.articles:,} articles on {engine}, the worker as `make run` starts it "
          f"({' '.join(worker_settings())}), an ordinary job queued every {args.jobs_every:g} s")
    print(f"| Figure | Target | {engine} |\n|---|---|---|")
    for label, target, value in rows(figures):
        print(f"| {label} | {target} | {value} |")


if __name__ == "__main__":
    main()
