"""Suggestions made and kept for an article's latest revision (``webapp.suggestions.store``)."""
from sqlalchemy import func, select

from tests.factories import make_article, make_claim
from tests.suggestions.helpers import FIGURE, HEDGED, PLAIN, TEXT, in_sentence, suggestions, world
from webapp.extensions import db
from webapp.models import Article, Project, Suggestion, User
from webapp.revisions import store as revision_store
from webapp.suggestions import decisions, engine, store


def _article(app, text=TEXT):
    ids = world(app)
    lena = db.session.get(User, ids["lead_id"])
    return make_article(db.session.get(Project, ids["project_id"]), lena, text), lena


def test_suggestions_are_made_for_the_figures_and_kept_with_what_the_rules_read(app, ctx):
    article, _lena = _article(app)
    made = store.make_for_article(article)
    db.session.commit()
    found = suggestions(article.id)
    assert made == len(found) >= 2
    assert any(in_sentence(s, TEXT, FIGURE) for s in found)
    assert any(in_sentence(s, TEXT, HEDGED) for s in found)
    assert not any(in_sentence(s, TEXT, PLAIN) for s in found)
    for s in found:
        assert TEXT[s.start_offset:s.end_offset] == s.quote
        assert (s.status, s.revision, s.language, s.rules_version) == ("open", 1, "en", engine.RULES_VERSION)
        assert s.project_id == article.project_id
    assert any(s.figures for s in found) and any(s.attribution_text for s in found)
    assert any(s.hedging for s in found)


def test_made_again_they_replace_the_open_ones_and_keep_the_decided(app, ctx):
    article, lena = _article(app)
    store.make_for_article(article)
    first = suggestions(article.id)
    kept, quotes = first[0].id, sorted(s.quote for s in first)
    first[0].status, first[0].decided_by_id = "accepted", lena.id
    db.session.commit()
    assert store.make_for_article(article) == 0          # made already by these rules: left alone
    assert store.make_for_article(article, force=True) == len(quotes)   # nothing claimed there
    db.session.commit()
    again = suggestions(article.id)
    assert [s.status for s in again].count("accepted") == 1 and kept in {s.id for s in again}
    assert sorted(s.quote for s in again if s.status == "open") == quotes


def test_words_a_live_claim_marks_are_not_suggested(app, ctx):
    article, lena = _article(app)
    make_claim(article, lena, "26 ISIS militants have been killed")
    store.make_for_article(article)
    db.session.commit()
    start = TEXT.index("26 ISIS")
    claimed = (start, start + len("26 ISIS militants have been killed"))
    found = suggestions(article.id)
    assert found and not any(s.start_offset < claimed[1] and claimed[0] < s.end_offset for s in found)


def test_a_rejected_quote_is_never_suggested_again_on_that_article(app, ctx):
    article, lena = _article(app)
    store.make_for_article(article)
    rejected = suggestions(article.id)[0]
    rejected.status, rejected.decided_by_id = "rejected", lena.id
    db.session.commit()
    store.make_for_article(article, force=True)
    db.session.commit()
    normalised = store.normalise_quote(rejected.quote)
    assert [s.id for s in suggestions(article.id) if store.normalise_quote(s.quote) == normalised] \
        == [rejected.id]


def test_quotes_are_compared_without_case_spacing_or_punctuation_around_them():
    assert store.normalise_quote("“26  Killed,”") == store.normalise_quote("26 killed") == "26 killed"


def test_a_project_with_suggestions_off_gets_none_and_loses_its_open_ones(app, ctx):
    article, lena = _article(app)
    store.make_for_article(article)
    decided = suggestions(article.id)[0]
    decided.status, decided.decided_by_id = "rejected", lena.id
    db.session.get(Project, article.project_id).suggestions_enabled = False
    db.session.commit()
    assert store.make_for_article(article, force=True) == 0
    db.session.commit()
    assert [s.id for s in suggestions(article.id)] == [decided.id]


def test_a_new_revision_has_its_own_suggestions(app, ctx):
    article, lena = _article(app)
    store.make_for_article(article)
    db.session.commit()
    text = TEXT + "\nOn Sunday 7 more fighters were killed, a commander told reporters.\n"
    revision_store.add_revision(article, text, lena, "upload")
    db.session.commit()
    found = suggestions(article.id, "open")
    assert found and {s.revision for s in found} == {2}
    assert any(in_sentence(s, text, "On Sunday 7 more fighters were killed, a commander told reporters.") for s in found)
    assert [s.id for s in decisions.open_for(article.id, 2)] == [s.id for s in found]
    assert decisions.open_for(article.id, 1) == []


def test_many_articles_are_made_in_batches_of_a_few_queries(app, ctx, monkeypatch):
    ids = world(app)
    lena, project = db.session.get(User, ids["lead_id"]), db.session.get(Project, ids["project_id"])
    articles = [make_article(project, lena, f"Report {n}. {FIGURE}", title=f"R{n}").id for n in range(12)]
    monkeypatch.setattr(store, "BATCH", 5)
    statements = []
    from sqlalchemy import event
    listen = lambda *a: statements.append(a[2])   # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        counts = store.make_for_articles(articles)
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    db.session.commit()
    assert counts.articles == 12 and counts.suggestions >= 12 and counts.figures >= 12
    assert len(statements) <= 3 * 9          # three batches, at most nine statements each
    per_article = db.session.execute(select(Suggestion.article_id, func.count()).group_by(
        Suggestion.article_id)).all()
    assert len(per_article) == 12
    assert db.session.scalar(select(func.count(Article.id))) == 12
