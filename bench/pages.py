"""The corroboration pages at scale (issue 11), for bench/run.py: which claim and cluster to
time (those of the generated project's largest cluster), and the SQL statements each page makes,
counted in-process on the generated database for a small project and the large one, so that
"queries per page constant in data size" is a figure, not a claim."""
from __future__ import annotations

import re
import tempfile

from sqlalchemy import create_engine, event, text

import generate as gen

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
PAGES = ("article", "claims", "claim", "cluster", "dashboard")


def largest_cluster(url: str, project_id: int) -> tuple[int | None, int | None, int]:
    """(cluster id, the id of its earliest report, its reports) of the project's largest
    cluster; (None, None, 0) when the project has none."""
    engine = create_engine(gen._url_of(url))
    try:
        with engine.connect() as conn:
            row = conn.execute(text(
                "SELECT id, reports FROM claim_clusters WHERE project_id = :p "
                "ORDER BY reports DESC, id LIMIT 1"), {"p": project_id}).first()
            if row is None:
                return None, None, 0
            claim = conn.scalar(text("SELECT MIN(claim_id) FROM cluster_members WHERE cluster_id = :c"),
                                {"c": row.id})
            return row.id, claim, row.reports
    finally:
        engine.dispose()


def urls(ids: dict, cluster_id: int | None, claim_id: int | None) -> dict[str, str]:
    pid = ids["project_id"]
    found = {"article": f"/projects/{pid}/articles/{ids['big_article_id']}",
             "claims": f"/projects/{pid}/claims/", "dashboard": f"/projects/{pid}/dashboard/"}
    if cluster_id is not None:
        found.update(claim=f"/projects/{pid}/claims/{claim_id}",
                     cluster=f"/projects/{pid}/clusters/{cluster_id}")
    return found


def count_queries(url: str, projects: list[dict]) -> list[dict[str, int]]:
    """For each generated project (``generate``'s ids): the statements each page makes, on its
    second visit (the first warms the caches and, for the dashboard, keeps its figures)."""
    with tempfile.TemporaryDirectory() as instance:
        app = gen._app_for(gen._url_of(url), instance)
        found = []
        with app.app_context():
            from webapp.extensions import db
            engine = db.engine
        for ids in projects:
            cluster_id, claim_id, _reports = largest_cluster(url, ids["project_id"])
            client = app.test_client()
            token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
            client.post("/login", data={"csrf_token": token, "username": ids["lead"],
                                        "password": ids["password"]})
            counts = {}
            for name, page in urls(ids, cluster_id, claim_id).items():
                if client.get(page).status_code != 200:
                    continue
                statements = []

                def count(conn, cursor, statement, *args):
                    statements.append(statement)

                event.listen(engine, "before_cursor_execute", count)
                try:
                    status = client.get(page).status_code
                finally:
                    event.remove(engine, "before_cursor_execute", count)
                if status == 200:
                    counts[name] = len(statements)
            found.append(counts)
        with app.app_context():
            db.engine.dispose()
    return found


def queries_cell(small: dict[str, int], large: dict[str, int]) -> str:
    return " / ".join(f"{small.get(p, '–')}→{large.get(p, '–')}" for p in PAGES)
