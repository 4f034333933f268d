"""Importing through the pages: clear errors, size limits, nothing stored on refusal."""
import io

from webapp.extensions import db
from webapp.models import Article
from tests.factories import PASSWORD, make_project, make_user


def _setup(app):
    with app.app_context():
        lead = make_user("lena")
        return make_project(lead).id


def _count(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Article))


def _upload(browser, project_id, name, data, **fields):
    page = f"/projects/{project_id}/articles/new"
    token = browser.token(page)
    return browser.client.post(page, data={"upload-csrf_token": token, "upload-file": (io.BytesIO(data), name),
                                           **{f"upload-{k}": v for k, v in fields.items()}},
                               content_type="multipart/form-data")


def test_pasted_article_keeps_its_paragraphs_and_provenance(app, browser):
    project_id = _setup(app)
    browser.login("lena", PASSWORD)
    page = f"/projects/{project_id}/articles/new"
    response = browser.post(page, {"paste-csrf_token": browser.token(page), "paste-title": "Raqqa <b>report</b>",
                                   "paste-text": "First line.\r\n\r\nSecond paragraph.",
                                   "paste-site_name": "Islamic Invitation Turkey",
                                   "paste-original_outlet": "Unknown wire", "paste-url": "https://example.org/a",
                                   "paste-published_on": "2017-05-11"})
    assert response.status_code == 302
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Raqqa &lt;b&gt;report&lt;/b&gt;" in html
    assert html.count('<p class="" data-start=') + html.count('<p class="chrome" data-start=') == 2
    assert "Unknown wire" in html and "2017-05-11" in html
    with app.app_context():
        article = db.session.scalars(db.select(Article)).one()
        assert article.text == "First line.\n\nSecond paragraph."


def test_duplicate_import_is_refused_with_a_message(app, browser):
    project_id = _setup(app)
    browser.login("lena", PASSWORD)
    assert _upload(browser, project_id, "a.txt", b"Same text.", title="A").status_code == 302
    response = _upload(browser, project_id, "b.txt", b"Same text.", title="B")
    assert response.status_code == 409
    assert "already in the project" in response.get_data(as_text=True)
    assert _count(app) == 1


def test_invalid_encoding_gets_a_clear_error(app, browser):
    project_id = _setup(app)
    browser.login("lena", PASSWORD)
    response = _upload(browser, project_id, "a.txt", bytes(range(1, 9)) * 40, title="A")
    assert "looks like a binary file" in response.get_data(as_text=True)
    assert _count(app) == 0


def test_a_windows_1252_file_is_decoded_not_refused(app, browser):
    project_id = _setup(app)
    browser.login("lena", PASSWORD)
    data = "Le caf\u00e9 \u201cLe Raqqa\u201d a rouvert, a dit un habitant.".encode("cp1252")
    response = _upload(browser, project_id, "a.txt", data, title="A")
    assert response.status_code == 302
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Le caf\u00e9 \u201cLe Raqqa\u201d a rouvert" in html


def test_oversized_upload_gets_413_page_and_nothing_is_stored(app, browser):
    project_id = _setup(app)
    browser.login("lena", PASSWORD)
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = _upload(browser, project_id, "big.txt", b"a" * (limit + 1), title="Big")
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert _count(app) == 0

