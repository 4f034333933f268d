"""Blind double review: set-up rules, the deterministic share, pairing by spans, and
adjudication that keeps both reviewers' judgements (or refuses and writes nothing)."""
import math

import pytest
from sqlalchemy import func, select

from tests.double_review_data import TEXT, double, finish, mark, team
from tests.factories import add_member, make_article, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, ArticleEvent, Assignment, Claim, ClaimEvent
from webapp.services import claims as claim_service
from webapp.services import double_review as service
from webapp.services import sources as source_service
from webapp.services.agreement import cluster_spans, match_spans
from webapp.services.errors import EditConflict, Invalid, NotAllowed

KILLED = "26 ISIS militants have been killed"
KILLED_LONG = "26 ISIS militants have been killed and dozens more injured"
HAMRAT = "The SDF took the village of Hamrat on Thursday"
BRIDGES = "Coalition aircraft struck two bridges"


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _state():
    """Every claim and event row, to prove a refusal wrote nothing."""
    claims = db.session.execute(select(Claim.id, Claim.version, Claim.deleted_at, Claim.source_type,
                                       Claim.merged_into_id).order_by(Claim.id)).all()
    return claims, _count(ClaimEvent), _count(ArticleEvent), _count(Assignment)


# --- set-up ---------------------------------------------------------------------------------

def test_set_up_marks_the_article_assigns_both_and_writes_the_trail(ctx):
    project, lena, anna, omar, _ = team()
    article = double(project, lena, anna, omar)
    assert db.session.get(Article, article.id).double_review is True
    rows = db.session.execute(select(Assignment.assignee_id, Assignment.state, Assignment.assigned_by_id)
                              .where(Assignment.article_id == article.id).order_by(Assignment.id)).all()
    assert rows == [(anna.id, "assigned", lena.id), (omar.id, "assigned", lena.id)]
    events = db.session.execute(select(ArticleEvent.action, ArticleEvent.changes, ArticleEvent.actor_id)
                                .where(ArticleEvent.article_id == article.id).order_by(ArticleEvent.id)).all()
    assert events == [
        ("assigned", {"assignee": [None, "anna"], "state": [None, "assigned"]}, lena.id),
        ("assigned", {"assignee": [None, "omar"], "state": [None, "assigned"]}, lena.id),
        ("double_review_set", {"double_review": [False, True], "reviewers": [None, ["anna", "omar"]]}, lena.id),
    ]


def test_an_existing_assignment_of_a_reviewer_is_kept(ctx):
    project, lena, anna, omar, _ = team()
    article = make_article(project, lena, TEXT)
    db.session.add(Assignment(project_id=project.id, article_id=article.id, assignee_id=anna.id,
                              assigned_by_id=lena.id, state="in_progress"))
    db.session.commit()
    service.set_up_double_review(project.id, lena, "lead", [anna.id, omar.id], [article.id])
    db.session.commit()
    assert db.session.execute(select(Assignment.assignee_id, Assignment.state).where(
        Assignment.article_id == article.id).order_by(Assignment.id)).all() == [
        (anna.id, "in_progress"), (omar.id, "assigned")]


@pytest.mark.parametrize("case,message", [
    ("not a lead", "Only a lead"),
    ("same reviewer twice", "two different reviewers"),
    ("viewer as reviewer", "annotator or lead"),
    ("outsider as reviewer", "annotator or lead"),
    ("article with claims", "already has 1 claim"),
    ("article already double", "already under double review"),
    ("article assigned to someone else", "assigned to lena"),
    ("article of another project", "not in this project"),
    ("nothing chosen", "Choose at least one article"),
    ("both articles and a share", "Choose articles, or give a share"),
])
def test_set_up_refuses_clearly_and_writes_nothing(ctx, case, message):
    project, lena, anna, omar, vera = team()
    article = make_article(project, lena, TEXT)
    oscar = make_user("oscar")
    other = make_article(make_project(oscar, "Other"), lena, TEXT)
    reviewers, ids, role, share = [anna.id, omar.id], [article.id], "lead", None
    if case == "not a lead":
        role = "annotator"
    elif case == "same reviewer twice":
        reviewers = [anna.id, anna.id]
    elif case == "viewer as reviewer":
        reviewers = [anna.id, vera.id]
    elif case == "outsider as reviewer":
        reviewers = [anna.id, oscar.id]
    elif case == "article with claims":
        mark(article, lena, KILLED)
    elif case == "article already double":
        article = double(project, lena, anna, omar, text=TEXT + " Again.")
        ids = [article.id]
    elif case == "article assigned to someone else":
        db.session.add(Assignment(project_id=project.id, article_id=article.id, assignee_id=lena.id,
                                  assigned_by_id=lena.id))
        db.session.commit()
    elif case == "article of another project":
        ids = [other.id]
    elif case == "nothing chosen":
        ids = []
    elif case == "both articles and a share":
        share = 50
    before = _state()
    error = NotAllowed if case == "not a lead" else Invalid
    with pytest.raises(error, match=message):
        service.set_up_double_review(project.id, anna if role != "lead" else lena, role, reviewers,
                                     ids, percentage=share)
    db.session.rollback()
    assert _state() == before


