"""Provenance can be corrected after import (issue 12, 6) on SQLite and PostgreSQL: each
change is an event in the article's history with before → after and the reason; the text and
its hash never change; bad values are refused with the field named; viewers cannot."""
from datetime import date

from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_article, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, ArticleEvent


def _world(app):
    with app.app_context():
        lena, vera = make_user("lena"), make_user("vera")
        project = make_project(lena)
        add_member(project, vera, "viewer")
        article = make_article(project, lena, "Thus far, 26 ISIS militants have been killed.", "Report")
        return project.id, article.id, article.content_hash


def _as(app, username) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


FORM = {"title": "SDF: 26 ISIS militants killed", "site_name": "Islamic Invitation Turkey",
        "original_outlet": "Al-Masdar News", "url": "https://example.org/sdf-26",
        "author": "Leith Fadel", "published_on": "2017-05-11", "reason": "Read the page again."}


def test_a_correction_is_an_event_with_before_and_after_and_the_text_stays(app):
    project_id, article_id, digest = _world(app)
    lena = _as(app, "lena")
    url = f"/projects/{project_id}/articles/{article_id}/provenance/"
    assert "Correct the provenance" in lena.get(f"/projects/{project_id}/articles/{article_id}").get_data(as_text=True)
    response = lena.post(url, FORM, form_url=url)
    assert response.status_code == 302
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert (article.title, article.site_name, article.published_on) == (
            "SDF: 26 ISIS militants killed", "Islamic Invitation Turkey", date(2017, 5, 11))
        assert article.content_hash == digest and article.text.startswith("Thus far, 26")
        event = db.session.scalar(select(ArticleEvent).where(ArticleEvent.action == "provenance_corrected"))
        assert event.changes["title"] == ["Report", "SDF: 26 ISIS militants killed"]
        assert event.changes["published_on"] == [None, "2017-05-11"]
        assert event.reason == "Read the page again."
    history = lena.get(f"/projects/{project_id}/articles/{article_id}/history").get_data(as_text=True)
    assert "Provenance corrected" in history and "Report → SDF: 26 ISIS militants killed" in history
    again = lena.post(url, FORM, form_url=url, follow_redirects=True).get_data(as_text=True)
    assert "Nothing changed." in again


def test_a_bad_address_is_refused_naming_the_field_and_nothing_changes(app):
    project_id, article_id, _digest = _world(app)
    lena = _as(app, "lena")
    url = f"/projects/{project_id}/articles/{article_id}/provenance/"
    response = lena.post(url, {**FORM, "url": "javascript:alert(1)"}, form_url=url)
    assert response.status_code == 400
    assert "The URL must start with http:// or https://." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Article, article_id).title == "Report"
        assert db.session.scalar(select(ArticleEvent).where(ArticleEvent.action == "provenance_corrected")) is None


def test_viewers_cannot_correct_the_provenance(app):
    project_id, article_id, _digest = _world(app)
    vera = _as(app, "vera")
    url = f"/projects/{project_id}/articles/{article_id}/provenance/"
    assert vera.get(url).status_code == 403
    assert vera.post(url, FORM, form_url=url).status_code == 403
