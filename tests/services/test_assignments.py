"""Assignments: assigning (one, bulk, round robin), reassigning, states, refusals, the
annotator permission setting, and the article trail."""
import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import ArticleEvent, Assignment, Claim
from webapp.services import assignments as service
from webapp.services.errors import Duplicate, Invalid, NotAllowed, NotFound
from tests.factories import add_member, make_article, make_claim, make_project, make_user


@pytest.fixture
def team(ctx):
    """A project with a lead, two annotators and a viewer, and three articles."""
    lena, anna, ben, vera = (make_user(n) for n in ("lena", "anna", "ben", "vera"))
    project = make_project(lena, "Raqqa")
    add_member(project, anna, "annotator")
    add_member(project, ben, "annotator")
    add_member(project, vera, "viewer")
    articles = [make_article(project, lena, f"Article {i}: 26 ISIS militants have been killed.",
                             title=f"Report {i}") for i in range(3)]
    return project, lena, anna, ben, vera, articles


def counts():
    return (db.session.scalar(select(func.count(Assignment.id))),
            db.session.scalar(select(func.count(ArticleEvent.id))))


def events(article):
    return list(db.session.scalars(select(ArticleEvent).where(
        ArticleEvent.article_id == article.id).order_by(ArticleEvent.id)))


def test_assigning_writes_the_assignment_and_one_event(team):
    project, lena, anna, _ben, _vera, (article, *_rest) = team
    assignment = service.assign_article(project, article, anna, lena)
    db.session.commit()
    assert (assignment.assignee_id, assignment.state, assignment.assigned_by_id) == (anna.id, "assigned", lena.id)
    [event] = events(article)
    assert (event.action, event.actor_id, event.changes) == (
        "assigned", lena.id, {"assignee": [None, "anna"], "state": [None, "assigned"]})


@pytest.mark.parametrize("who, error, message", [
    ("vera", Invalid, "viewer"),        # a viewer reads, never works on articles
    ("oscar", Invalid, "member"),       # not in the project at all
])
def test_assigning_to_a_viewer_or_outsider_is_refused_and_changes_nothing(team, who, error, message):
    project, lena, _anna, _ben, vera, (article, *_rest) = team
    person = vera if who == "vera" else make_user("oscar")
    before = counts()
    with pytest.raises(error, match=message):
        service.assign_article(project, article, person, lena)
    db.session.rollback()
    assert counts() == before


def test_an_article_of_another_project_is_not_found(team):
    project, lena, anna, *_ = team
    other = make_project(lena, "Other")
    foreign = make_article(other, lena, "Another project's article text, 26 killed.")
    before = counts()
    with pytest.raises(NotFound):
        service.assign_article(project, foreign, anna, lena)
    with pytest.raises(NotFound):
        service.bulk_assign(project, [foreign.id], anna, lena)
    db.session.rollback()
    assert counts() == before


def test_a_duplicate_assignment_is_refused(team):
    project, lena, anna, _ben, _vera, (article, *_rest) = team
    service.assign_article(project, article, anna, lena)
    db.session.commit()
    before = counts()
    with pytest.raises(Duplicate):
        service.assign_article(project, article, anna, lena)
    db.session.rollback()
    assert counts() == before


def test_an_article_can_have_several_assignees(team):
    project, lena, anna, ben, _vera, (article, *_rest) = team
    service.assign_article(project, article, anna, lena)
    service.assign_article(project, article, ben, lena)
    db.session.commit()
    assert counts() == (2, 2)


def test_bulk_assign_skips_articles_already_theirs(team):
    project, lena, anna, _ben, _vera, articles = team
    service.assign_article(project, articles[0], anna, lena)
    made, skipped = service.bulk_assign(project, [a.id for a in articles], anna, lena)
    db.session.commit()
    assert (len(made), skipped) == (2, 1)
    assert counts() == (3, 3)


def test_bulk_assign_needs_articles(team):
    project, lena, anna, *_ = team
    with pytest.raises(Invalid, match="at least one"):
        service.bulk_assign(project, [], anna, lena)


