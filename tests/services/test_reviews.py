"""Second review ("four eyes"): the state machine, who may review, one event per step and none
for a refusal, stale versions, and which final statuses count."""
import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent, ClaimEvidence
from webapp.services import claims as claim_service
from webapp.services import reviews
from webapp.services.assignments import update_settings
from webapp.services.errors import EditConflict, Invalid, NotAllowed
from tests.factories import add_member, make_article, make_claim, make_project, make_user

QUOTE = "26 ISIS militants"
EVIDENCE = {"stance": "supports", "url": "https://example.org/report"}


def _events(claim_id):
    return list(db.session.scalars(
        select(ClaimEvent).where(ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.id)))


def _team(required=True):
    """A lead, two annotators (anna marks claims, omar reviews them) and a viewer."""
    lead, anna, omar, vera = (make_user(n) for n in ("lena", "anna", "omar", "vera"))
    project = make_project(lead)
    add_member(project, anna, "annotator")
    add_member(project, omar, "annotator")
    add_member(project, vera, "viewer")
    if required:
        update_settings(project, True, True)
        db.session.commit()
    article = make_article(project, lead)
    return project, article, lead, anna, omar, vera


def _pending(article, author):
    claim = make_claim(article, author, QUOTE, status="unconfirmed", rationale="Looked, found nothing.")
    assert claim.review_state == "pending"
    return claim


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


# The table in the module docstring, row by row: (state, final, status changed) -> after,
# with the setting on (R) and off.
TABLE = [
    ("sent_back", False, True, "sent_back", "sent_back"),
    ("sent_back", False, False, "sent_back", "sent_back"),
    ("", False, True, "", ""), ("pending", False, True, "", ""),
    ("accepted", False, True, "", ""), ("changed", False, True, "", ""),
    ("", True, True, "pending", ""), ("pending", True, True, "pending", ""),
    ("accepted", True, True, "pending", ""), ("changed", True, True, "pending", ""),
    ("sent_back", True, True, "pending", ""),
    ("", True, False, "pending", ""), ("sent_back", True, False, "pending", ""),
    ("pending", True, False, "pending", "pending"), ("accepted", True, False, "accepted", "accepted"),
    ("changed", True, False, "changed", "changed"),
]


@pytest.mark.parametrize("state,final,status_changed,when_required,when_not", TABLE)
def test_state_machine(state, final, status_changed, when_required, when_not):
    assert reviews.next_state(state, True, final, status_changed) == when_required
    assert reviews.next_state(state, False, final, status_changed) == when_not


def test_final_status_asks_for_second_review_only_when_the_project_requires_it(ctx):
    project, article, lead, anna, *_ = _team(required=False)
    claim = make_claim(article, anna, QUOTE, status="unconfirmed", rationale="Looked.")
    assert claim.review_state == "" and reviews.counts_as_final(claim)
    update_settings(project, True, True)
    db.session.commit()
    # Turned on later: the old verdict awaits review and does not count until reviewed.
    assert claim.review_state == "" and reviews.awaits_review(claim)
    assert not reviews.counts_as_final(claim)
    other = make_claim(article, anna, "a fighter said", status="in_progress")
    assert other.review_state == "" and not reviews.awaits_review(other)
    claim_service.update_claim(other, anna, {"status": "unconfirmed", "rationale": "Looked."}, 1)
    db.session.commit()
    assert other.review_state == "pending"
    assert _events(other.id)[-1].changes["review_state"] == ["", "pending"]


def test_created_event_records_the_pending_state(ctx):
    _project, article, _lead, anna, *_ = _team()
    claim = _pending(article, anna)
    [created] = _events(claim.id)
    assert created.changes["review_state"] == [None, "pending"]


def test_accept_writes_one_event_bumps_the_version_and_counts(ctx):
    _project, article, _lead, anna, omar, _vera = _team()
    claim = _pending(article, anna)
    assert not reviews.counts_as_final(claim)
    before = len(_events(claim.id))
    event = reviews.accept(claim, omar, "annotator", claim.version, "Checked the sources.")
    db.session.commit()
    assert claim.review_state == "accepted" and claim.second_reviewer_id == omar.id
    assert claim.version == 2 and event.version == 2
    assert len(_events(claim.id)) == before + 1
    assert event.action == "second_review_accepted" and event.reason == "Checked the sources."
    assert event.changes == {"review_state": ["pending", "accepted"],
                             "second_reviewer_id": [None, omar.id]}
    assert claim.status == "unconfirmed" and claim.last_reviewed_by_id == anna.id
    assert reviews.counts_as_final(claim)


