"""The bulk import page: who may use it, its size limit, and where it is linked from."""
import io

from tests.factories import PASSWORD, add_member, make_user
from webapp.extensions import db
from webapp.models import Job, Project

from .helpers import count, jsonl, project_with_annotator, row, upload


def _viewer(app, project_id):
    with app.app_context():
        add_member(db.session.get(Project, project_id), make_user("vera"), "viewer")
        make_user("oscar")


def test_leads_and_annotators_see_the_form_and_the_links(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    project_page = browser.get(f"/projects/{project_id}").get_data(as_text=True)
    assert f'href="/projects/{project_id}/imports/new">Import many</a>' in project_page
    assert f'href="/projects/{project_id}/jobs/">Jobs</a>' in project_page
    response = browser.get(f"/projects/{project_id}/imports/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "charset=utf-8" in response.headers["Content-Type"]
    assert '<label for="file">File to import</label>' in page and '<label for="format">Format</label>' in page
    assert "At most 50 MB" in page


def test_viewers_and_outsiders_cannot_import(app, browser):
    project_id = project_with_annotator(app)
    _viewer(app, project_id)
    browser.login("vera", PASSWORD)
    assert "Import many" not in browser.get(f"/projects/{project_id}").get_data(as_text=True)
    assert browser.get(f"/projects/{project_id}/imports/new").status_code == 403
    response = browser.client.post(f"/projects/{project_id}/imports/new",
                                   data={"csrf_token": browser.token(f"/projects/{project_id}"),
                                         "file": (io.BytesIO(jsonl([row(1)])), "a.jsonl")},
                                   content_type="multipart/form-data")
    assert response.status_code == 403
    browser.client.post("/logout", data={"csrf_token": browser.token(f"/projects/{project_id}")})
    browser.login("oscar", PASSWORD)
    assert browser.get(f"/projects/{project_id}/imports/new").status_code == 404
    assert count(app) == 0 and count(app, Job) == 0


def test_the_import_accepts_more_than_the_5_mb_form_limit_up_to_its_own(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    rows = [row(n, text=f"Report {n}. " + "x" * 60_000) for n in range(100)]   # ~6 MB
    data = jsonl(rows)
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    response = upload(browser, project_id, "big.jsonl", data)
    assert response.status_code == 302
    assert count(app) == 100


def test_a_file_over_the_import_limit_gets_413_and_nothing_is_stored(app, browser):
    app.config["IMPORT_MAX_BYTES"] = 1024 * 1024
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = upload(browser, project_id, "big.jsonl", jsonl([row(1, text="y" * (1024 * 1024))]))
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "too large for an import (the limit is 1 MB)" in page and "Traceback" not in page
    assert count(app) == 0 and count(app, Job) == 0


def test_a_form_without_a_file_is_sent_back_with_its_error(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = browser.post(f"/projects/{project_id}/imports/new", {"format": ""})
    assert response.status_code == 400
    assert "Choose a file to import." in response.get_data(as_text=True)


def test_a_post_without_csrf_token_is_refused(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = browser.client.post(f"/projects/{project_id}/imports/new",
                                   data={"file": (io.BytesIO(jsonl([row(1)])), "a.jsonl")},
                                   content_type="multipart/form-data")
    assert response.status_code == 400 and "security token" in response.get_data(as_text=True)
    assert count(app) == 0
