"""`make bench`: Claimtrail's figures on SQLite and PostgreSQL, served by gunicorn, in one table.

    .venv/bin/python bench/run.py                       # default: 1,000,000 claims, 100,000 articles
    BENCH_CLAIMS=100000 .venv/bin/python bench/run.py   # a quicker look at a tenth of the size
    .venv/bin/python bench/run.py --engines sqlite --claims 20000

Two workloads per database (a benchmark, not a test: it exits non-zero only if it crashes),
after a bare Flask app (bench/bare_app.py) under the same server and load, whose figures every
speed is also given as a ratio to (see ``ROWS``):

1. The Label Studio comparison of issue 5: 2,000 articles of ~3,000 characters (Arabic names,
   accented letters, emoji) imported with ``flask import-articles`` (JSON Lines); 10,000 claims
   created through the API by 8 concurrent clients (one personal API token each); the export of
   those claims (JSON Lines and CSV); the claim list page of 100; the peak of the gunicorn
   workers' summed RSS over the whole workload.
2. At scale: a project made by bench/generate.py (BENCH_CLAIMS claims, a tenth as many articles,
   one article with 500 claims): that article's page, the claim list and the project page, the
   claim page and the cluster page of the largest cluster (issue 11), the queries each page makes
   (in-process, against a project a hundredth of the size in the same database), the
   dashboard (its first visit, which queues the count of every claim; the worker's count; then
   the page with its figures kept), the CSV export of every claim (rows/s, workers' peak RSS).

Pages are timed at the client over loopback (so a little above the time at the server), p50 of
20 requests after one warm-up. The API's load clients use the standard library's HTTP client,
the lightest at hand, since they share the machine's two cores with the server. The server is
gunicorn as ``make serve`` runs it (bench/gunicorn_server.py: 2 threaded workers, ``-OO``,
``--no-control-socket``, the default worker timeout); PostgreSQL is the server at BENCH_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/postgres), in throwaway databases claimtrail_bench_*.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("CLAIMTRAIL_TASKS_IMMEDIATE", "1")

import generate as gen  # noqa: E402
import gunicorn_server  # noqa: E402
import pages  # noqa: E402

PG_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
CLIENTS = 8
CMP_ARTICLES = 2000
CMP_CLAIMS = 10000
REQUEST_TIMEOUT = 120
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
NOT_MEASURED = "not yet measured"
WORKERS = gunicorn_server.WORKERS   # --workers-args replaces them, to compare settings
TIMEOUT = None                      # gunicorn's own worker timeout, as `make serve` keeps it


# --- databases -------------------------------------------------------------------------------
class Database:
    def __init__(self, engine: str, folder: Path, tag: str):
        self.engine, self.name = engine, f"claimtrail_bench_{os.getpid()}_{tag}"
        if engine == "sqlite":
            self.url = f"sqlite:///{folder / (tag + '.db')}"
        else:
            import psycopg
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.name}"')
            self.url = (PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
                        + "/" + self.name)

    def analyze(self):
        """Fresh planner statistics after a burst of writes, and on PostgreSQL the visibility map
        that lets counts read the index alone: what autovacuum does within its minute after
        that many inserts (PostgreSQL 13 and later vacuum after inserts too), and what the
        generator does after its bulk load."""
        if self.engine == "sqlite":
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as conn:
                conn.execute("ANALYZE")
        else:
            import psycopg
            with psycopg.connect(self.url.replace("postgresql+psycopg://", "postgresql://"),
                                 autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")

    def drop(self):
        if self.engine == "postgresql":
            import psycopg
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- the server ------------------------------------------------------------------------------
class Server:
    """gunicorn, 2 workers, with a sampler of the workers' summed RSS."""

    def __init__(self, db_url: str | None, instance: Path, worker: bool = False,
                 app: str = gunicorn_server.APP):
        instance.mkdir(parents=True, exist_ok=True)
        # A list page of 100, as in the Label Studio comparison.
        (instance / "config.py").write_text("PAGE_SIZE = 100\n")
        env = {**os.environ, "CLAIMTRAIL_INSTANCE": str(instance), "DATABASE_URL": db_url or ""}
        env.pop("CLAIMTRAIL_TASKS_IMMEDIATE", None)   # served as a team runs it: jobs go to the queue
        # As `make serve`: the app's -OO bytecode compiled beforehand.
        subprocess.run([sys.executable, "-OO", "-m", "compileall", "-q", "webapp"], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        self.proc, self.port = gunicorn_server.start(
            env, graceful_timeout=5, timeout=TIMEOUT, app=app, workers=WORKERS,
            ready="/login" if app == gunicorn_server.APP else "/echo")
        self.url = f"http://127.0.0.1:{self.port}"
        # The task queue's worker, as `make serve` runs it beside gunicorn (not in the RSS).
        self.worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "huey_consumer"), "webapp.tasks.huey", "--workers", "1",
             "--worker-type", "thread", "--quiet"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True) if worker else None
        self.peak, self._stop = 0, threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def cpu(self) -> float:
        """The CPU seconds (user and system) the workers have spent so far."""
        total = 0.0
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                times = child.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    def rss(self) -> int:
        try:
            total = 0
            for child in psutil.Process(self.proc.pid).children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            return total
        except psutil.Error:
            return 0

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.05)

    def reset_peak(self):
        self.peak = self.rss()

    def stop(self):
        if hasattr(self, "_stop"):
            self._stop.set()
        if getattr(self, "worker", None) is not None and self.worker.poll() is None:
            self.worker.terminate()
            try:
                self.worker.wait(15)
            except subprocess.TimeoutExpired:
                self.worker.kill()
        gunicorn_server.stop(self.proc, wait=15)