def test_editing_the_status_of_an_accepted_claim_makes_it_pending_again(ctx):
    _project, article, _lead, anna, omar, _vera = _team()
    claim = _pending(article, anna)
    reviews.accept(claim, omar, "annotator", 1)
    db.session.commit()
    claim_service.update_claim(claim, anna, {"statement": "26 were killed"}, 2)
    db.session.commit()
    assert claim.review_state == "accepted"  # the status did not change
    claim_service.update_claim(claim, anna, {"status": "unverifiable", "rationale": "No access."}, 3)
    db.session.commit()
    assert claim.review_state == "pending" and claim.second_reviewer_id is None
    event = _events(claim.id)[-1]
    assert event.action == "status_changed"
    assert event.changes["review_state"] == ["accepted", "pending"]
    assert event.changes["second_reviewer_id"] == [omar.id, None]
    # Nothing of the earlier verdict is lost.
    assert [e.action for e in _events(claim.id)] == [
        "created", "second_review_accepted", "edited", "status_changed"]


def test_change_replaces_the_verdict_in_one_event_with_its_evidence(ctx):
    _project, article, _lead, anna, omar, _vera = _team()
    claim = _pending(article, anna)
    event = reviews.change(claim, omar, "annotator", 1, "false", "The UN report contradicts it.",
                           "See the report.", {"stance": "contradicts", "reference": "UN report"})
    db.session.commit()
    assert (claim.status, claim.review_state, claim.second_reviewer_id) == ("false", "changed", omar.id)
    assert claim.last_reviewed_by_id == omar.id and claim.version == 2
    assert [e.action for e in _events(claim.id)] == ["created", "second_review_changed"]
    assert event.changes["status"] == ["unconfirmed", "false"]
    assert event.changes["rationale"] == ["Looked, found nothing.", "The UN report contradicts it."]
    assert event.changes["review_state"] == ["pending", "changed"]
    assert event.changes["evidence"][1]["stance"] == "contradicts"
    assert event.reason == "See the report." and reviews.counts_as_final(claim)


def test_change_follows_the_evidence_rules_and_writes_nothing_when_refused(ctx):
    _project, article, _lead, anna, omar, _vera = _team()
    claim = _pending(article, anna)
    with pytest.raises(Invalid, match="evidence"):
        reviews.change(claim, omar, "annotator", 1, "false", "Contradicted.")
    db.session.rollback()
    with pytest.raises(Invalid, match="rationale"):
        reviews.change(claim, omar, "annotator", 1, "unverifiable", "  ")
    db.session.rollback()
    with pytest.raises(Invalid, match="final status"):
        reviews.change(claim, omar, "annotator", 1, "in_progress", "Not sure.")
    db.session.rollback()
    with pytest.raises(Invalid, match="accept it instead"):
        reviews.change(claim, omar, "annotator", 1, "unconfirmed", "Looked, found nothing.")
    db.session.rollback()
    claim = db.session.get(Claim, claim.id)
    assert (claim.status, claim.review_state, claim.version) == ("unconfirmed", "pending", 1)
    assert len(_events(claim.id)) == 1 and _count(ClaimEvidence) == 0


def test_send_back_needs_a_comment_and_returns_to_pending_when_the_author_saves(ctx):
    _project, article, _lead, anna, omar, _vera = _team()
    claim = _pending(article, anna)
    with pytest.raises(Invalid, match="comment"):
        reviews.send_back(claim, omar, "annotator", 1, "   ")
    db.session.rollback()
    event = reviews.send_back(claim, omar, "annotator", 1, "Which report?\nPlease link it.")
    db.session.commit()
    assert (claim.review_state, claim.second_reviewer_id, claim.version) == ("sent_back", omar.id, 2)
    assert event.action == "sent_back" and event.reason == "Which report?\nPlease link it."
    assert event.changes == {"review_state": ["pending", "sent_back"],
                             "second_reviewer_id": [None, omar.id]}
    assert not reviews.counts_as_final(claim)
    # Working on it (not final) keeps it the author's; saving it final asks for review again.
    claim_service.update_claim(claim, anna, {"status": "in_progress"}, 2)
    db.session.commit()
    assert claim.review_state == "sent_back"
    claim_service.update_claim(claim, anna, {"status": "unconfirmed"}, 3)
    db.session.commit()
    assert claim.review_state == "pending" and claim.second_reviewer_id is None
    # The comment stays readable in the history.
    assert "Which report?\nPlease link it." in [e.reason for e in _events(claim.id)]


