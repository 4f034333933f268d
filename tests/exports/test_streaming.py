"""Large exports stream (T34): the first chunk leaves before the claims are all read, memory
stays flat as the export grows, and a file written while others edit is complete and
consistent (one snapshot: the rows counted at the start, parseable, ending in a newline)."""
import csv
import io
import json
import threading
import tracemalloc

import pytest
from sqlalchemy import event, select

from tests.exports.helpers import bulk_claims, signed_in
from tests.factories import make_article, make_claim, make_project, make_user
from webapp.exports.rows import BATCH
from webapp.extensions import db
from webapp.models import Article, Claim, Project, User
from webapp.services import claims as claim_service

PATHS = ["claims.csv", "claims.jsonl", "annotations.jsonld", "claimreview.jsonld", "archive.jsonl"]


def _project_with(app, n: int) -> int:
    with app.app_context():
        lead = make_user("lena")
        project = make_project(lead)
        bulk_claims(project.id, lead.id, n)
        return project.id


def _count_rows(path: str, body: str) -> int:
    if path.endswith(".csv"):
        return len(list(csv.DictReader(io.StringIO(body, newline=""))))
    if path.startswith("annotations"):
        doc = json.loads(body)
        assert doc["total"] == len(doc["first"]["items"])
        return doc["total"]
    return sum(1 for line in body.splitlines() if json.loads(line).get("type", "claim") == "claim")


@pytest.mark.parametrize("path", ["claims.csv", "claims.jsonl", "annotations.jsonld"])
def test_the_first_chunk_leaves_before_the_claims_are_all_read(app, browser, path):
    project_id = _project_with(app, 5000)
    browser = signed_in(browser)
    with app.app_context():
        engine = db.engine
    batches = []

    def count(conn, cursor, statement, *args):
        # Each batch of rows has its evidence read (PostgreSQL streams the rows from one
        # server-side cursor, SQLite reads each batch with a query of its own).
        if statement.lstrip().startswith("SELECT claim_evidence.claim_id"):
            batches.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = browser.get(f"/projects/{project_id}/export/{path}", buffered=False)
        chunks = response.iter_encoded()
        first = next(chunks)
        assert first and len(batches) == 1   # one batch read, the others to come
        rest = b"".join(chunks)
        response.close()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(batches) == 5000 // BATCH
    assert _count_rows(path, (first + rest).decode()) == 5000


def _peak_bytes(browser, url) -> int:
    tracemalloc.start()
    try:
        response = browser.get(url, buffered=False)
        size = sum(len(chunk) for chunk in response.iter_encoded())   # read and dropped
        response.close()
        assert size > 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_export_grows(app, browser):
    small, large = 2_000, 20_000
    project_id = _project_with(app, large)
    with app.app_context():
        lead_id = db.session.scalar(select(User.id).where(User.username == "lena"))
        from webapp.services import projects
        other = projects.create_project("Small", db.session.get(User, lead_id))
        db.session.commit()
        bulk_claims(other.id, lead_id, small)
        small_id = other.id
    browser = signed_in(browser)
    for path in ("claims.csv", "annotations.jsonld"):
        _peak_bytes(browser, f"/projects/{small_id}/export/{path}")   # warm caches
        peak_small = _peak_bytes(browser, f"/projects/{small_id}/export/{path}")
        peak_large = _peak_bytes(browser, f"/projects/{project_id}/export/{path}")
        # Ten times the claims: the peak is that of one batch either way, not ten times larger.
        assert peak_large < 2 * peak_small, (path, peak_small, peak_large)


@pytest.mark.parametrize("path", PATHS)
def test_an_export_made_while_others_edit_is_one_complete_snapshot(app, browser, path):
    project_id = _project_with(app, 5000)
    with app.app_context():
        lead = db.session.scalar(select(User).where(User.username == "lena"))
        article = make_article(db.session.get(Project, project_id), lead)
        final = make_claim(article, lead, "26 ISIS militants", status="unverifiable",
                           rationale="Cannot be checked.")
        article_id = article.id
        snapshot = db.session.scalar(select(db.func.count(Claim.id)).where(
            Claim.project_id == project_id, Claim.deleted_at.is_(None)))
        finals = 1
    browser = signed_in(browser)
    response = browser.get(f"/projects/{project_id}/export/{path}", buffered=False)
    chunks = response.iter_encoded()
    first = next(chunks)

    failures = []

    def edit():   # another person, in another session, while the export is being read
        try:
            with app.app_context():
                editor = db.session.scalar(select(User).where(User.username == "lena"))
                claims = db.session.scalars(select(Claim).where(Claim.project_id == project_id)
                                            .order_by(Claim.id.desc()).limit(30)).all()
                for claim in claims[:10]:
                    claim_service.delete_claim(claim, editor, claim.version)
                for claim in claims[10:20]:
                    claim_service.update_claim(claim, editor, {"status": "unverifiable",
                                                               "rationale": "Edited meanwhile."},
                                               claim.version)
                db.session.commit()
                for n in range(10):
                    make_claim(db.session.get(Article, article_id), editor, "a fighter said",
                               statement=f"new {n}")
        except Exception as exc:  # reported below: an editor that failed would prove nothing
            failures.append(repr(exc))

    editor = threading.Thread(target=edit)
    editor.start()
    editor.join(timeout=60)
    assert not editor.is_alive()
    assert failures == []
    body = (first + b"".join(chunks)).decode()
    response.close()
    assert body.endswith("\n")
    expected = finals if path.startswith("claimreview") else snapshot
    if path.startswith("claimreview"):
        assert len(json.loads(body)["@graph"]) == expected
    else:
        assert _count_rows(path, body) == expected
    assert "Edited meanwhile." not in body and '"new 0"' not in body
    # The edits did land: the next export sees them.
    after = browser.get(f"/projects/{project_id}/export/{path}").get_data(as_text=True)
    assert "Edited meanwhile." in after
    if not path.startswith("claimreview"):   # 10 deleted, 10 added; the archive keeps deleted ones
        deleted_kept = 10 if path.startswith("archive") else 0
        assert _count_rows(path, after) == snapshot + deleted_kept and "new 0" in after


def test_a_client_that_goes_away_mid_stream_releases_the_connection(app, browser):
    project_id = _project_with(app, 3000)
    browser = signed_in(browser)
    with app.app_context():
        pool = db.engine.pool
    response = browser.get(f"/projects/{project_id}/export/annotations.jsonld", buffered=False)
    chunks = response.iter_encoded()
    assert next(chunks)
    assert pool.checkedout() >= 1    # the export holds its connection while it streams
    response.close()                 # the browser closed the download
    assert pool.checkedout() == 0
