"""Suggestions at scale (issue 13), for `make bench`: the worker's pace over a large project,
and the reading view of a 400 KB article with its suggestions.

    .venv/bin/python bench/suggestion_speed.py [--articles 100000] [--postgres]

1. A project of ``--articles`` generated articles (bench/generate.py, with two claims an article
   on average) gets its suggestions made the way the worker's "suggest" job makes them
   (``store.make_for_project`` in read transactions, each batch written in a short write
   transaction): articles per second, end to end (reads, the rules, the writes). Target ≥ 200.
2. An article of 400 KB (the evaluation set's articles one after another, as a long live blog
   or a collected report would be) gets its suggestions; its reading view is then asked for 20
   times by a signed-in lead through the application (the test client, so the server's time
   alone): p50 / p95 ms. Target ≤ 200.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(ROOT / "bench"), str(ROOT / "bench" / "suggestions_eval")):
    if path not in sys.path:
        sys.path.insert(0, path)
from generate import _app_for, generate  # noqa: E402

PG_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BIG = 400_000


def worker_pace(app, project_id: int) -> tuple[float, int, int]:
    from webapp import database
    from webapp.suggestions import store
    from webapp.suggestions.engine import rules
    with app.app_context():
        rules()   # loaded once in a worker's life: not part of the pace
        database.reads_first()
        started = time.perf_counter()
        counts = store.make_for_project(project_id, force=True, writes=database.writing)
        database.end_request()
        elapsed = time.perf_counter() - started
    return elapsed, counts.articles, counts.suggestions


def big_article_text() -> str:
    from load import load
    parts, size = [], 0
    articles = load()
    while size < BIG:
        for article in articles:
            parts.append(article.text)
            size += len(article.text) + 2
            if size >= BIG:
                break
    return "\n\n".join(parts)[:BIG]


def reading_view(app, ids: dict) -> tuple[float, float, int, int]:
    from webapp.extensions import db
    from webapp.models import User
    from webapp.services import articles as article_service
    from webapp.suggestions import store
    with app.app_context():
        lead = db.session.get(User, ids["users"][ids["lead"]])
        article = article_service.import_text(ids["project_id"], lead, big_article_text(),
                                              article_service.Provenance(title="A 400 KB report"))
        db.session.commit()
        made = store.make_for_article(article, force=True)
        db.session.commit()
        url, size = f"/projects/{ids['project_id']}/articles/{article.id}", len(article.text)
    client = app.test_client()
    import gc
    gc.collect()
    gc.freeze()   # as a served worker does once the app is loaded (gunicorn.conf.py)
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"username": ids["lead"], "password": ids["password"], "csrf_token": token})
    times = []
    for _ in range(22):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and b"data-suggestion" in response.data
    times = sorted(times[2:])   # the first two warm the caches
    return statistics.median(times), times[int(len(times) * 0.95)], made, size


def rows(pace: tuple[float, int, int], view: tuple[float, float, int, int]) -> list[tuple[str, str, str]]:
    elapsed, articles, suggestions = pace
    return [
        (f"Suggestions made in the worker for {articles:,} articles, articles/s", "≥ 200",
         f"{articles / elapsed:,.0f} ({elapsed:,.0f} s, {suggestions:,} suggestions)"),
        (f"Reading view of a {view[3] // 1000:,} KB article with its {view[2]:,} suggestions, p50 / p95 ms",
         "≤ 200", f"{view[0]:.0f} / {view[1]:.0f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.postgres:
            import psycopg
            name = f"claimtrail_bench_suggest_{os.getpid()}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        else:
            url = f"sqlite:///{folder}/bench.db"
        try:
            ids = generate(url, args.articles, args.articles * 2, progress=False)
            app = _app_for(url.replace("postgresql://", "postgresql+psycopg://"), folder)
            pace = worker_pace(app, ids["project_id"])
            view = reading_view(app, ids)
            print(f"Suggestions at scale ({'PostgreSQL' if args.postgres else 'SQLite'})")
            print("| Figure | Target | Result |\n|---|---|---|")
            for label, target, value in rows(pace, view):
                print(f"| {label} | {target} | {value} |")
        finally:
            if args.postgres:
                import psycopg
                with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
