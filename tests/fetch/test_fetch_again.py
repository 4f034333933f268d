"""Fetching an article's address again (issue 12, 1 and 5) on SQLite and PostgreSQL, against a
local server whose page changes and disappears: a different main text is a new revision with
its claims re-anchored, the same text is none, a page that is gone is recorded as removed; every
stored page is kept as a WARC record, read back here with warcio and its digests checked."""
import gzip
import hashlib
import io

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from tests.factories import PASSWORD, add_member, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, ArticleEvent, Claim, Job
from webapp.models.revision import ArticleCapture, ArticleRevision

from .conftest import ALLOWED_HOST, page_html, reply

FIRST = page_html("Thus far 26 ISIS militants have been killed near Raqqa")
SECOND = page_html("Thus far 23 ISIS militants have been killed near Raqqa")


@pytest.fixture
def world(app, serve):
    app.config["FETCH_ALLOWED_NETWORKS"] = (ALLOWED_HOST,)
    routes = {"/story": reply(body=FIRST)}
    server = serve(routes)
    with app.app_context():
        lead = make_user("lena")
        project = make_project(lead)
        add_member(project, make_user("anna"), "annotator")
        add_member(project, make_user("vera"), "viewer")
        project_id = project.id
    return {"project_id": project_id, "routes": routes, "server": server}


def _import(browser, world) -> Article:
    form_url = f"/projects/{world['project_id']}/fetches/new"
    browser.post(form_url, {"url": world["server"].url("/story")}, form_url=form_url)
    db.session.expire_all()
    return db.session.scalars(select(Article)).one()


def _fetch_again(browser, world, article_id):
    base = f"/projects/{world['project_id']}/articles/{article_id}"
    response = browser.post(f"{base}/captures/fetch", {}, form_url=f"{base}/revisions/")
    db.session.expire_all()
    return response, db.session.scalars(select(Job).order_by(Job.id.desc())).first()


def _records(data: bytes) -> list:
    out = []
    for record in ArchiveIterator(io.BytesIO(data)):
        out.append((record.rec_type, record.rec_headers, record.http_headers,
                    record.raw_stream.read() if record.rec_type == "response" else b""))
    return out


def test_an_imported_page_is_kept_as_a_warc_record_that_reads_back(app, browser, world):
    browser.login("anna", PASSWORD)
    with app.app_context():
        article = _import(browser, world)
        capture = db.session.scalars(select(ArticleCapture)).one()
        assert (capture.revision, capture.status, capture.how) == (1, 200, "fetch")
        assert capture.warc_sha256 == hashlib.sha256(capture.warc).hexdigest()
        records = _records(capture.warc)
        assert [r[0] for r in records] == ["request", "response"]
        request_headers, response = records[0], records[1]
        assert (request_headers[2].protocol, request_headers[2].statusline) == ("GET", "/story HTTP/1.1")
        assert response[1].get_header("WARC-Target-URI") == world["server"].url("/story")
        assert response[2].get_statuscode() == "200"
        assert response[2].get_header("Content-Type") == "text/html; charset=utf-8"
        assert response[3] == FIRST                                        # the body as received
        assert hashlib.sha256(response[3]).hexdigest() == capture.payload_sha256
        article_id = article.id
    page = browser.get(f"/projects/{world['project_id']}/articles/{article_id}/revisions/").get_data(as_text=True)
    assert "Proof of capture" in page and capture.warc_sha256[:16] in page
    browser.login("vera", PASSWORD)   # a viewer may download the proof
    download = browser.get(f"/projects/{world['project_id']}/articles/{article_id}/captures/{capture.id}.warc.gz")
    assert download.status_code == 200 and download.mimetype == "application/warc"
    assert "attachment" in download.headers["Content-Disposition"]
    assert hashlib.sha256(download.data).hexdigest() == capture.warc_sha256