def test_a_share_is_rounded_up_drawn_in_hash_order_and_the_same_every_time(ctx):
    project, lena, anna, omar, _ = team()
    articles = [make_article(project, lena, f"Article number {i} says something new.", title=f"A{i}")
                for i in range(10)]
    busy = articles[0]
    mark(busy, lena, "Article number 0")   # has a claim: cannot be drawn
    eligible = [a.id for a in articles[1:]]
    expected = sorted(eligible, key=lambda i: service.sample_order(project.id, i))[:math.ceil(9 * 30 / 100)]
    assert service.sample(project.id, eligible, 30) == expected
    assert service.sample(project.id, list(reversed(eligible)), 30) == expected  # order-free
    assert len(service.sample(project.id, eligible, 1)) == 1
    assert len(service.sample(project.id, eligible, 100)) == 9
    chosen = service.set_up_double_review(project.id, lena, "lead", [anna.id, omar.id], percentage=30)
    db.session.commit()
    assert sorted(a.id for a in chosen) == sorted(expected)
    assert busy.id not in {a.id for a in chosen}
    # The next share is drawn from what is left, in the same order.
    again = service.set_up_double_review(project.id, lena, "lead", [anna.id, omar.id], percentage=100)
    assert sorted(a.id for a in again) == sorted(set(eligible) - set(expected))


@pytest.mark.parametrize("share", [0, 101, -5])
def test_a_share_must_be_between_1_and_100_percent(ctx, share):
    project, lena, anna, omar, _ = team()
    make_article(project, lena, TEXT)
    with pytest.raises(Invalid, match="between 1 and 100"):
        service.set_up_double_review(project.id, lena, "lead", [anna.id, omar.id], percentage=share)


def test_a_share_with_nothing_eligible_is_refused(ctx):
    project, lena, anna, omar, _ = team()
    with pytest.raises(Invalid, match="No article can start"):
        service.set_up_double_review(project.id, lena, "lead", [anna.id, omar.id], percentage=50)


# --- pairing --------------------------------------------------------------------------------

def test_pairs_overlap_one_to_one_greedy_by_jaccard():
    a = [(1, 0, 10), (2, 20, 30), (3, 50, 60)]
    b = [(11, 0, 9),      # with 1: jaccard 0.9
         (12, 5, 25),     # overlaps 1 (5/25) and 2 (5/25); both are taken by better partners
         (13, 21, 30),    # with 2: jaccard 0.9
         (14, 60, 70)]    # touches 3 at 60 only: no overlap, no pair
    assert sorted(match_spans(a, b)) == [(1, 11), (2, 13)]


def test_a_contested_claim_goes_to_the_closer_span_and_ties_break_by_position_then_id():
    # B's one claim overlaps both of A's; the closer (higher Jaccard) one wins.
    assert match_spans([(1, 0, 10), (2, 8, 30)], [(9, 0, 12)]) == [(1, 9)]
    # Equal Jaccard and overlap: the earlier span wins; at the same place, the lower id.
    assert match_spans([(1, 0, 10), (2, 10, 20)], [(9, 5, 15)]) == [(1, 9)]
    assert match_spans([(2, 0, 10), (1, 0, 10)], [(9, 0, 10)]) == [(1, 9)]


def test_clusters_take_at_most_one_claim_per_reviewer():
    units = cluster_spans({"x": [(1, 0, 10)], "y": [(2, 0, 10), (3, 2, 8)], "z": [(4, 1, 10)]})
    as_sets = sorted(sorted(u.items()) for u in units)
    assert as_sets == [[("x", 1), ("y", 2), ("z", 4)], [("y", 3)]]


# --- comparison -----------------------------------------------------------------------------

def test_compare_pairs_claims_and_lists_what_only_one_found(ctx):
    project, lena, anna, omar, _ = team()
    article = double(project, lena, anna, omar)
    a1 = mark(article, anna, KILLED, source_type="combatant", named="unnamed")
    a2 = mark(article, anna, BRIDGES)
    b1 = mark(article, omar, KILLED_LONG, source_type="media", named="unnamed")
    b2 = mark(article, omar, HAMRAT)
    finish(article, anna)
    comparison = service.compare(article)
    assert comparison.blind and comparison.waiting == ["omar"]
    assert [(p.a.id, p.b.id) for p in comparison.pairs] == [(a1.id, b1.id)]
    pair = comparison.pairs[0]
    assert pair.span_differs
    assert [r.field for r in pair.differences] == ["source_type"]
    assert [r for r in pair.rows if r.field == "source_type"][0].a == "combatant"
    assert [c.id for c in comparison.only_a] == [a2.id]
    assert [c.id for c in comparison.only_b] == [b2.id]
    finish(article)
    assert not service.compare(article).blind


