"""T33: who may export what, blind double review, foreign names in filters, the headers and
the access log."""
import json
import logging

import pytest

from tests.double_review_data import double, mark, team
from tests.exports.helpers import csv_rows, demo_with_history, signed_in
from tests.factories import add_member, make_article, make_claim, make_project, make_user
from webapp.extensions import db

FORMATS = ["claims.csv", "claims.jsonl", "annotations.jsonld", "claimreview.jsonld"]


@pytest.mark.parametrize("path", FORMATS + ["archive.jsonl", ""])
def test_outsiders_get_404_and_nothing(app, browser, path):
    project_id = demo_with_history(app)
    with app.app_context():
        make_user("oscar")
    response = signed_in(browser, "oscar").get(f"/projects/{project_id}/export/{path}")
    assert response.status_code == 404
    assert b"ISIS" not in response.data


@pytest.mark.parametrize("path", FORMATS)
def test_viewers_may_export_with_safe_headers(app, browser, path):
    project_id = demo_with_history(app)
    with app.app_context():
        from webapp.models import Project
        add_member(db.session.get(Project, project_id), make_user("vera"), "viewer")
    response = signed_in(browser, "vera").get(f"/projects/{project_id}/export/{path}")
    assert response.status_code == 200 and b"ISIS" in response.data
    headers = response.headers
    disposition = headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="claimtrail-project-')
    assert all(ch.isalnum() or ch in '-_.;="/ ' for ch in disposition)
    assert "charset=utf-8" in headers["Content-Type"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"


def test_the_archive_is_for_leads_only(app, browser):
    project_id = demo_with_history(app)
    with app.app_context():
        from webapp.models import Project
        add_member(db.session.get(Project, project_id), make_user("anna"), "annotator")
    browser = signed_in(browser, "anna")
    assert browser.get(f"/projects/{project_id}/export/archive.jsonl").status_code == 403
    assert "Project archive" not in browser.get(f"/projects/{project_id}/export/").get_data(as_text=True)


def test_blind_double_review_hides_the_other_reviewers_claims(app, browser):
    with app.app_context():
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        mark(article, anna, "26 ISIS militants have been killed", statement="ANNA-CLAIM")
        mark(article, omar, "The SDF took the village of Hamrat", statement="OMAR-CLAIM")
        project_id = project.id
    for who, seen in (("anna", ["ANNA-CLAIM"]), ("omar", ["OMAR-CLAIM"]), ("vera", []),
                      ("lena", ["ANNA-CLAIM", "OMAR-CLAIM"])):
        client = signed_in(type(browser)(app.test_client()), who)
        base = f"/projects/{project_id}/export"
        assert [r["statement"] for r in csv_rows(client.get(f"{base}/claims.csv"))] == seen, who
        doc = json.loads(client.get(f"{base}/annotations.jsonld").data)
        assert doc["total"] == len(seen)
        page = client.get(f"{base}/").get_data(as_text=True)
        assert f"<strong>{len(seen)}</strong>" in page


def test_filters_naming_another_projects_people_and_outlets_return_nothing(app, browser):
    with app.app_context():
        lena, bob = make_user("lena"), make_user("bob")
        ours = make_project(lena, "Ours")
        theirs = make_project(bob, "Theirs")
        article = make_article(ours, lena)
        make_claim(article, lena, "26 ISIS militants", status="unconfirmed", rationale="Looked.")
        foreign = make_article(theirs, bob, "THEIRS: 26 ISIS militants were killed.", title="Theirs")
        foreign.site_name = "Their Outlet"
        make_claim(foreign, bob, "26 ISIS militants", status="unconfirmed", rationale="Looked.")
        db.session.commit()
        project_id = ours.id
    browser = signed_in(browser)
    for query in ("reviewer=bob", "assignee=bob", "outlet=Their+Outlet"):
        for path in FORMATS:
            body = browser.get(f"/projects/{project_id}/export/{path}?{query}").get_data(as_text=True)
            assert "THEIRS" not in body and "Theirs" not in body
        assert csv_rows(browser.get(f"/projects/{project_id}/export/claims.csv?{query}")) == []


def test_every_export_is_logged(app, browser, caplog):
    project_id = demo_with_history(app)
    browser = signed_in(browser)
    with caplog.at_level(logging.INFO, logger="claimtrail.security"):
        for path in FORMATS + ["archive.jsonl"]:
            browser.get(f"/projects/{project_id}/export/{path}?status=false")
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("export ")]
    assert len(lines) == 5
    assert all(f"project_id={project_id}" in line and "user_id=" in line for line in lines)
    assert "format=annotations filters={'status': 'false'}" in lines[2]
