"""Suggestions are made wherever an article or a revision comes in (tasks run at once in the
tests): a pasted article and a new version from the page (handed to the worker), a bulk import's
articles (after the import, in batches), a bulk import's revisions, a page fetched from its
address (tests/fetch/test_suggestions_on_fetch.py)."""
import json

from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import PASSWORD
from tests.imports.helpers import import_file
from tests.suggestions.helpers import FIGURE, TEXT, in_sentence, suggestions, world
from webapp.extensions import db
from webapp.models import Article, Project
from webapp.suggestions import store

NEWER = TEXT + "\nOn Sunday 7 more fighters were killed, a commander told reporters.\n"


def _as(app, username) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def _paste(browser, project_id: int, text: str = TEXT, title: str = "Raqqa"):
    page = f"/projects/{project_id}/articles/new"
    return browser.post(page, {"paste-csrf_token": browser.token(page), "paste-title": title,
                               "paste-text": text})


def test_an_article_pasted_on_the_page_has_its_suggestions(app):
    ids = world(app)
    anna = _as(app, "anna")
    assert _paste(anna, ids["project_id"]).status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article))
        found = suggestions(article.id)
        assert found and all(s.status == "open" and s.revision == 1 for s in found)
        assert any(in_sentence(s, TEXT, FIGURE) for s in found)


def test_a_new_version_recorded_on_the_page_has_its_own(app):
    ids = world(app)
    anna = _as(app, "anna")
    _paste(anna, ids["project_id"])
    with app.app_context():
        article_id = db.session.scalar(select(Article.id))
    url = f"/projects/{ids['project_id']}/articles/{article_id}/revisions/"
    assert anna.post(url, {"text": NEWER}, form_url=url).status_code == 302
    with app.app_context():
        found = suggestions(article_id, "open")
        assert found and {s.revision for s in found} == {2}
        assert any(in_sentence(s, NEWER, "On Sunday 7 more fighters were killed, a commander told reporters.")
                   for s in found)


def test_a_project_with_suggestions_off_gets_none_on_import(app):
    ids = world(app)
    with app.app_context():
        db.session.get(Project, ids["project_id"]).suggestions_enabled = False
        db.session.commit()
    _paste(_as(app, "anna"), ids["project_id"])
    with app.app_context():
        assert suggestions(db.session.scalar(select(Article.id))) == []


def _jsonl(*rows) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def test_a_bulk_import_s_articles_have_theirs_made_in_the_worker(app, monkeypatch):
    ids = world(app)
    monkeypatch.setattr(store, "BATCH", 3)     # several batches
    rows = [{"title": f"Report {n}", "text": f"Report {n} from Raqqa.\n{FIGURE}",
             "url": f"https://example.org/{n}"} for n in range(7)]
    import_file(_as(app, "anna"), ids["project_id"], "articles.jsonl", _jsonl(*rows))
    with app.app_context():
        articles = db.session.scalars(select(Article).order_by(Article.id)).all()
        assert len(articles) == 7
        for article in articles:
            assert any(in_sentence(s, article.text, FIGURE) for s in suggestions(article.id))


def test_a_bulk_import_s_new_revision_has_its_suggestions(app):
    ids = world(app)
    anna = _as(app, "anna")
    first = {"title": "Raqqa", "text": TEXT, "url": "https://example.org/raqqa"}
    import_file(anna, ids["project_id"], "first.jsonl", _jsonl(first))
    import_file(anna, ids["project_id"], "second.jsonl", _jsonl({**first, "text": NEWER}))
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.revision == 2
        found = suggestions(article.id, "open")
        assert found and {s.revision for s in found} == {2}
