"""The dashboard's Suggestions card (issue 13), on SQLite and PostgreSQL: shown, open, accepted
and rejected by what they carry, the acceptance rate, and per reviewer for a lead; counted in
one query, kept with the figures and counted again when a decision moves the data version."""
import re

from sqlalchemy import event, select

from tests.conftest import Browser
from tests.factories import PASSWORD, make_article
from tests.suggestions.helpers import TEXT, world
from webapp.extensions import db
from webapp.models import Project, Suggestion, User
from webapp.services.dashboard_snapshots import data_version
from webapp.suggestions import stats, store

MORE = "\nOn Sunday 7 more fighters were killed, a commander told reporters.\n"


def _decide(app, ids) -> list[tuple[int, bool]]:
    """Three suggestions (the first two with attributions, the second hedged): anna accepts the
    first, lena rejects the second, the third stays open."""
    with app.app_context():
        project, lena = db.session.get(Project, ids["project_id"]), db.session.get(User, ids["lead_id"])
        article = make_article(project, lena, TEXT + MORE)
        store.make_for_article(article)
        found = db.session.scalars(select(Suggestion).order_by(Suggestion.start_offset)).all()
        assert len(found) == 3 and found[1].hedging and all(s.figures for s in found)
        anna = db.session.scalar(select(User).where(User.username == "anna"))
        found[0].status, found[0].decided_by_id = "accepted", anna.id
        found[1].status, found[1].decided_by_id = "rejected", lena.id
        db.session.commit()
        return [(s.id, bool(s.attribution_text)) for s in found]


def test_the_figures_count_each_part_and_each_reviewer(app, ctx):
    ids = world(app)
    found = _decide(app, ids)
    attributed = sum(a for _id, a in found)
    figures = stats.fetch_stats(ids["project_id"], per_reviewer=True)
    parts = {row[0]: row[2:] for row in figures["parts"]}
    assert parts["all"] == [3, 1, 1, 1, 0.5]
    assert parts["figure"] == [3, 1, 1, 1, 0.5]
    assert parts["hedge"] == [1, 0, 0, 1, 0.0]
    assert parts["attribution"][0] == attributed
    assert figures["reviewers"] == [["anna", "Anna", 1, 0, 1.0], ["lena", "Lena", 0, 1, 0.0]]
    assert stats.fetch_stats(ids["project_id"], per_reviewer=False)["reviewers"] == []


def test_one_query_whatever_the_number_of_suggestions(app, ctx):
    ids = world(app)
    _decide(app, ids)
    statements = []
    listen = lambda *a: statements.append(a[2])   # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        stats.fetch_stats(ids["project_id"], per_reviewer=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_a_lead_sees_the_card_with_reviewers_and_an_annotator_without(app):
    ids = world(app)
    _decide(app, ids)
    lena = Browser(app.test_client())
    lena.login("lena", PASSWORD)
    page = lena.get(f"/projects/{ids['project_id']}/dashboard/").get_data(as_text=True)
    card = re.search(r'<section class="card" id="suggestions".*?</section>', page, re.S).group(0)
    row = re.search(r'<tr data-part="all">(.*?)</tr>', card, re.S).group(1)
    assert re.findall(r'class="num">([^<]*)<', row) == ["3", "1", "1", "1", "50%"]
    assert 'data-reviewer="anna"' in card and 'data-reviewer="lena"' in card
    anna = Browser(app.test_client())
    anna.login("anna", PASSWORD)
    page = anna.get(f"/projects/{ids['project_id']}/dashboard/").get_data(as_text=True)
    assert 'id="suggestions-by-part"' in page and 'id="suggestions-by-reviewer"' not in page


def test_a_decision_and_the_setting_move_the_data_version(app, ctx):
    ids = world(app)
    found = _decide(app, ids)
    before = data_version(ids["project_id"])
    db.session.get(Suggestion, found[2][0]).status = "rejected"
    db.session.commit()
    decided = data_version(ids["project_id"])
    assert decided != before
    db.session.get(Project, ids["project_id"]).suggestions_enabled = False
    db.session.commit()
    assert data_version(ids["project_id"]) != decided
