"""Orphans resolved by a person (issue 12, 3) on SQLite and PostgreSQL: the list of orphaned
and changed claims, re-attaching one to words selected in the latest revision (offsets checked,
an event with before → after, its anchor kept), findings (removed / changed in revision N) and
how they read, the optimistic lock, and re-attaching as the way to undo a finding."""
import pytest
from sqlalchemy import select

from tests.factories import make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.models import Claim, ClaimEvent
from webapp.models.revision import ClaimAnchor
from webapp.revisions import findings, orphans, store
from webapp.services.errors import EditConflict, Invalid

from .test_store import FIRST, SECOND

FIGURE = "26 ISIS militants have been killed and dozens more injured"
BREAD = "Residents described long queues for bread"
ROAD = "The road to Tabqa remains closed"
FLOUR = "People waited all day for flour"
THIRD = SECOND.replace(ROAD, f"{FLOUR}. {ROAD}")


def _world():
    lena = make_user("lena")
    project = make_project(lena)
    article = make_article(project, lena, FIRST)
    ids = [make_claim(article, lena, q).id for q in (FIGURE, BREAD, ROAD)]
    store.add_revision(article, SECOND, lena, "upload")
    db.session.commit()
    return lena, project, article, ids


def _claim(claim_id) -> Claim:
    return db.session.get(Claim, claim_id)


def test_the_orphans_are_the_orphaned_and_changed_claims_with_their_words(app):
    with app.app_context():
        lena, project, article, (figure, bread, road) = _world()
        rows, total = orphans.list_orphans(project.id, lena, "lead")
        assert total == 2 and {r.claim_id: r.state for r in rows} == {figure: "changed", bread: "orphaned"}
        changed = next(r for r in rows if r.claim_id == figure)
        assert (changed.old_quote, changed.new_quote, changed.since) == (FIGURE, FIGURE.replace("26", "23"), 2)
        assert changed.words == ("26", "23") and not changed.in_old_place
        orphan = next(r for r in rows if r.claim_id == bread)
        assert (orphan.old_quote, orphan.new_quote, orphan.revision, orphan.latest, orphan.since) == (
            BREAD, "", 1, 2, 2)
        assert orphans.list_orphans(project.id, lena, "lead", page=2, per_page=1)[0][0].claim_id in (figure, bread)


def test_a_person_reattaches_an_orphan_to_the_words_they_select(app):
    with app.app_context():
        lena, project, article, (figure, bread, road) = _world()
        store.add_revision(article, THIRD, lena, "upload")
        db.session.commit()
        claim = _claim(bread)
        assert (claim.anchor_state, claim.revision) == ("orphaned", 1)
        start = THIRD.index(FLOUR)
        # The spaces at either end of a selection are left out, as in the reading view.
        event = orphans.reattach(claim, lena, start - 1, start + len(FLOUR), 3, claim.version, "reworded")
        db.session.commit()
        claim = _claim(bread)
        assert (claim.revision, claim.anchor_state, claim.quote) == (3, "reattached", FLOUR)
        assert (claim.start_offset, claim.end_offset) == (start, start + len(FLOUR))
        assert claim.prefix == THIRD[start - 32:start] and claim.suffix == THIRD[start + len(FLOUR):][:32]
        assert event.action == "reattached" and event.reason == "reworded"
        assert event.changes["quote"] == [BREAD, FLOUR] and event.changes["revision"] == [1, 3]
        assert event.changes["anchor_state"] == ["orphaned", "reattached"]
        anchor = db.session.scalar(select(ClaimAnchor).where(ClaimAnchor.claim_id == bread,
                                                             ClaimAnchor.revision == 3))
        assert (anchor.state, anchor.start_offset, anchor.quote) == ("reattached", start, FLOUR)
        assert "Lena" in anchor.how
        # Revision 3 kept the figure as revision 2 changed it: it still waits, as changed in 2.
        left, count = orphans.list_orphans(project.id, lena, "lead", article_id=article.id)
        assert count == 1 and (left[0].claim_id, left[0].state, left[0].since) == (figure, "changed", 2)
        assert left[0].old_quote.startswith("26") and left[0].new_quote.startswith("23")


@pytest.mark.parametrize("span, number, message", [
    ((-1, 5), 2, "is not a span"), ((5, 5), 2, "is not a span"), ((0, 10**6), 2, "is not a span"),
    (("0", "5"), 2, "is not a span"), ("spaces", 2, "only spaces"), ((0, 5), 1, "newer revision")])