def sign_in(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    token = CSRF.search(session.get(base + "/login", timeout=30).text).group(1)
    r = session.post(base + "/login", data={"csrf_token": token, "username": username,
                                             "password": password}, allow_redirects=False, timeout=30)
    if r.status_code != 302:
        raise RuntimeError(f"sign-in failed: {r.status_code}")
    return session


def post(port: int, path: str, payload: bytes, headers: dict) -> tuple[int, bytes]:
    """One API request from a load client, with the standard library's HTTP client: it costs
    about 0.25 ms of CPU a request where ``requests`` costs 0.75 ms, and the clients share the
    machine's two cores with the server they measure. A new connection each time, as gunicorn's
    sync workers close each one."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("POST", path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def page_p50(session: requests.Session, url: str, n: int = 20) -> tuple[float | None, int]:
    """p50 in ms over n GETs after one warm-up; (None, status) if the page does not answer 200."""
    first = session.get(url, timeout=REQUEST_TIMEOUT)
    if first.status_code != 200:
        return None, first.status_code
    times = []
    for _ in range(n):
        t = time.perf_counter()
        r = session.get(url, timeout=REQUEST_TIMEOUT)
        times.append((time.perf_counter() - t) * 1000)
        r.raise_for_status()
    return statistics.median(times), 200


def download(session: requests.Session, url: str) -> tuple[float, int, int]:
    """(seconds, bytes, lines) of a streamed download."""
    t = time.perf_counter()
    size = lines = 0
    with session.get(url, stream=True, timeout=REQUEST_TIMEOUT) as r:
        r.raise_for_status()
        for chunk in r.iter_content(65536):
            size += len(chunk)
            lines += chunk.count(b"\n")
    return time.perf_counter() - t, size, lines


# --- the API's load, for Claimtrail and for the bare app -----------------------------------------
ANNOTATION_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def annotation_body(start: int, end: int) -> dict:
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
            "body": [{"type": "TextualBody", "purpose": "describing",
                      "value": "A claim marked by the benchmark."}],
            "target": {"selector": [{"type": "TextPositionSelector", "start": start, "end": end}]}}


def api_load(server: "Server", headers: list[dict], request_for) -> dict:
    """CMP_CLAIMS POSTs from one client thread per entry of ``headers`` (``request_for(rng)``
    gives each one's path and body): rate, latency percentiles (ms, at the client), errors, and
    the CPU the server's workers spent per answered request (ms, psutil)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    per_client = CMP_CLAIMS // len(headers)

    def client(k: int):
        rng, mine, bad = random.Random(k), [], []
        for _ in range(per_client):
            path, payload = request_for(rng)
            t0 = time.perf_counter()
            try:
                status, answer = post(server.port, path, payload, headers[k])
                if status == 201:
                    mine.append((time.perf_counter() - t0) * 1000)
                else:
                    bad.append(f"{status} {answer[:200]!r}")
            except OSError as exc:
                bad.append(repr(exc))
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(len(headers))]
    cpu, t = server.cpu(), time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seconds, cpu = time.perf_counter() - t, server.cpu() - cpu
    return {"rate": len(latencies) / seconds, "p50": p(latencies, 50), "p95": p(latencies, 95),
            "p99": p(latencies, 99), "errors": len(errors), "first_error": errors[0] if errors else "",
            "cpu": cpu * 1000 / max(1, len(latencies))}


def post_p50(port: int, path: str, payload: bytes, headers: dict, n: int = 20) -> float:
    """p50 in ms of n POSTs one after another, after one warm-up."""
    post(port, path, payload, headers)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        status, _answer = post(port, path, payload, headers)
        times.append((time.perf_counter() - t) * 1000)
        if status != 201:
            raise RuntimeError(f"the bare app answered {status}")
    return statistics.median(times)


def bare(folder: Path, out: dict) -> None:
    """The bare app (bench/bare_app.py) under the same gunicorn settings and the same load:
    its requests/s, latencies and CPU per request are what every ratio is taken against."""
    server = Server(None, folder / "bare-instance", app=gunicorn_server.BARE_APP)
    try:
        headers = [{"Content-Type": "application/json"}] * CLIENTS
        payload = json.dumps(annotation_body(100, 180)).encode()
        figures = api_load(server, headers, lambda rng: ("/echo", payload))
        if figures["errors"]:
            raise RuntimeError(f"the bare app failed: {figures['first_error']}")
        out.update(figures)
        out["latency"] = post_p50(server.port, "/echo", payload, headers[0], n=200)
    finally:
        server.stop()


# --- 1. the Label Studio comparison ----------------------------------------------------------
def comparison(engine: str, folder: Path, out: dict) -> None:
    db = Database(engine, folder, "cmp")
    server = None
    try:
        ids = gen.generate(db.url, 0, 0, seed=7, project_name="Label Studio comparison")
        pid = ids["project_id"]
        from webapp.extensions import db as fdb
        app = gen._app_for(db.url, str(folder / f"{engine}-cmp-app"))
        # The articles, as JSON Lines; their claimable spans are kept to make annotations later.
        rng = random.Random(5)
        spans_by_hash, path = {}, folder / f"{engine}-articles.jsonl"
        chars = 0
        with open(path, "w", encoding="utf-8") as f:
            for i in range(CMP_ARTICLES):
                text, *_x, spans = gen._article(rng, i, 5)
                chars += len(text)
                spans_by_hash[hashlib.sha256(text.encode()).hexdigest()] = [(s, e) for s, e, *_ in spans]
                f.write(json.dumps({"title": f"Report {i}", "text": text, "site_name": "ANHA",
                                    "original_outlet": "Hawar News Agency", "author": "Staff",
                                    "url": f"https://anha.example/report-{i}",
                                    "published_on": "2017-05-11"}, ensure_ascii=False) + "\n")
        print(f"  [{engine}] importing {CMP_ARTICLES:,} articles ({chars / CMP_ARTICLES:,.0f} chars on average) …",
              flush=True)
        with app.app_context():   # the import alone: suggestions are measured apart
            from webapp.models import Project     # (bench/suggestion_speed.py; in a team's worker
            fdb.session.get(Project, pid).suggestions_enabled = False   # they follow the import)
            fdb.session.commit()
        runner = app.test_cli_runner()
        t = time.perf_counter()
        result = runner.invoke(args=["import-articles", str(pid), str(path), "--user", ids["lead"]])
        seconds = time.perf_counter() - t
        if result.exit_code != 0:
            raise RuntimeError(f"import failed: {result.output[-1000:]}")
        with app.app_context():
            from sqlalchemy import select

            from webapp.models import Article
            from webapp.models import User
            from webapp.services import tokens
            rows = fdb.session.execute(select(Article.id, Article.content_hash)
                                       .where(Article.project_id == pid)).all()
            imported = len(rows)
            targets = [(aid, spans_by_hash[h]) for aid, h in rows]
            clients = [n for n in ids["users"] if not n.startswith("viewer")][:CLIENTS]
            raw_tokens = []
            for name in clients:
                user = fdb.session.scalar(select(User).where(User.username == name))
                raw_tokens.append(tokens.create_token(user, "bench")[1])
            fdb.session.commit()
            fdb.session.remove()
            fdb.engine.dispose()
        out["import"] = imported / seconds
        print(f"  [{engine}] imported {imported:,} in {seconds:.2f} s; starting gunicorn …", flush=True)

        server = Server(db.url, folder / f"{engine}-cmp-instance")
        print(f"  [{engine}] {CMP_CLAIMS:,} claims through the API, {CLIENTS} clients …", flush=True)
        headers = [{"Authorization": f"Bearer {token}", "Content-Type": ANNOTATION_TYPE}
                   for token in raw_tokens]

        def request_for(rng: random.Random) -> tuple[str, bytes]:
            aid, spans = rng.choice(targets)
            start, end = rng.choice(spans)
            return (f"/api/v1/projects/{pid}/articles/{aid}/annotations/",
                    json.dumps(annotation_body(start, end)).encode())

        figures = api_load(server, headers, request_for)
        out.update({"api_" + key: value for key, value in figures.items()})
        if out["api_errors"]:
            print(f"  [{engine}] {out['api_errors']} API errors, first: {figures['first_error']}", flush=True)
        db.analyze()
        lead = sign_in(server.url, ids["lead"], ids["password"])
        for fmt, key in (("jsonl", "export_json"), ("csv", "export_csv")):
            download(lead, f"{server.url}/projects/{pid}/export/claims.{fmt}")   # warm-up
            runs = [download(lead, f"{server.url}/projects/{pid}/export/claims.{fmt}") for _ in range(3)]
            out[key] = statistics.median(r[0] for r in runs)
            out[key + "_lines"] = runs[0][2]
        out["list_page"], _status = page_p50(lead, f"{server.url}/projects/{pid}/claims/")
        out["peak_mb"] = server.peak / 2**20
        print(f"  [{engine}] comparison done", flush=True)
    finally:
        if server:
            server.stop()
        db.drop()


# --- 2. at scale -----------------------------------------------------------------------------
def small_size(n_claims: int) -> int:
    """The claims of the small project the queries per page are compared with."""
    return max(min(10_000, n_claims // 2), n_claims // 100)


def at_scale(engine: str, folder: Path, n_claims: int, out: dict) -> None:
    db = Database(engine, folder, "scale")
    server = None
    try:
        n_articles = max(1, n_claims // 10)
        print(f"  [{engine}] generating {n_articles:,} articles, {n_claims:,} claims …", flush=True)
        ids = gen.generate(db.url, n_articles, n_claims, seed=1, progress=True)
        total_rows = sum(ids["counts"].values())
        out["gen_rate"] = total_rows / ids["seconds"]
        out["gen_claims_rate"] = n_claims / ids["seconds"]
        if engine == "postgresql":
            db.analyze()   # the generator analyzed; autovacuum would also have vacuumed by now
        server = Server(db.url, folder / f"{engine}-scale-instance", worker=True)
        lead = sign_in(server.url, ids["lead"], ids["password"])
        pid, big = ids["project_id"], ids["big_article_id"]
        out["article_page"], _ = page_p50(lead, f"{server.url}/projects/{pid}/articles/{big}")
        out["claim_list"], _ = page_p50(lead, f"{server.url}/projects/{pid}/claims/")
        out["project_page"], _ = page_p50(lead, f"{server.url}/projects/{pid}")
        # The corroboration pages of the largest cluster: its earliest report's claim page (the
        # Reports panel and the cluster suggestions for it), and the cluster page.
        cluster_id, claim_id, out["cluster_reports"] = pages.largest_cluster(db.url, pid)
        if cluster_id is not None:
            found = pages.urls(ids, cluster_id, claim_id)
            out["claim_page"], _ = page_p50(lead, server.url + found["claim"])
            out["cluster_page"], _ = page_p50(lead, server.url + found["cluster"])
        # The first visit answers at once and queues the count; the worker counts every claim
        # (timed until freshness.json says the figures are current); later visits read them.
        t = time.perf_counter()
        lead.get(f"{server.url}/projects/{pid}/dashboard/", timeout=REQUEST_TIMEOUT).raise_for_status()
        out["dashboard_first"] = (time.perf_counter() - t) * 1000
        fresh = f"{server.url}/projects/{pid}/dashboard/freshness.json"
        while lead.get(fresh, timeout=REQUEST_TIMEOUT).json()["stale"]:
            if time.perf_counter() - t > REQUEST_TIMEOUT * 5:
                raise RuntimeError("the worker did not count the dashboard in 10 minutes")
            time.sleep(0.1)
        out["dashboard_count"] = time.perf_counter() - t
        dash, status = page_p50(lead, f"{server.url}/projects/{pid}/dashboard/", n=10)
        out["dashboard"] = dash if dash is not None else f"{NOT_MEASURED} (HTTP {status})"
        server.reset_peak()
        seconds, size, lines = download(lead, f"{server.url}/projects/{pid}/export/claims.csv")
        out["export_rate"] = n_claims / seconds
        out["export_seconds"] = seconds
        out["export_peak_mb"] = server.peak / 2**20
        # Queries per page, in-process: a project of a hundredth of the size (at least 10,000
        # claims) in the same database,
        # then the large one (the dashboard's figures already kept by the worker).
        small_claims = small_size(n_claims)
        small = gen.generate(db.url, max(1, small_claims // 10), small_claims, seed=2,
                             project_name="Small project")
        counts = pages.count_queries(db.url, [small, ids])
        out["queries"] = pages.queries_cell(*counts)
        print(f"  [{engine}] at scale done", flush=True)
    finally:
        if server:
            server.stop()
        db.drop()


# --- the table -------------------------------------------------------------------------------
def fmt(value, spec: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return format(value, spec)


def machine() -> str:
    import sqlalchemy
    pg = "unreachable"
    try:
        import psycopg
        with psycopg.connect(PG_ADMIN, connect_timeout=3) as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # noqa: BLE001 - only for the caption
        pass
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.1f} GB RAM, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {pg}, "
            f"SQLAlchemy {sqlalchemy.__version__}, gunicorn " + " ".join(WORKERS))


def ratio(value, kind: str | None, bare_figures: dict) -> str:
    """``value`` as a multiple of the bare app's figure of the same kind (see ``table``)."""
    if kind is None or not isinstance(value, (int, float)) or not bare_figures:
        return ""
    base = {"s": bare_figures.get("latency", 0) / 1000, "ms": bare_figures.get("latency")}.get(
        kind, bare_figures.get(kind))
    if not base:
        return "–"
    r = value / base
    return format(r, ",.0f" if r >= 100 else ".1f" if r >= 10 else ".2f") + "×"


# Each row: label, Label Studio's figure, the target, the result's key, its format, and what
# its ratio is taken against: "rate" the bare app's requests/s, "p50"/"p95"/"p99" its latency
# under the same load, "ms"/"s" its latency with one client, "cpu" its CPU per request.
ROWS = [
    ("**Bare Flask app** (one POST route reading JSON, 201; same gunicorn, same load)", None, None, None, None, None),
    ("Requests/s", "", "", "bare.rate", ",.0f", None),
    ("Latency under load p50 / p99, ms", "", "", "bare.p50/p99", ",.1f", None),
    ("Latency of one client's request, p50 ms", "", "", "bare.latency", ",.2f", None),
    ("Server CPU per request, ms", "", "", "bare.cpu", ",.2f", None),
    ("**Label Studio workload** ({cmp_articles:,} articles, {cmp_claims:,} claims, {clients} clients)",
     None, None, None, None, None),
    ("Bulk import, articles/s", "1,845", "≥ 5,000", "import", ",.0f", "rate"),
    ("Claims created via API, claims/s", "16.2 / 29.7", "≥ 400; ≥ 0.5×", "api_rate", ",.0f", "rate"),
    ("Server CPU per claim, ms", "", "", "api_cpu", ",.2f", "cpu"),
    ("API latency p50, ms", "464 / 258", "", "api_p50", ",.1f", "p50"),
    ("API latency p95, ms", "–", "", "api_p95", ",.1f", "p95"),
    ("API latency p99, ms", "1,080 / 488", "≤ 50", "api_p99", ",.1f", "p99"),
    ("API errors", "–", "0", "api_errors", "d", None),
    ("Export {cmp_claims:,} claims, JSON (Lines), s", "4.8", "≤ 0.3", "export_json", ".2f", "s"),
    ("Export {cmp_claims:,} claims, CSV, s", "6.0", "≤ 0.3", "export_csv", ".2f", "s"),
    ("List page of 100 claims, p50 ms", "132", "≤ 15", "list_page", ",.1f", "ms"),
    ("Server peak memory (workers' RSS), MB", "459 / 1,470", "≤ 150", "peak_mb", ",.0f", None),
    ("**At scale** ({claims:,} claims, {articles:,} articles)", None, None, None, None, None),
    ("Generator, rows/s (claims/s)", "", "", "gen", None, None),
    ("Article page with 500 claims, p50 ms", "", "< 100", "article_page", ",.1f", "ms"),
    ("Claim list (100 a page), p50 ms", "", "< 300", "claim_list", ",.1f", "ms"),
    ("Project page (articles, 100 a page), p50 ms", "", "< 300", "project_page", ",.1f", "ms"),
    ("Claim page with its reports and cluster suggestions (the largest cluster), p50 ms", "", "≤ 100", "claim_page", ",.1f", "ms"),
    ("Cluster page (the largest cluster: {cluster_reports} reports), p50 ms", "", "≤ 100", "cluster_page", ",.1f", "ms"),
    ("Queries per page, {small_claims:,} → {claims:,} claims: article (500 claims) / claims / claim / cluster / dashboard", "", "equal", "queries", None, None),
    ("Dashboard, first visit (the page, while the worker counts), ms", "", "< 300", "dashboard_first", ",.0f", "ms"),
    ("Dashboard, first count in the worker (every claim), s", "", "", "dashboard_count", ",.1f", "s"),
    ("Dashboard, kept figures, p50 ms", "", "< 300", "dashboard", ",.1f", "ms"),
    ("Export of all claims (CSV), rows/s", "", "", "export_rate", ",.0f", "rate"),
    ("Export of all claims (CSV), s", "", "", "export_seconds", ",.1f", "s"),
    ("Export of all claims, workers' peak RSS, MB", "", "", "export_peak_mb", ",.0f", None),
]


def cell(r: dict, key: str, spec: str | None) -> str:
    if key == "gen":
        return f"{r['gen_rate']:,.0f} ({r['gen_claims_rate']:,.0f})" if "gen_rate" in r else "–"
    if key.startswith("bare."):
        figures, names = r.get("bare", {}), key[5:].split("/")
        if not all(name in figures for name in names):
            return "–"
        return " / ".join(fmt(figures[name], spec) for name in names)
    if key in r:
        return fmt(r[key], spec)
    return r.get("failed") or "–"


def table(results: dict, engines: list[str], n_claims: int) -> str:
    sizes = {"cmp_articles": CMP_ARTICLES, "cmp_claims": CMP_CLAIMS, "clients": CLIENTS,
             "claims": n_claims, "articles": max(1, n_claims // 10),
             "small_claims": small_size(n_claims),
             "cluster_reports": " / ".join(str(results.get(e, {}).get("cluster_reports", "–"))
                                           for e in engines)}
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    head = ["Figure", "Label Studio 1.23.2 (default / uwsgi)", "Target"]
    for e in engines:
        head += [names[e], "÷ bare"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, ls, target, key, spec, kind in ROWS:
        label = label.format(**sizes)
        if key is None:
            lines.append("| " + label + " |" + " |" * (len(head) - 1))
            continue
        cells = []
        for e in engines:
            r = results.get(e, {})
            cells += [cell(r, key, spec), ratio(r.get(key), kind, r.get("bare", {}))]
        lines.append("| " + " | ".join([label, ls, target] + cells) + " |")
    return "\n".join(lines)


def main() -> int:
    global CMP_ARTICLES, CMP_CLAIMS, WORKERS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=int(os.environ.get("BENCH_CLAIMS", 1_000_000)))
    parser.add_argument("--engines", default=os.environ.get("BENCH_ENGINES", "sqlite,postgresql"))
    parser.add_argument("--cmp-articles", type=int, default=CMP_ARTICLES, help="(quick checks only)")
    parser.add_argument("--cmp-claims", type=int, default=CMP_CLAIMS, help="(quick checks only)")
    parser.add_argument("--skip-comparison", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--workers-args", help="gunicorn's worker options instead of make serve's, "
                        "e.g. '--workers 2 --threads 4' (to compare settings)")
    args = parser.parse_args()
    if args.workers_args:
        WORKERS = args.workers_args.split()
    engines = [e for e in args.engines.split(",") if e]
    CMP_ARTICLES, CMP_CLAIMS = args.cmp_articles, args.cmp_claims
    results: dict[str, dict] = {e: {} for e in engines}
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="claimtrail-bench-"))
    crashed = False
    try:
        for engine in engines:
            parts = [("bare app", lambda e=engine: bare(folder, results[e].setdefault("bare", {})))]
            if not args.skip_comparison:
                parts.append(("comparison", lambda e=engine: comparison(e, folder, results[e])))
            if not args.skip_scale:
                parts.append(("at scale", lambda e=engine: at_scale(e, folder, args.claims, results[e])))
            for name, part in parts:
                print(f"== {engine}: {name}", flush=True)
                try:
                    part()
                except Exception:  # noqa: BLE001 - report, go on with the other figures
                    crashed = True
                    traceback.print_exc()
                    results[engine].setdefault("failed", f"failed ({name})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    print(f"Claimtrail benchmark — {time.strftime('%Y-%m-%d')} — {machine()}")
    print(f"(pages timed at the client over loopback, p50 of 20; total run {time.perf_counter() - started:.0f} s)")
    print()
    print(table(results, engines, args.claims))
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
