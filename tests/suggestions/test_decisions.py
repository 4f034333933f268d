"""A person's decisions on suggestions (``webapp.suggestions.decisions``), on both databases."""
import pytest

from tests.factories import make_article, make_claim, make_project, make_user
from tests.suggestion_rows import CASUALTIES, INTENTION, SEED, make_suggestion
from webapp.extensions import db
from webapp.services.demo import demo_text
from webapp.services.errors import Invalid, NotAllowed, NotFound
from webapp.suggestions import decisions


@pytest.fixture
def article(ctx):
    lena = make_user("lena")
    return make_article(make_project(lena, "Raqqa"), lena, demo_text())


def test_open_ones_of_one_revision_in_text_order(article):
    later = make_suggestion(article, INTENTION)
    first = make_suggestion(article, CASUALTIES)
    make_suggestion(article, "over 500 ISIS militants", revision=2)
    decided = make_suggestion(article, "thousands of jihadists")
    decided.status = "rejected"
    db.session.commit()
    assert [s.id for s in decisions.open_for(article.id, 1)] == [first.id, later.id]
    assert [s.id for s in decisions.open_rows(article.id, 1)] == [first.id, later.id]


def test_rejected_once_only_and_by_those_who_may_mark_claims(article):
    suggestion = make_suggestion(article, INTENTION)
    lena = article.imported_by
    with pytest.raises(NotAllowed):
        decisions.reject(suggestion, lena, "viewer")
    decisions.reject(suggestion, lena, "lead")
    assert (suggestion.status, suggestion.decided_by_id) == ("rejected", lena.id)
    assert suggestion.decided_at is not None
    with pytest.raises(decisions.AlreadyDecided, match="already rejected"):
        decisions.reject(suggestion, lena, "lead")


def test_a_claim_form_names_a_suggestion_of_its_article_s_latest_revision(article):
    lena = article.imported_by
    other = make_article(make_project(lena, "Other"), lena, "Elsewhere 3 killed.")
    assert decisions.for_saving(article, "") is None
    for value in ("x", "987654", str(make_suggestion(other, "3 killed").id),
                  str(make_suggestion(article, INTENTION, revision=2).id)):
        with pytest.raises(Invalid):
            decisions.for_saving(article, value)
    with pytest.raises(NotFound):
        decisions.get_suggestion(article, make_suggestion(other, "3 killed").id)
    decided = make_suggestion(article, CASUALTIES, status="rejected")
    assert decisions.for_saving(article, str(decided.id)) is None   # saved, not counted


def test_accepted_records_what_the_person_changed(article):
    lena = article.imported_by
    fields = {k: v for k, v in SEED[CASUALTIES].items() if k != "speaker"}
    suggestion = make_suggestion(article, CASUALTIES, **fields)
    claim = make_claim(article, lena, CASUALTIES, kind="casualty_figure",
                       attribution_text=suggestion.attribution_text, source_type="combatant",
                       named="named_person", structured_figures=[dict(f) for f in suggestion.figures])
    event = decisions.accepted(suggestion, claim, lena)
    assert event.action == "from_suggestion"
    assert event.changes == {"suggestion_id": [None, suggestion.id], "named": ["unnamed", "named_person"]}
    assert (suggestion.status, suggestion.claim_id) == ("accepted", claim.id)
    with pytest.raises(decisions.AlreadyDecided):
        decisions.accepted(suggestion, claim, lena)


def test_blanks_and_nones_are_the_same_value(article):
    suggestion = make_suggestion(article, CASUALTIES, figures=[
        {"kind": "vague", "low": None, "high": None, "term": "dozens", "counts": "injured",
         "who": "combatants", "text": "dozens"}])
    claim = make_claim(article, article.imported_by, CASUALTIES,
                       structured_figures=[{"text": "dozens", "kind": "vague", "term": "dozens",
                                            "counts": "injured", "who": "combatants"}])
    assert decisions.changed_fields(suggestion, claim) == {}