def test_round_robin_spreads_evenly_and_deterministically(ctx):
    lena, anna, ben, cleo = (make_user(n) for n in ("lena", "anna", "ben", "cleo"))
    project = make_project(lena)
    for person in (anna, ben, cleo):
        add_member(project, person, "annotator")
    articles = [make_article(project, lena, f"Text number {i} of the batch.", title=f"A{i}")
                for i in range(10)]
    made, skipped = service.round_robin(project, [a.id for a in articles], [cleo, anna, ben], lena)
    db.session.commit()
    shares = {u: sum(a.assignee_id == u.id for a in made) for u in (anna, ben, cleo)}
    assert skipped == 0 and sorted(shares.values()) == [3, 3, 4]
    # Deterministic: article order by id, members by name, the first of equals wins.
    assert [a.assignee.username for a in made] == ["anna", "ben", "cleo"] * 3 + ["anna"]


def test_round_robin_takes_the_existing_load_into_account(ctx):
    lena, anna, ben = (make_user(n) for n in ("lena", "anna", "ben"))
    project = make_project(lena)
    add_member(project, anna, "annotator")
    add_member(project, ben, "annotator")
    articles = [make_article(project, lena, f"Text number {i} of the batch.", title=f"A{i}")
                for i in range(8)]
    service.bulk_assign(project, [a.id for a in articles[:4]], anna, lena)   # anna has 4 open
    done = service.assign_article(project, articles[4], ben, lena)
    service.change_state(articles[4], ben.id, "done", ben, "annotator")       # done: not load
    made, _ = service.round_robin(project, [a.id for a in articles[5:]], [anna, ben], lena)
    db.session.commit()
    assert done.state == "done"
    assert [a.assignee.username for a in made] == ["ben", "ben", "ben"]


def test_round_robin_never_gives_anyone_an_article_twice(team):
    project, lena, anna, ben, _vera, articles = team
    service.assign_article(project, articles[0], anna, lena)
    service.assign_article(project, articles[0], ben, lena)
    service.assign_article(project, articles[1], anna, lena)
    made, skipped = service.round_robin(project, [a.id for a in articles], [anna, ben], lena)
    assert skipped == 1   # article 0: both have it
    # article 1: only ben is free; then both have 2 open, and the tie goes to anna.
    assert [(a.article_id, a.assignee.username) for a in made] == [
        (articles[1].id, "ben"), (articles[2].id, "anna")]


def test_round_robin_refuses_a_viewer_and_changes_nothing(team):
    project, lena, anna, _ben, vera, articles = team
    before = counts()
    with pytest.raises(Invalid, match="viewer"):
        service.round_robin(project, [a.id for a in articles], [anna, vera], lena)
    db.session.rollback()
    assert counts() == before


def test_reassign_keeps_the_claims_and_the_state_and_writes_an_event(team):
    project, lena, anna, ben, _vera, (article, *_rest) = team
    service.assign_article(project, article, anna, lena)
    claim = make_claim(article, anna, "26 ISIS militants")
    service.note_claim_saved(article, anna)
    db.session.commit()
    assignment = service.reassign(project, article, anna.id, ben, lena, "Anna is on leave")
    db.session.commit()
    assert (assignment.assignee_id, assignment.state) == (ben.id, "in_progress")
    assert db.session.get(Claim, claim.id).deleted_at is None
    assert counts()[0] == 1
    last = events(article)[-1]
    assert (last.action, last.changes, last.reason) == (
        "reassigned", {"assignee": ["anna", "ben"]}, "Anna is on leave")


def test_reassign_refusals_change_nothing(team):
    project, lena, anna, ben, vera, (article, second, _third) = team
    service.assign_article(project, article, anna, lena)
    service.assign_article(project, article, ben, lena)
    db.session.commit()
    before = counts()
    for attempt, error in [
        (lambda: service.reassign(project, article, anna.id, vera, lena), Invalid),   # viewer
        (lambda: service.reassign(project, article, anna.id, ben, lena), Duplicate),  # ben has it
        (lambda: service.reassign(project, second, anna.id, ben, lena), Invalid),     # not anna's
    ]:
        with pytest.raises(error):
            attempt()
        db.session.rollback()
    assert counts() == before


