"""Figures through the claim services: typed phrases completed, checked, replaced, in the trail;
the table of vague quantities a project starts with and a lead edits."""
import pytest
from sqlalchemy import select

from tests.factories import make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.models import ClaimEvent, ClaimFigure
from webapp.services import claims as claim_service
from webapp.services import figures as figure_service
from webapp.services.errors import Invalid

QUOTE = "26 ISIS militants"


def _setup():
    lead = make_user("lena")
    return lead, make_article(make_project(lead), lead)


def test_a_new_project_codes_vague_quantities_as_acled_does(ctx):
    lead, article = _setup()
    assert figure_service.fetch_vague_terms(article.project_id) == {
        "dozens": 12, "hundreds": 100, "tens": 10, "thousands": 1000}


def test_typed_figures_are_completed_stored_and_recorded(ctx):
    lead, article = _setup()
    claim = make_claim(article, lead, QUOTE, structured_figures=[
        {"text": "at least 26 ISIS militants killed"},
        {"text": "dozens injured", "who": "combatants"}])
    assert claim.structured_figures == [
        {"kind": "at_least", "low": 26, "high": None, "term": "", "counts": "killed",
         "who": "combatants", "text": "at least 26 ISIS militants killed"},
        {"kind": "vague", "low": None, "high": None, "term": "dozens", "counts": "injured",
         "who": "combatants", "text": "dozens injured"}]
    db.session.expire_all()
    rows = db.session.scalars(select(ClaimFigure).order_by(ClaimFigure.position)).all()
    assert [(r.claim_id, r.position, r.kind, r.low) for r in rows] == [
        (claim.id, 0, "at_least", 26), (claim.id, 1, "vague", None)]
    created = db.session.scalar(select(ClaimEvent))
    assert created.changes["structured_figures"][1][0]["low"] == 26

    claim_service.update_claim(claim, lead, {"structured_figures": [
        {"text": "30 killed", "who": "civilians"}]}, claim.version, "Corrected")
    db.session.commit()
    db.session.expire_all()
    assert [(f["kind"], f["low"], f["who"]) for f in claim.structured_figures] == [("exact", 30, "civilians")]
    assert db.session.scalar(select(ClaimFigure.id).where(ClaimFigure.position == 1)) is None
    edited = db.session.scalars(select(ClaimEvent).order_by(ClaimEvent.id)).all()[-1]
    before, after = edited.changes["structured_figures"]
    assert len(before) == 2 and after[0]["text"] == "30 killed" and edited.version == 2


def test_an_unchanged_save_records_nothing(ctx):
    lead, article = _setup()
    claim = make_claim(article, lead, QUOTE, structured_figures=[{"text": "26 killed"}])
    assert claim_service.update_claim(claim, lead, {"structured_figures": [
        {"text": "26 killed"}]}, claim.version) is None


@pytest.mark.parametrize("figure, message", [
    ({"text": "several killed"}, "does not read as one figure"),
    ({"text": "26 killed and dozens injured"}, "does not read as one figure"),
    ({"kind": "range", "low": 15, "high": 10}, "lower number to the higher"),
    ({"kind": "vague", "term": "scores"}, "from the project's table"),
    ({"kind": "exact", "low": -1}, "whole number"),
    ({"text": "26 killed", "counts": "eaten"}, "what the figure counts"),
    ({"text": "26 killed", "colour": "red"}, "a figure has the keys"),
])
def test_figures_that_do_not_fit_are_refused_with_a_reason(ctx, figure, message):
    lead, article = _setup()
    with pytest.raises(Invalid, match=message):
        make_claim(article, lead, QUOTE, structured_figures=[figure])


def test_a_bound_chosen_for_a_typed_number_puts_the_number_where_it_belongs(ctx):
    lead, article = _setup()
    claim = make_claim(article, lead, QUOTE, structured_figures=[
        {"text": "26 killed", "kind": "up_to"}, {"text": "", "kind": "range", "low": 10, "high": 15}])
    assert [(f["kind"], f["low"], f["high"]) for f in claim.structured_figures] == [
        ("up_to", None, 26), ("range", 10, 15)]


def test_the_vague_table_codes_new_terms_and_keeps_terms_in_use(ctx):
    lead, article = _setup()
    figure_service.set_vague_term(article.project_id, " Several ", 3)
    figure_service.set_vague_term(article.project_id, "dozens", 24)
    make_claim(article, lead, QUOTE, structured_figures=[{"text": "several killed"}])
    terms = figure_service.fetch_vague_terms(article.project_id)
    assert (terms["several"], terms["dozens"]) == (3, 24)
    with pytest.raises(Invalid, match="codes 1 figure"):
        figure_service.remove_vague_term(article.project_id, "several")
    assert figure_service.remove_vague_term(article.project_id, "Tens") == "tens"
    with pytest.raises(Invalid, match="a word"):
        figure_service.set_vague_term(article.project_id, "12", 12)
