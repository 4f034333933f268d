"""A new revision of an article (issue 12, 1–2) on SQLite and PostgreSQL: stored verbatim with
its own hash, the same text makes none, and every claim is re-anchored in the same transaction
with an event in its trail: moved, changed (both words kept), orphaned."""
import pytest
from sqlalchemy import select

from tests.factories import make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, Claim, ClaimEvent
from webapp.models.revision import ArticleRevision, ClaimAnchor
from webapp.revisions import store, texts
from webapp.services.articles import content_hash
from webapp.services.errors import Invalid

FIRST = ("Thus far, 26 ISIS militants have been killed and dozens more injured, a Swedish "
         "foreign fighter operating in SDF ranks said. Residents described long queues for "
         "bread. The road to Tabqa remains closed, aid groups said.")
SECOND = ("Update: the monitor revised its account. Thus far, 23 ISIS militants have been "
          "killed and dozens more injured, a Swedish foreign fighter operating in SDF ranks "
          "said. The road to Tabqa remains closed, aid groups said.")


def _world():
    lena = make_user("lena")
    project = make_project(lena)
    article = make_article(project, lena, FIRST)
    figure = make_claim(article, lena, "26 ISIS militants have been killed and dozens more injured")
    bread = make_claim(article, lena, "Residents described long queues for bread")
    road = make_claim(article, lena, "The road to Tabqa remains closed")
    return lena, article, figure.id, bread.id, road.id


def test_a_new_text_is_a_revision_and_each_claim_follows_it(app):
    with app.app_context():
        lena, article, figure, bread, road = _world()
        outcome = store.add_revision(article, SECOND, lena, "upload")
        db.session.commit()
        assert outcome.revision.number == 2 and article.revision == 2
        row = db.session.scalar(select(ArticleRevision))
        assert row.text == SECOND and row.content_hash == content_hash(SECOND)
        assert db.session.get(Article, article.id).text == FIRST          # never rewritten
        claims = {c.id: c for c in db.session.scalars(select(Claim))}
        assert claims[figure].anchor_state == "changed" and claims[figure].revision == 2
        assert claims[figure].quote == "23 ISIS militants have been killed and dozens more injured"
        assert SECOND[claims[figure].start_offset:claims[figure].end_offset] == claims[figure].quote
        assert (claims[road].anchor_state, claims[road].revision) == ("moved", 2)
        assert SECOND[claims[road].start_offset:claims[road].end_offset] == "The road to Tabqa remains closed"
        assert (claims[bread].anchor_state, claims[bread].revision) == ("orphaned", 1)
        assert FIRST[claims[bread].start_offset:claims[bread].end_offset] == claims[bread].quote
        event = db.session.scalars(select(ClaimEvent).where(
            ClaimEvent.claim_id == figure, ClaimEvent.action == "reanchored")).one()
        assert event.changes["quote"] == ["26 ISIS militants have been killed and dozens more injured",
                                          "23 ISIS militants have been killed and dozens more injured"]
        assert event.changes["revision"] == [1, 2] and event.changes["anchor_state"] == ["", "changed"]
        anchors = db.session.execute(select(ClaimAnchor.revision, ClaimAnchor.state).where(
            ClaimAnchor.claim_id == bread).order_by(ClaimAnchor.revision)).all()
        assert [tuple(a) for a in anchors] == [(1, "marked"), (2, "orphaned")]
        assert outcome.count("orphaned") == 1 and outcome.count("changed") == 1


def test_the_same_text_again_makes_no_revision(app):
    with app.app_context():
        lena, article, *_ = _world()
        assert store.add_revision(article, FIRST, lena) is None
        store.add_revision(article, SECOND, lena)
        assert store.add_revision(article, SECOND, lena) is None
        db.session.commit()
        assert [r.number for r in texts.list_revisions(article)] == [1, 2]


def test_an_orphan_comes_back_when_a_later_revision_restores_its_words(app):
    with app.app_context():
        lena, article, _figure, bread, _road = _world()
        store.add_revision(article, SECOND, lena)
        store.add_revision(article, SECOND + " Residents described long queues for bread.", lena)
        db.session.commit()
        claim = db.session.get(Claim, bread)
        assert (claim.revision, claim.anchor_state) == (3, "moved")


def test_an_empty_version_is_refused_and_nothing_is_stored(app):
    with app.app_context():
        lena, article, *_ = _world()
        with pytest.raises(Invalid):
            store.add_revision(article, "   ", lena)
        db.session.rollback()
        assert db.session.scalar(select(ArticleRevision)) is None


def test_a_changed_claim_waits_for_a_person_through_later_revisions(app):
    with app.app_context():
        lena, article, figure, *_ = _world()
        store.add_revision(article, SECOND, lena, "upload")
        store.add_revision(article, SECOND + " Editor's note: updated.", lena, "upload")
        db.session.commit()
        claim = db.session.get(Claim, figure)
        assert (claim.anchor_state, claim.revision) == ("changed", 3)   # not "unchanged": unresolved
        states = db.session.execute(select(ClaimAnchor.revision, ClaimAnchor.state).where(
            ClaimAnchor.claim_id == figure).order_by(ClaimAnchor.revision)).all()
        assert [tuple(s) for s in states] == [(1, "marked"), (2, "changed"), (3, "unchanged")]
        claim.anchor_finding, claim.anchor_finding_revision = "changed", 2   # a person resolved it
        store.add_revision(article, SECOND + " Editor's note: updated twice.", lena, "upload")
        db.session.commit()
        assert db.session.get(Claim, figure).anchor_state == "unchanged"