def test_unassign_removes_the_assignment_keeps_claims_and_trail(team):
    project, lena, anna, _ben, _vera, (article, *_rest) = team
    service.assign_article(project, article, anna, lena)
    make_claim(article, anna, "26 ISIS militants")
    service.unassign(project, article, anna.id, lena, "wrong person")
    db.session.commit()
    assert counts() == (0, 2)
    assert events(article)[-1].changes == {"assignee": ["anna", None], "state": ["assigned", None]}
    assert db.session.scalar(select(func.count(Claim.id))) == 1


def test_states_move_forward_and_back_with_an_event_each(team):
    project, lena, anna, _ben, _vera, (article, *_rest) = team
    service.assign_article(project, article, anna, lena)
    for action, state in [("start", "in_progress"), ("done", "done"), ("reopen", "in_progress"),
                          ("done", "done")]:
        assert service.change_state(article, anna.id, action, anna, "annotator").state == state
    db.session.commit()
    assert [e.action for e in events(article)] == ["assigned", "started", "done", "reopened", "done"]
    assert events(article)[2].changes == {"state": ["in_progress", "done"], "assignee": ["anna", "anna"]}


def test_state_changes_that_do_not_apply_are_refused(team):
    project, lena, anna, ben, _vera, (article, *_rest) = team
    service.assign_article(project, article, anna, lena)
    db.session.commit()
    before = counts()
    with pytest.raises(Invalid, match="cannot be reopened"):
        service.change_state(article, anna.id, "reopen", anna, "annotator")
    with pytest.raises(Invalid, match="no assignment"):
        service.change_state(article, ben.id, "done", ben, "annotator")
    with pytest.raises(NotAllowed):   # someone else's assignment, and not a lead
        service.change_state(article, anna.id, "done", ben, "annotator")
    with pytest.raises(Invalid, match="start, done or reopen"):
        service.change_state(article, anna.id, "finish", anna, "annotator")
    db.session.rollback()
    assert counts() == before
    service.change_state(article, anna.id, "done", lena, "lead")   # a lead may
    assert events(article)[-1].actor_id == lena.id


def test_a_claim_by_the_assignee_starts_the_assignment(team):
    project, lena, anna, ben, _vera, (article, *_rest) = team
    service.assign_article(project, article, anna, lena)
    held = service.get_assignment(article, anna.id)  # read before the claim is saved
    service.note_claim_saved(article, ben)          # not ben's: nothing happens
    assert counts() == (1, 1)
    assert held.state == "assigned"
    service.note_claim_saved(article, anna)
    assert held.state == "in_progress"              # what the request holds is not stale
    service.note_claim_saved(article, anna)         # only the first claim starts it
    assert [e.action for e in events(article)] == ["assigned", "started"]
    assert events(article)[-1].changes == {"state": ["assigned", "in_progress"],
                                           "assignee": ["anna", "anna"]}


def test_the_setting_decides_where_annotators_may_edit(team):
    project, lena, anna, ben, vera, (article, *_rest) = team
    service.assign_article(project, article, anna, lena)
    assert project.annotators_edit_all is True
    assert all(service.may_edit_article(u, r, article) for u, r in
               [(lena, "lead"), (anna, "annotator"), (ben, "annotator")])
    assert not service.may_edit_article(vera, "viewer", article)
    assert service.update_settings(project, False, False) == {"annotators_edit_all": [True, False]}
    assert service.may_edit_article(anna, "annotator", article)
    assert service.may_edit_article(lena, "lead", article)
    assert not service.may_edit_article(ben, "annotator", article)
    with pytest.raises(NotAllowed, match="not assigned to you"):
        service.check_may_edit(ben, "annotator", article)


def test_the_article_trail_is_append_only(team):
    project, lena, anna, _ben, _vera, (article, *_rest) = team
    service.assign_article(project, article, anna, lena)
    db.session.commit()
    [event] = events(article)
    event.reason = "rewritten"
    with pytest.raises(Exception, match="append-only"):
        db.session.commit()
    db.session.rollback()