def test_the_author_fixing_the_rationale_answers_a_send_back(ctx):
    _project, article, _lead, anna, omar, _vera = _team()
    claim = _pending(article, anna)
    reviews.send_back(claim, omar, "annotator", 1, "Say where you looked.")
    db.session.commit()
    claim_service.update_claim(claim, anna, {"rationale": "Searched UN and SOHR reports."}, 2)
    db.session.commit()
    assert claim.review_state == "pending"


@pytest.mark.parametrize("who", ["author", "status_setter"])
def test_nobody_second_reviews_their_own_verdict(ctx, who):
    _project, article, lead, anna, omar, _vera = _team()
    if who == "author":
        claim, reviewer, role = _pending(article, anna), anna, "annotator"
    else:  # anna marked it, the lead set its final status
        claim = make_claim(article, anna, QUOTE)
        claim_service.update_claim(claim, lead, {"status": "unverifiable", "rationale": "No access."}, 1)
        db.session.commit()
        reviewer, role = lead, "lead"
    version, events = claim.version, len(_events(claim.id))
    for action in (lambda: reviews.accept(claim, reviewer, role, version),
                   lambda: reviews.send_back(claim, reviewer, role, version, "No."),
                   lambda: reviews.change(claim, reviewer, role, version, "unconfirmed", "x")):
        with pytest.raises(Invalid, match="must come from someone else"):
            action()
        db.session.rollback()
    claim = db.session.get(Claim, claim.id)
    assert (claim.review_state, claim.version) == ("pending", version)
    assert len(_events(claim.id)) == events


def test_viewers_do_not_review(ctx):
    _project, article, _lead, anna, _omar, vera = _team()
    claim = _pending(article, anna)
    with pytest.raises(NotAllowed):
        reviews.accept(claim, vera, "viewer", 1)
    db.session.rollback()
    assert reviews.refusal(claim, vera, "viewer") == "Only annotators and leads give second reviews."
    assert len(_events(claim.id)) == 1


def test_no_review_without_a_pending_one(ctx):
    _project, article, _lead, anna, omar, _vera = _team()
    claim = make_claim(article, anna, QUOTE, status="in_progress")
    with pytest.raises(Invalid, match="not waiting for a second review"):
        reviews.accept(claim, omar, "annotator", 1)
    db.session.rollback()
    claim = make_claim(article, anna, "a fighter said", status="unconfirmed", rationale="Looked.")
    reviews.accept(claim, omar, "annotator", 1)
    db.session.commit()
    with pytest.raises(Invalid, match="not waiting"):
        reviews.accept(claim, make_user("lars"), "lead", 2)
    db.session.rollback()
    assert len(_events(claim.id)) == 2


def test_stale_version_is_refused_and_nothing_is_written(ctx):
    _project, article, lead, anna, omar, _vera = _team()
    claim = _pending(article, anna)
    claim_service.update_claim(claim, anna, {"statement": "edited meanwhile"}, 1)
    db.session.commit()
    with pytest.raises(EditConflict) as conflict:
        reviews.accept(claim, omar, "annotator", 1)
    db.session.rollback()
    assert conflict.value.current_version == 2
    assert [e.action for e in conflict.value.newer_events] == ["edited"]
    claim = db.session.get(Claim, claim.id)
    assert (claim.review_state, claim.version, len(_events(claim.id))) == ("pending", 2, 2)


def test_counting_as_final_in_sql_agrees_with_the_rule(ctx):
    project, article, _lead, anna, omar, _vera = _team()
    accepted = _pending(article, anna)
    reviews.accept(accepted, omar, "annotator", 1)
    _pending(article, anna)  # a second claim, still pending
    make_claim(article, anna, "a fighter", status="in_progress")
    db.session.commit()
    claims = db.session.scalars(select(Claim)).all()
    counted = set(db.session.scalars(select(Claim.id).where(reviews.counting_as_final(True))))
    assert counted == {c.id for c in claims if reviews.counts_as_final(c, True)} == {accepted.id}
    not_required = set(db.session.scalars(select(Claim.id).where(reviews.counting_as_final(False))))
    assert not_required == {c.id for c in claims if c.status == "unconfirmed"}
