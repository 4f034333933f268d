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