# --- adjudication ---------------------------------------------------------------------------

def _ready_pair():
    project, lena, anna, omar, _ = team()
    source = source_service.create_source(project.id, lena, "A Swedish fighter in SDF ranks", reliability="C")
    db.session.commit()
    article = double(project, lena, anna, omar)
    a = mark(article, anna, KILLED, statement="26 killed", source_type="combatant", named="unnamed",
             credibility="3", source_id=source.id)
    claim_service.add_evidence(a, anna, a.version, stance="supports", url="https://example.org/a")
    b = mark(article, omar, KILLED_LONG, statement="26 killed, dozens injured", source_type="media",
             named="unnamed", credibility="4", status="unconfirmed", rationale="Nothing else found.")
    db.session.commit()
    return project, lena, anna, omar, article, a, b


def test_adjudication_before_both_are_done_is_refused_and_writes_nothing(ctx):
    project, lena, anna, omar, article, a, b = _ready_pair()
    finish(article, anna)
    before = _state()
    with pytest.raises(Invalid, match="The pair is not finished: omar still has to mark the article done"):
        service.adjudicate_pair(article, lena, "lead", a.id, b.id, from_dropped=["source_type"])
    db.session.rollback()
    with pytest.raises(Invalid, match="not finished"):
        service.settle_unpaired(article, lena, "lead", a.id, keep=True)
    db.session.rollback()
    assert _state() == before


def test_only_a_lead_adjudicates(ctx):
    project, lena, anna, omar, article, a, b = _ready_pair()
    finish(article)
    with pytest.raises(NotAllowed):
        service.adjudicate_pair(article, anna, "annotator", a.id, b.id)


def test_adjudication_keeps_one_claim_and_both_judgements_in_its_history(ctx):
    project, lena, anna, omar, article, a, b = _ready_pair()
    finish(article)
    service.adjudicate_pair(article, lena, "lead", a.id, b.id,
                            from_dropped=["source_type", "status", "rationale", "statement"],
                            edits={"credibility": "2"}, versions={a.id: a.version, b.id: b.version},
                            reason="Omar's reading of the source is right")
    db.session.commit()
    kept, dropped = db.session.get(Claim, a.id), db.session.get(Claim, b.id)
    assert (kept.deleted_at, kept.source_type, kept.status, kept.credibility, kept.statement) == (
        None, "media", "unconfirmed", "2", "26 killed, dozens injured")
    assert kept.quote == KILLED                       # A's span was kept
    assert dropped.deleted_at is not None and dropped.merged_into_id == kept.id
    history = claim_service.fetch_history(kept.id)
    assert [e.action for e in history] == ["created", "evidence_added", "adjudicated"]
    judgement = history[-1]
    assert judgement.actor_id == lena.id and judgement.reason == "Omar's reading of the source is right"
    changes = judgement.changes
    assert changes["claim_id"] == [a.id, b.id, a.id]
    assert changes["created_by"] == ["anna", "omar", "anna"]
    assert changes["quote"] == [KILLED, KILLED_LONG, KILLED]
    assert changes["source_type"] == ["combatant", "media", "media"]
    assert changes["status"] == ["unreviewed", "unconfirmed", "unconfirmed"]
    assert changes["credibility"] == ["3", "4", "2"]
    assert changes["named"] == ["unnamed", "unnamed", "unnamed"]
    assert changes["source_reliability"] == ["C", "", "C"]
    assert changes["evidence"] == ["supports: https://example.org/a", "", "supports: https://example.org/a"]
    merged = claim_service.fetch_history(dropped.id)[-1]
    assert (merged.action, merged.changes) == ("merged", {"deleted": [False, True], "merged_into_id": [None, kept.id]})
    # Settled: the pair leaves the comparison, and cannot be adjudicated twice.
    comparison = service.compare(article)
    assert comparison.pairs == [] and [c.id for c in comparison.settled] == [kept.id]
    with pytest.raises(Invalid, match="not an open pair"):
        service.adjudicate_pair(article, lena, "lead", a.id, b.id)


def test_the_kept_claim_takes_the_other_claims_evidence(ctx):
    project, lena, anna, omar, article, a, b = _ready_pair()
    claim_service.add_evidence(b, omar, b.version, stance="contradicts", reference="Omar's report")
    db.session.commit()
    finish(article)
    service.adjudicate_pair(article, lena, "lead", b.id, a.id)
    db.session.commit()
    kept = db.session.get(Claim, b.id)
    assert sorted(lk.stance for lk in kept.evidence_links) == ["contradicts", "supports"]


