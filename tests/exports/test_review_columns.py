"""Exports carry each claim's second review: its state and who gave it."""
import csv
import io
import json

from webapp.exports.rows import COLUMNS
from webapp.extensions import db
from webapp.services import reviews
from webapp.services.assignments import update_settings
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user


def _project_with_reviews(app):
    with app.app_context():
        lead, anna = make_user("lena"), make_user("anna")
        project = make_project(lead)
        add_member(project, anna, "annotator")
        update_settings(project, True, True)
        article = make_article(project, lead)
        accepted = make_claim(article, anna, "26 ISIS militants", status="unconfirmed",
                              rationale="Looked.")
        reviews.accept(accepted, lead, "lead", accepted.version)
        make_claim(article, anna, "a fighter said", status="unverifiable", rationale="No access.")
        make_claim(article, anna, "Thus far")
        db.session.commit()
        return project.id


def test_review_columns_are_exported(app, browser):
    assert COLUMNS.index("review_state") > COLUMNS.index("last_reviewed_by")
    assert "second_reviewer" in COLUMNS
    project_id = _project_with_reviews(app)
    browser.login("lena", PASSWORD)
    rows = list(csv.DictReader(io.StringIO(
        browser.get(f"/projects/{project_id}/export/claims.csv").get_data(as_text=True))))
    assert [(r["quote"], r["review_state"], r["second_reviewer"]) for r in rows] == [
        ("26 ISIS militants", "accepted", "lena"), ("a fighter said", "pending", ""),
        ("Thus far", "", "")]
    lines = browser.get(f"/projects/{project_id}/export/claims.jsonl").get_data(as_text=True)
    first = json.loads(lines.splitlines()[0])
    assert (first["review_state"], first["second_reviewer"]) == ("accepted", "lena")
