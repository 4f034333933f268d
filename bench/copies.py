"""Copy detection at scale (issue 11): time and quality over a generated project.

    .venv/bin/python bench/copies.py --articles 100000            # SQLite (the default)
    .venv/bin/python bench/copies.py --articles 100000 --postgres

Generates the project (bench/generate.py, which plants copies with known truth), then runs the
worker's task (``webapp.tasks.copies.find_copies``, in this process, as the worker would) and
times it. Quality is measured against the truth: every pair of articles in one planted family
(a text and its copies, copies of copies) whose exact 5-word-shingle Jaccard is at least 0.5,
with any found pair that also reaches 0.5 (copies no one planted); recall is the share of those
found, precision the share of found pairs that really reach 0.5 (measured again here).
"""
import argparse
import itertools
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["CLAIMTRAIL_TASKS_IMMEDIATE"] = "1"

from generate import _app_for, generate  # noqa: E402


def _families(planted) -> list[set[int]]:
    parent: dict[int, int] = {}

    def root(i):
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i
    for source, copy, _how in planted:
        parent[root(copy)] = root(source)
    found: dict[int, set[int]] = {}
    for i in parent:
        found.setdefault(root(i), set()).add(i)
    return list(found.values())


def measure(url: str, ids: dict) -> dict:
    from sqlalchemy import select

    from webapp.corroboration import shingles as sh
    from webapp.extensions import db
    from webapp.models import Article, ArticleCopy
    from webapp.tasks.copies import find_copies

    with tempfile.TemporaryDirectory() as instance:
        app = _app_for(url, instance)
        with app.app_context():
            started = time.perf_counter()
            find_copies(ids["project_id"])            # the worker's task, run here
            seconds = time.perf_counter() - started
            found = {(a, b) if a < b else (b, a) for a, b in db.session.execute(
                select(ArticleCopy.original_id, ArticleCopy.copy_id))}
            families = _families(ids["planted_copies"])
            wanted = set().union(*families, *found) if families or found else set()
            sets = {}
            ordered = sorted(wanted)
            for start in range(0, len(ordered), 1000):
                for row in db.session.execute(select(Article.id, Article.text, Article.body_start, Article.body_end)
                                              .where(Article.id.in_(ordered[start:start + 1000]))):
                    sets[row.id] = sh.shingles(sh.body_of(row.text, row.body_start, row.body_end))
            family_pairs = {p for f in families for p in itertools.combinations(sorted(f), 2)}
            truth = {p for p in family_pairs | found if sh.jaccard(sets[p[0]], sets[p[1]]) >= 0.5}
            hits = found & truth
            db.session.remove()
            db.engine.dispose()
    return {"seconds": seconds, "found": len(found), "truth": len(truth),
            "planted pairs": len(family_pairs), "recall": len(hits) / max(len(truth), 1),
            "precision": len(hits) / max(len(found), 1),
            "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.postgres:
            import psycopg
            admin = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
            name = f"claimtrail_bench_copies_{os.getpid()}"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = admin.rsplit("/", 1)[0] + "/" + name
        else:
            url = f"sqlite:///{folder}/copies.db"
        try:
            started = time.perf_counter()
            ids = generate(url, args.articles, 0, seed=1)
            print(f"generated {args.articles:,} articles ({len(ids['planted_copies']):,} planted copies) "
                  f"in {time.perf_counter() - started:.0f} s", flush=True)
            figures = measure(url, ids)
        finally:
            if args.postgres:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"copy detection, {args.articles:,} articles on {engine}: {figures['seconds']:.0f} s in the "
          f"worker's task; {figures['found']:,} pairs found, {figures['truth']:,} true pairs "
          f"(Jaccard >= 0.5; {figures['planted pairs']:,} pairs in planted families); "
          f"recall {figures['recall']:.3f}, precision {figures['precision']:.3f}; "
          f"peak memory {figures['peak MB']:,.0f} MB")


if __name__ == "__main__":
    main()