def test_a_selection_that_is_not_words_of_the_latest_revision_is_refused(app, span, number, message):
    with app.app_context():
        lena, project, article, (figure, bread, road) = _world()
        claim = _claim(bread)
        if span == "spaces":
            at = SECOND.index("  ") if "  " in SECOND else SECOND.index(" ")
            span = (at, at + 1)
        with pytest.raises(Invalid) as refused:
            orphans.reattach(claim, lena, *span, number, claim.version)
        assert message in refused.value.message
        db.session.rollback()
        claim = _claim(bread)
        assert (claim.anchor_state, claim.revision, claim.quote) == ("orphaned", 1, BREAD)


def test_a_stale_version_and_a_claim_with_nothing_to_resolve_are_refused(app):
    with app.app_context():
        lena, project, article, (figure, bread, road) = _world()
        claim = _claim(bread)
        with pytest.raises(EditConflict):
            orphans.reattach(claim, lena, 0, 6, 2, claim.version - 1)
        with pytest.raises(EditConflict):
            orphans.record_finding(claim, lena, "removed", 2, claim.version - 1)
        moved = _claim(road)
        with pytest.raises(Invalid, match="nothing to re-attach"):
            orphans.reattach(moved, lena, 0, 6, 2, moved.version)
        with pytest.raises(Invalid, match="orphaned"):
            orphans.record_finding(moved, lena, "removed", 2, moved.version)
        with pytest.raises(Invalid, match="re-attach it to them first"):
            orphans.record_finding(claim, lena, "changed", 2, claim.version)
        with pytest.raises(Invalid, match="later revision"):
            orphans.record_finding(claim, lena, "removed", 3, claim.version)
        with pytest.raises(Invalid):
            orphans.record_finding(claim, lena, "invented", 2, claim.version)


def test_findings_are_kept_on_the_claim_and_read_as_people_write_them(app):
    with app.app_context():
        lena, project, article, (figure, bread, road) = _world()
        orphan, changed = _claim(bread), _claim(figure)
        orphans.record_finding(orphan, lena, "removed", 2, orphan.version, "the bread line is gone")
        event = orphans.record_finding(changed, lena, "changed", 2, changed.version)
        db.session.commit()
        assert event.changes == {"anchor_finding": ["", "changed"], "anchor_finding_revision": [None, 2],
                                 "quote": [FIGURE, FIGURE.replace("26", "23")]}
        orphan, changed = _claim(bread), _claim(figure)
        assert (orphan.anchor_finding, orphan.anchor_finding_revision) == ("removed", 2)
        removed = findings.finding_of(orphan)
        assert removed.text.startswith("Removed in revision 2 on ") and removed.captured_at is not None
        assert findings.finding_of(changed).text == "Changed in revision 2: “26” became “23”"
        assert findings.finding_of(_claim(road)) is None
        assert orphans.list_orphans(project.id, lena, "lead", article_id=article.id) == ([], 0)
        actions = db.session.scalars(select(ClaimEvent.action).where(ClaimEvent.claim_id == bread)
                                     .order_by(ClaimEvent.id)).all()
        assert actions[-1] == "anchor_finding"


def test_reattaching_undoes_a_finding_and_can_record_changed_words(app):
    with app.app_context():
        lena, project, article, (figure, bread, road) = _world()
        claim = _claim(bread)
        orphans.record_finding(claim, lena, "removed", 2, claim.version)
        db.session.commit()
        store.add_revision(article, THIRD, lena, "upload")
        db.session.commit()
        claim = _claim(bread)
        start = THIRD.index(FLOUR)
        event = orphans.reattach(claim, lena, start, start + len(FLOUR), 3, claim.version)
        assert event.changes["anchor_finding"] == ["removed", ""]
        assert event.changes["anchor_finding_revision"] == [2, None]
        orphans.record_finding(claim, lena, "changed", 3, claim.version)
        db.session.commit()
        claim = _claim(bread)
        assert findings.finding_of(claim).words == (BREAD, FLOUR)


def test_changed_words_name_only_what_changed():
    assert findings.changed_words(FIGURE, FIGURE.replace("26", "23")) == ("26", "23")
    assert findings.changed_words("one two three", "one two three") == ("one two three", "one two three")
    assert findings.changed_words("a b", "") == ("a b", "")