@pytest.mark.parametrize("case,error,message", [
    ("stale version", EditConflict, "changed by someone else"),
    ("not a pair", Invalid, "not an open pair"),
    ("a field that is not a claim field", Invalid, "Only the claim's fields"),
    ("a final status without evidence", Invalid, "needs at least one piece of evidence"),
])
def test_bad_adjudications_are_refused_and_write_nothing(ctx, case, error, message):
    project, lena, anna, omar, article, a, b = _ready_pair()
    lone = mark(article, anna, BRIDGES)
    finish(article)
    keep, drop, kwargs = a.id, b.id, {}
    if case == "stale version":
        kwargs["versions"] = {a.id: a.version - 1}
    elif case == "not a pair":
        drop = lone.id
    elif case == "a field that is not a claim field":
        kwargs["from_dropped"] = ["created_by_id"]
    elif case == "a final status without evidence":
        keep, drop = b.id, a.id   # omar's claim has no evidence of its own, anna's is taken along
        kwargs["edits"] = {"status": "confirmed"}
        claim_service.remove_evidence(a, anna, a.evidence_links[0].id, a.version)
        db.session.commit()
    before = _state()
    with pytest.raises(error, match=message):
        service.adjudicate_pair(article, lena, "lead", keep, drop, **kwargs)
    db.session.rollback()
    assert _state() == before


def test_unpaired_claims_are_kept_or_dropped_with_a_reason(ctx):
    project, lena, anna, omar, _ = team()
    article = double(project, lena, anna, omar)
    only_a = mark(article, anna, BRIDGES)
    only_b = mark(article, omar, HAMRAT)
    finish(article)
    with pytest.raises(Invalid, match="Say why"):
        service.settle_unpaired(article, lena, "lead", only_b.id, keep=False)
    db.session.rollback()
    service.settle_unpaired(article, lena, "lead", only_a.id, keep=True, reason="A real claim")
    service.settle_unpaired(article, lena, "lead", only_b.id, keep=False, reason="Not checkable")
    db.session.commit()
    assert db.session.get(Claim, only_a.id).deleted_at is None
    assert db.session.get(Claim, only_b.id).deleted_at is not None
    assert [(e.action, e.reason) for e in claim_service.fetch_history(only_b.id)][-1] == ("dropped", "Not checkable")
    assert claim_service.fetch_history(only_a.id)[-1].action == "kept"
    comparison = service.compare(article)
    assert comparison.only_a == comparison.only_b == []
    assert [c.id for c in comparison.settled] == [only_a.id]


def test_a_comparison_needs_two_reviewers(ctx):
    project, lena, anna, omar, _ = team()
    article = make_article(project, lena, TEXT)
    with pytest.raises(Invalid, match="not marked for double review"):
        service.compare(article)
    article = double(project, lena, anna, omar, text=TEXT + " More.")
    add_member(project, third := make_user("tess"), "annotator")
    db.session.add(Assignment(project_id=project.id, article_id=article.id, assignee_id=third.id,
                              assigned_by_id=lena.id))
    db.session.commit()
    with pytest.raises(Invalid, match="exactly two reviewers; this article has 3"):
        service.compare(article)


def test_two_leads_adjudicating_the_same_pair_at_once_settle_it_once(app):
    """The second lead waits for the first (row lock on PostgreSQL, BEGIN IMMEDIATE on SQLite)
    and then finds the pair settled: a clear refusal, never a lost update or an error page."""
    import threading

    from webapp.models import User
    with app.app_context():
        project, lena, anna, omar, article, a, b = _ready_pair()
        add_member(project, make_user("lars"), "lead")
        finish(article)
        ids = dict(article=article.id, a=a.id, b=b.id)
    outcomes, start = [], threading.Barrier(2)

    def adjudicate(username, take):
        with app.app_context():
            start.wait()   # both begin their transaction now (on SQLite, BEGIN IMMEDIATE)
            user = db.session.scalar(select(User).where(User.username == username))
            try:
                service.adjudicate_pair(db.session.get(Article, ids["article"]), user, "lead",
                                        ids["a"], ids["b"], from_dropped=take)
                db.session.commit()
                outcomes.append("adjudicated")
            except Invalid as exc:
                db.session.rollback()
                outcomes.append(exc.message)

    threads = [threading.Thread(target=adjudicate, args=("lena", [])),
               threading.Thread(target=adjudicate, args=("lars", ["source_type"]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(outcomes) == 2 and outcomes.count("adjudicated") == 1
    assert "not an open pair" in next(o for o in outcomes if o != "adjudicated")
    with app.app_context():
        assert _count(ClaimEvent, ClaimEvent.action == "adjudicated") == 1
        assert _count(ClaimEvent, ClaimEvent.action == "merged") == 1
