"""The project archive carries every revision and where each claim was found in each (issue 12,
5): its round trip is lossless — the imported article has the same revisions, verbatim with
their hashes, and every claim the same revision, state, offsets and anchors."""
from sqlalchemy import select

from tests.factories import make_user
from webapp.extensions import db
from webapp.interop.archive import read_archive, write_archive
from webapp.models import Article, Claim, ClaimAnchor
from webapp.revisions import store, texts

from .test_store import SECOND, _world


def _picture(project_id: int) -> dict:
    article = db.session.scalar(select(Article).where(Article.project_id == project_id))
    claims = db.session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.quote)).all()
    return {
        "revisions": [(r.number, r.text, r.content_hash, r.how) for r in texts.list_revisions(article)],
        "claims": [(c.quote, c.revision, c.anchor_state, c.start_offset, c.end_offset) for c in claims],
        "anchors": sorted((a.revision, a.state, a.start_offset, a.end_offset, a.quote) for a in db.session.scalars(
            select(ClaimAnchor).where(ClaimAnchor.claim_id.in_([c.id for c in claims])))),
    }


def test_revisions_and_anchors_survive_the_archive(app):
    with app.app_context():
        lena, article, *_ = _world()
        store.add_revision(article, SECOND, lena)
        db.session.commit()
        before = _picture(article.project_id)
        assert len(before["revisions"]) == 2 and len(before["anchors"]) == 6
        lines = list(write_archive(article.project_id, lena, "lead"))
        project, _report = read_archive(lines, "Imported", make_user("ines"))
        db.session.commit()
        assert _picture(project.id) == before


def _exchange(body: bytes):
    from datetime import datetime, timezone

    from webapp.services.fetch import Exchange
    return Exchange(url="https://news.example/story", started_at=datetime(2026, 5, 2, 9, 30, tzinfo=timezone.utc),
                    request_line="GET /story HTTP/1.1", request_headers=[("Host", "news.example")],
                    http_version="HTTP/1.1", status=200, reason="OK",
                    response_headers=[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
                    body=body)


def test_proof_of_capture_removal_findings_and_settings_survive_the_archive(app):
    import json

    import pytest

    from webapp.models import Project
    from webapp.models.revision import ArticleCapture
    from webapp.models._time import utcnow
    from webapp.revisions import capture
    from webapp.services.errors import Invalid

    with app.app_context():
        lena, article, figure, *_ = _world()
        article.url = "https://news.example/story"
        capture.store_capture(article, _exchange(b"<html>the page as received</html>"), 1, "fetch")
        article.removed_at, article.removed_reason, article.attention = utcnow(), "the server answered 410 Gone", "removed"
        claim = db.session.get(Claim, figure)
        claim.anchor_finding, claim.anchor_finding_revision = "removed", 1
        project = db.session.get(Project, article.project_id)
        project.watch_new, project.watch_min_minutes, project.same_url_import = True, 45, "article"
        db.session.commit()
        lines = list(write_archive(article.project_id, lena, "lead"))
        copy, _report = read_archive(lines, "Imported", make_user("ines"))
        db.session.commit()
        twin = db.session.scalar(select(Article).where(Article.project_id == copy.id))
        assert (twin.removed_reason, twin.attention) == ("the server answered 410 Gone", "removed")
        assert twin.removed_at is not None
        proof = db.session.scalars(select(ArticleCapture).where(ArticleCapture.article_id == twin.id)).one()
        original = db.session.scalars(select(ArticleCapture).where(ArticleCapture.article_id == article.id)).one()
        assert (proof.warc, proof.warc_sha256, proof.payload_sha256, proof.url, proof.revision) == (
            original.warc, original.warc_sha256, original.payload_sha256, original.url, 1)
        found = db.session.scalars(select(Claim).where(Claim.project_id == copy.id,
                                                       Claim.anchor_finding != "")).one()
        assert (found.anchor_finding, found.anchor_finding_revision) == ("removed", 1)
        assert (copy.watch_new, copy.watch_min_minutes, copy.same_url_import) == (True, 45, "article")

        tampered = []
        for text in lines:   # one byte of the proof changed: refused, nothing stored
            record = json.loads(text)
            if record.get("type") == "article" and record.get("captures"):
                record["captures"][0]["warc"] = record["captures"][0]["warc"][:-8] + "AAAAAAA="
            tampered.append(json.dumps(record) + "\n")
        with pytest.raises(Invalid, match="does not match its SHA-256"):
            read_archive(tampered, "Tampered", make_user("ivo"))
        db.session.rollback()


def test_a_stub_page_is_vanished_text_but_a_short_article_is_not():
    from webapp.revisions.refetch import vanished

    long_before = " ".join(["word"] * 300)
    assert vanished("", long_before)
    assert vanished("This story is no longer available. Home | About", long_before)
    assert not vanished("Only a short brief of twelve words here, as it was before.",
                        "Only a short brief of eleven words, as it was before.")
    assert not vanished(" ".join(["word"] * 40), long_before)