def test_the_page_changes_then_stays_then_disappears(app, browser, world):
    browser.login("anna", PASSWORD)
    with app.app_context():
        article = _import(browser, world)
        lena = db.session.scalar(select(Article.imported_by_id))
        claim = make_claim(article, db.session.get(type(article.imported_by), lena),
                           "26 ISIS militants have been killed near Raqqa")
        claim_id, article_id = claim.id, article.id

        world["routes"]["/story"] = reply(body=SECOND)
        response, job = _fetch_again(browser, world, article_id)
        assert response.status_code == 302 and job.status == "done", job.message
        assert "revision 2: 1 changed" in job.message
        revision = db.session.scalars(select(ArticleRevision)).one()
        assert (revision.number, revision.how) == (2, "fetch") and "23 ISIS" in revision.text
        claim = db.session.get(Claim, claim_id)
        assert (claim.revision, claim.anchor_state) == (2, "changed") and claim.quote.startswith("23 ISIS")
        article = db.session.get(Article, article_id)
        assert article.revision == 2 and article.attention == "changed"
        captures = db.session.scalars(select(ArticleCapture).order_by(ArticleCapture.id)).all()
        assert [c.revision for c in captures] == [1, 2] and _records(captures[1].warc)[1][3] == SECOND

        _response, job = _fetch_again(browser, world, article_id)          # the same page again
        assert job.status == "done" and "unchanged since revision 2" in job.message
        assert db.session.scalar(select(Article.revision)) == 2
        assert len(db.session.scalars(select(ArticleCapture)).all()) == 2   # nothing new to prove

        world["routes"]["/story"] = reply(410, body=b"Gone")
        _response, job = _fetch_again(browser, world, article_id)
        assert job.status == "done" and "removed on" in job.message and "410" in job.message
        article = db.session.get(Article, article_id)
        assert article.removed_at is not None and "410 Gone" in article.removed_reason
        assert article.attention == "removed" and article.revision == 2
        gone = db.session.scalars(select(ArticleCapture).order_by(ArticleCapture.id.desc())).first()
        assert (gone.status, gone.revision) == (410, None)
        assert _records(gone.warc)[1][2].get_statuscode() == "410"
        assert db.session.scalar(select(ArticleEvent.action).where(ArticleEvent.action == "removed")) == "removed"

        world["routes"]["/story"] = reply(body=SECOND)                     # it comes back
        _response, job = _fetch_again(browser, world, article_id)
        article = db.session.get(Article, article_id)
        assert job.status == "done" and article.removed_at is None and article.attention == ""


@pytest.mark.parametrize("answer, reason", [
    (reply(404, body=b"Not here"), "404 Not Found"),
    (reply(body=b"<html><body><nav>Home | About</nav></body></html>"), "main text vanished"),
])
def test_a_page_that_is_gone_is_recorded_as_removed(app, browser, world, answer, reason):
    browser.login("anna", PASSWORD)
    with app.app_context():
        article = _import(browser, world)
        world["routes"]["/story"] = answer
        _response, job = _fetch_again(browser, world, article.id)
        article = db.session.get(Article, article.id)
        assert job.status == "done" and reason in article.removed_reason and article.revision == 1
    page = browser.get(f"/projects/{world['project_id']}/articles/{article.id}/revisions/").get_data(as_text=True)
    assert "Removed from its address on" in page


def test_a_failed_fetch_records_nothing(app, browser, world):
    browser.login("anna", PASSWORD)
    with app.app_context():
        article = _import(browser, world)
        world["routes"]["/story"] = reply(503, body=b"busy")
        _response, job = _fetch_again(browser, world, article.id)
        assert job.status == "failed" and "503" in job.message
        article = db.session.get(Article, article.id)
        assert article.removed_at is None and article.revision == 1 and article.attention == ""
        assert len(db.session.scalars(select(ArticleCapture)).all()) == 1


def test_a_compressed_answer_is_kept_compressed_with_its_headers(app, browser, world):
    world["routes"]["/story"] = reply(body=gzip.compress(FIRST), headers={"Content-Encoding": "gzip"})
    browser.login("anna", PASSWORD)
    with app.app_context():
        _import(browser, world)
        capture = db.session.scalars(select(ArticleCapture)).one()
        record = next(r for r in ArchiveIterator(io.BytesIO(capture.warc)) if r.rec_type == "response")
        assert record.http_headers.get_header("Content-Encoding") == "gzip"
        assert gzip.decompress(record.raw_stream.read()) == FIRST         # as received
        record = next(r for r in ArchiveIterator(io.BytesIO(capture.warc)) if r.rec_type == "response")
        assert record.content_stream().read() == FIRST                     # warcio undoes it


def test_only_who_may_edit_fetches_again_and_never_without_its_token(app, browser, world):
    browser.login("anna", PASSWORD)
    with app.app_context():
        article_id = _import(browser, world).id
    base = f"/projects/{world['project_id']}/articles/{article_id}"
    assert browser.client.post(f"{base}/captures/fetch").status_code == 400      # no CSRF token
    browser.login("vera", PASSWORD)
    assert browser.post(f"{base}/captures/fetch", {}, form_url=f"{base}/revisions/").status_code == 403
    with app.app_context():
        assert db.session.scalars(select(Job).where(Job.kind == "refetch")).all() == []
