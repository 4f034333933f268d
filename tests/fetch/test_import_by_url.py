"""Import by URL through the browser's forms, on SQLite and PostgreSQL: the page is fetched by a
background job (run at once in tests), its main text stored with provenance, the original kept."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD, add_member, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, ArticleOriginal, Job

from .conftest import ALLOWED_HOST, FIXTURES, reply

PAGE = (FIXTURES / "raqqa-counter-offensive.html").read_bytes()
QUOTE = "26 ISIS militants have been killed and dozens more injured"


@pytest.fixture
def project_id(app):
    app.config["FETCH_ALLOWED_NETWORKS"] = (ALLOWED_HOST,)
    with app.app_context():
        lead = make_user("lena")
        project = make_project(lead)
        add_member(project, make_user("anna"), "annotator")
        add_member(project, make_user("vera"), "viewer")
        make_project(make_user("oscar"), "Other project")
        return project.id


@pytest.fixture
def news(serve):
    return serve({
        "/2017/05/11/raqqa": reply(body=PAGE, content_type="text/html"),
        "/r/raqqa": reply(301, headers={"Location": "/2017/05/11/raqqa"}),
        "/notes.txt": reply(body="Field notes\nThus far, 26 ISIS militants were reported.\n".encode(),
                            content_type="text/plain; charset=utf-8"),
        "/logo.png": reply(body=b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    })


def fetch(browser, project_id, url, **fields):
    form_url = f"/projects/{project_id}/fetches/new"
    return browser.post(form_url, {"url": url, **fields}, form_url=form_url)


def last_job() -> Job:
    db.session.expire_all()
    return db.session.scalars(select(Job).order_by(Job.id.desc())).first()


def test_an_annotator_imports_a_news_page(app, browser, project_id, news):
    browser.login("anna", PASSWORD)
    assert "Import an article from a URL" in browser.get(f"/projects/{project_id}/fetches/new").get_data(as_text=True)
    response = fetch(browser, project_id, news.url("/r/raqqa"), site_name="Islamic Invitation Turkey (republished)",
                     original_outlet="ARA News")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job_page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Huge ISIS casualties in rural Raqqa" in job_page and "done" in job_page
    with app.app_context():
        job = last_job()
        assert job.status == "done" and job.kind == "fetch"
        article = db.session.get(Article, job.report["article_id"])
        assert QUOTE in article.text and "Scroll Up" not in article.text
        assert article.url == news.url("/2017/05/11/raqqa")
        assert article.title == "Huge ISIS casualties in rural Raqqa as counter-offensive ends in disaster"
        assert article.site_name == "Islamic Invitation Turkey (republished)"
        assert article.original_outlet == "ARA News"
        assert article.author == "Islamic Invitation Turkey staff"
        assert article.published_on == date(2017, 5, 11)
        assert article.imported_by.username == "anna"
        assert article.original.data == PAGE and article.original.media_type == "text/html"
        assert article.original.filename == "raqqa.html"
        article_id = article.id
    listing = browser.get(f"/projects/{project_id}/fetches/new").get_data(as_text=True)
    assert f"/projects/{project_id}/articles/{article_id}" in listing
    assert QUOTE in browser.get(f"/projects/{project_id}/articles/{article_id}").get_data(as_text=True)


def test_the_same_page_twice_is_stored_once(app, browser, project_id, news):
    browser.login("anna", PASSWORD)
    fetch(browser, project_id, news.url("/2017/05/11/raqqa"))
    fetch(browser, project_id, news.url("/r/raqqa"))
    with app.app_context():
        job = last_job()
        assert job.status == "done"
        assert job.message.startswith("This page's text is already in the project, as “Huge ISIS")
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1


def test_a_plain_text_page_is_kept_verbatim(app, browser, project_id, news):
    browser.login("anna", PASSWORD)
    fetch(browser, project_id, news.url("/notes.txt"), title="Field notes")
    with app.app_context():
        article = db.session.scalars(select(Article)).one()
        assert article.text == "Field notes\nThus far, 26 ISIS militants were reported.\n"
        assert article.title == "Field notes" and article.original.media_type == "text/plain"


def test_a_refused_fetch_fails_the_job_and_stores_nothing(app, browser, project_id, news):
    browser.login("anna", PASSWORD)
    response = fetch(browser, project_id, news.url("/logo.png"))
    assert "Not fetched: the content type image/png is not allowed" in browser.get(
        response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert last_job().status == "failed"
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0
        assert db.session.scalar(select(func.count()).select_from(ArticleOriginal)) == 0


def test_viewers_cannot_fetch_and_outsiders_see_nothing(app, browser, project_id, news):
    url = f"/projects/{project_id}/fetches/new"
    browser.login("vera", PASSWORD)
    assert browser.get(url).status_code == 403
    assert browser.post(url, {"url": news.url("/2017/05/11/raqqa")}, form_url="/").status_code == 403
    browser.login("oscar", PASSWORD)
    assert browser.get(url).status_code == 404
    assert browser.post(url, {"url": news.url("/2017/05/11/raqqa")}, form_url="/").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    assert news.hits == []


def test_the_import_page_links_to_import_by_url(app, browser, project_id):
    browser.login("anna", PASSWORD)
    page = browser.get(f"/projects/{project_id}/articles/new").get_data(as_text=True)
    assert f'href="/projects/{project_id}/fetches/new"' in page
