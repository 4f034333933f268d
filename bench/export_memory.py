"""Peak memory and speed of the streamed exports (a script, not a test).

    .venv/bin/python bench/export_memory.py --claims 100000
    .venv/bin/python bench/export_memory.py --claims 1000000 --formats csv,jsonl
    .venv/bin/python bench/export_memory.py --claims 100000 --postgres postgresql://postgres@127.0.0.1:5432/postgres

Generates N claims with bulk inserts into a throwaway database (SQLite in a temporary folder;
with --postgres, also a throwaway PostgreSQL database on that server, dropped afterwards),
then downloads each export through the app's test client in a fresh child process, reading
and discarding the chunks as a browser would. For each export it prints the rows per second,
the time to the first chunk, the size, and the child's resident memory (RSS) before the
request and at its peak (sampled every 10 ms with psutil).
"""
import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CLAIMTRAIL_TASKS_IMMEDIATE", "1")

PATHS = {"csv": "claims.csv", "jsonl": "claims.jsonl", "annotations": "annotations.jsonld",
         "claimreview": "claimreview.jsonld", "archive": "archive.jsonl"}
PASSWORD = "bench password 12345"
QUOTE = "26 ISIS militants have been killed"


def make_app(db_url: str, instance: str):
    from webapp import create_app
    return create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": secrets.token_hex(32),
                       "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"},
                      instance_path=instance)


def generate(db_url: str, instance: str, n: int, per_article: int = 100) -> int:
    """Migrate, then insert a lead, a project, n/per_article articles and n claims in bulk."""
    from flask_migrate import upgrade
    from sqlalchemy import insert
    from sqlalchemy import text as sql

    from webapp.extensions import db
    from webapp.models import Article, Claim
    from webapp.models._time import utcnow
    from webapp.services import projects, users
    app = make_app(db_url, instance)
    with app.app_context():
        upgrade()
        lead = users.create_user("bench", "Bench Lead", PASSWORD)
        project = projects.create_project("Bench", lead)
        db.session.commit()
        made, started = 0, time.perf_counter()
        while made < n:
            rows, articles = [], []
            for _ in range(min(100, -(-(n - made) // per_article))):
                text = f"Article {made + len(rows)}: thus far, {QUOTE} near the dam, a fighter said."
                articles.append({"project_id": project.id, "title": f"Bulk {made + len(rows)}",
                                 "site_name": "Bulk News", "text": text, "imported_by_id": lead.id,
                                 "content_hash": f"{made + len(rows):064d}"})
                rows.append(None)
            ids = db.session.execute(insert(Article).returning(Article.id), articles).scalars().all()
            claims = []
            for article_id, article in zip(ids, articles):
                text, start = article["text"], article["text"].index(QUOTE)
                for _ in range(min(per_article, n - made - len(claims))):
                    claims.append({"project_id": project.id, "article_id": article_id,
                                   "quote": QUOTE, "start_offset": start,
                                   "end_offset": start + len(QUOTE), "prefix": text[:start],
                                   "suffix": text[start + len(QUOTE):],
                                   "statement": "26 ISIS militants were killed near the dam.",
                                   "kind": "casualty_figure", "source_type": "combatant",
                                   "status": "unverifiable", "rationale": "Cannot be checked.",
                                   "created_by_id": lead.id, "created_at": utcnow(),
                                   "updated_at": utcnow(), "version": 1})
            db.session.execute(insert(Claim), claims)
            db.session.commit()
            made += len(claims)
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does soon after a bulk insert; without statistics the planner
            # walks the whole project for every batch instead of the primary key.
            db.session.execute(sql("ANALYZE"))
            db.session.commit()
        print(f"  generated {n:,} claims in {time.perf_counter() - started:.1f} s", flush=True)
        db.engine.dispose()
        return project.id


def export_once(db_url: str, instance: str, project_id: int, fmt: str) -> dict:
    """(Child process) download one export and measure it."""
    import psutil
    app = make_app(db_url, instance)
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": PASSWORD})
    process = psutil.Process()
    base_rss = process.memory_info().rss
    peak, stop = [base_rss], threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    response = client.get(f"/projects/{project_id}/export/{PATHS[fmt]}", buffered=False)
    size, first, newlines = 0, None, 0
    for chunk in response.iter_encoded():
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
        newlines += chunk.count(b"\n")
    response.close()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    return {"format": fmt, "status": response.status_code, "seconds": elapsed,
            "first_chunk_s": first, "bytes": size, "lines": newlines,
            "rss_before_mb": base_rss / 2**20, "rss_peak_mb": peak[0] / 2**20}


def run_exports(label: str, db_url: str, instance: str, project_id: int, n: int, formats) -> None:
    print(f"{label}: {n:,} claims")
    print(f"  {'format':<12}{'seconds':>9}{'rows/s':>10}{'1st chunk':>11}{'MB out':>9}"
          f"{'RSS before':>12}{'RSS peak':>10}")
    for fmt in formats:
        out = subprocess.run([sys.executable, __file__, "--child", db_url, instance,
                              str(project_id), fmt], capture_output=True, text=True, check=False)
        if out.returncode:
            print(f"  {fmt}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  {fmt:<12}{r['seconds']:>9.1f}{n / r['seconds']:>10,.0f}{r['first_chunk_s']:>10.3f}s"
              f"{r['bytes'] / 2**20:>9.1f}{r['rss_before_mb']:>10.0f}MB{r['rss_peak_mb']:>8.0f}MB",
              flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, db_url, instance, project_id, fmt = sys.argv
        print(json.dumps(export_once(db_url, instance, int(project_id), fmt)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,jsonl,annotations")
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server to test as well")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    with tempfile.TemporaryDirectory() as folder:
        if not args.no_sqlite:
            url = f"sqlite:///{folder}/bench.db"
            project_id = generate(url, folder, args.claims)
            run_exports("SQLite", url, folder, project_id, args.claims, formats)
        if args.postgres:
            bench_postgres(args.postgres, folder, args.claims, formats)


def bench_postgres(admin_url: str, folder: str, n: int, formats) -> None:
    import psycopg
    name = f"claimtrail_bench_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
    try:
        instance = os.path.join(folder, "pg")
        os.makedirs(instance, exist_ok=True)
        project_id = generate(url, instance, n)
        run_exports("PostgreSQL", url, instance, project_id, n, formats)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
