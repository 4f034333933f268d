"""A changed figure changes a cluster's range and grade (issue 12): when a new revision changes
a claim's quote ("26" became "23") and its figures were read from that quote, they are read
again from the new one in the same transaction, the change is in the claim's trail, and its
cluster follows. Figures a person typed or edited stay. On SQLite and PostgreSQL."""
import pytest
from sqlalchemy import select

from tests.factories import make_claim, make_project, make_user
from webapp.corroboration import clusters
from webapp.extensions import db
from webapp.models import Claim, ClaimCluster, ClaimEvent
from webapp.revisions import store
from webapp.services import articles as article_service

FIRST = ("Thus far, 26 ISIS militants have been killed, a Swedish foreign fighter operating in "
         "SDF ranks said. The road to Tabqa remains closed, aid groups said.")
SECOND = ("Update: the monitor revised its account. Thus far, 23 ISIS militants have been "
          "killed, a Swedish foreign fighter operating in SDF ranks said. The road to Tabqa "
          "remains closed, aid groups said.")
QUOTE, NEW_QUOTE = "26 ISIS militants have been killed", "23 ISIS militants have been killed"
OTHER = "Monitors in the city said 21 ISIS militants had been killed near the dam on Thursday."
KILLED = "killed · combatants"


def _article(project, user, text, outlet):
    article = article_service.import_text(project.id, user, text, article_service.Provenance(
        title=f"Report of {outlet}", site_name=outlet))
    db.session.commit()
    return article


def _world(figure: dict):
    """A report at ANHA with ``figure`` and one at Hawar saying 21, in one cluster."""
    lena = make_user("lena")
    project = make_project(lena)
    article = _article(project, lena, FIRST, "ANHA")
    claim = make_claim(article, lena, QUOTE, structured_figures=[figure])
    other = make_claim(_article(project, lena, OTHER, "Hawar"), lena, "21 ISIS militants had been killed",
                       structured_figures=[{"text": "21 ISIS militants killed"}])
    clusters.link(claim, other, lena)
    db.session.commit()
    return lena, article, claim.id


def _range(claim_id: int) -> tuple[int, int]:
    _rows, assessment = clusters.assess(clusters.cluster_of(claim_id).id)
    return assessment.ranges[KILLED]["min"], assessment.ranges[KILLED]["max"]


def _reanchored(claim_id: int) -> dict:
    return db.session.scalars(select(ClaimEvent.changes).where(
        ClaimEvent.claim_id == claim_id, ClaimEvent.action == "reanchored")).one()


def test_figures_read_from_the_quote_follow_it_and_the_cluster_follows(app):
    with app.app_context():
        lena, article, claim_id = _world({"text": QUOTE})
        cluster = db.session.scalar(select(ClaimCluster))
        assert (cluster.grade, _range(claim_id)) == ("contested", (21, 26))   # 26 against 21
        store.add_revision(article, SECOND, lena, "upload")
        db.session.commit()
        claim = db.session.get(Claim, claim_id)
        assert (claim.anchor_state, claim.quote) == ("changed", NEW_QUOTE)
        after = {"kind": "exact", "low": 23, "high": 23, "term": "", "counts": "killed",
                 "who": "combatants", "text": NEW_QUOTE}
        assert claim.structured_figures == [after]
        before, recorded = _reanchored(claim_id)["structured_figures"]
        assert (before[0]["low"], before[0]["text"], recorded) == (26, QUOTE, [after])
        cluster = db.session.scalar(select(ClaimCluster))
        assert (cluster.grade, _range(claim_id)) == ("corroborated", (21, 23))  # 23 and 21 agree


@pytest.mark.parametrize("figure", [
    {"text": "26 ISIS fighters killed"},                  # typed in the researcher's words
    {"text": QUOTE, "who": "civilians"},                  # read from the quote, then edited
])
def test_figures_a_person_typed_or_edited_stay(app, figure):
    with app.app_context():
        lena, article, claim_id = _world(figure)
        before = db.session.get(Claim, claim_id).structured_figures
        store.add_revision(article, SECOND, lena, "upload")
        db.session.commit()
        claim = db.session.get(Claim, claim_id)
        assert (claim.anchor_state, claim.structured_figures) == ("changed", before)
        assert "structured_figures" not in _reanchored(claim_id)


def test_a_quote_that_no_longer_reads_as_one_figure_leaves_them_for_a_person(app):
    with app.app_context():
        lena, article, claim_id = _world({"text": QUOTE})
        before = db.session.get(Claim, claim_id).structured_figures
        store.add_revision(article, FIRST.replace("26", "26 or 27"), lena, "upload")
        db.session.commit()
        claim = db.session.get(Claim, claim_id)
        assert claim.quote != QUOTE and claim.structured_figures == before
        assert "structured_figures" not in _reanchored(claim_id)


def test_a_claim_that_only_moved_keeps_its_figures_without_an_entry(app):
    with app.app_context():
        lena, article, claim_id = _world({"text": QUOTE})
        store.add_revision(article, "Breaking. " + FIRST, lena, "upload")
        db.session.commit()
        assert db.session.get(Claim, claim_id).structured_figures[0]["low"] == 26
        assert "structured_figures" not in _reanchored(claim_id)
