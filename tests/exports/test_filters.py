"""Each filter of the export page narrows every format the same way, in SQL, and the page
counts what the download will hold."""
import json
from datetime import date

import pytest

from tests.exports.helpers import csv_rows, signed_in
from tests.factories import add_member, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.models import Project
from webapp.services import articles, assignments

TEXT = "Officials said 12 were killed. Residents said 40 died. Nobody confirmed the toll."


def _article(project, user, title, **provenance):
    article = articles.import_text(project.id, user, f"{title}: {TEXT}",
                                   articles.Provenance(title=title, **provenance))
    db.session.commit()
    return article


@pytest.fixture
def project_id(app):
    with app.app_context():
        lena, anna, omar = make_user("lena"), make_user("anna"), make_user("omar")
        project = make_project(lena, "Filters")
        add_member(project, anna, "annotator")
        add_member(project, omar, "annotator")
        alpha = _article(project, lena, "Alpha", site_name="Alpha News", original_outlet="Wire",
                         published_on=date(2017, 5, 1))
        beta = _article(project, lena, "Beta", site_name="Beta Times", published_on=date(2017, 6, 15))
        gamma = _article(project, lena, "Gamma", site_name="Wire")
        make_claim(alpha, lena, "Officials said 12 were killed.", source_type="official",
                   status="unconfirmed", rationale="Looked.")
        make_claim(alpha, anna, "Residents said 40 died.", source_type="eyewitness",
                   status="unverifiable", rationale="No access.")
        # status given: create_claim counts a claim made without one as reviewed by its author
        make_claim(beta, anna, "Officials said 12 were killed.", source_type="official",
                   status="unreviewed")
        make_claim(gamma, omar, "Nobody confirmed the toll.", status="unreviewed")
        assignments.assign_article(db.session.get(Project, project.id), beta, omar, lena)
        db.session.commit()
        return project.id


CASES = {
    "": ["Alpha/Officials", "Alpha/Residents", "Beta/Officials", "Gamma/Nobody"],
    "status=unverifiable": ["Alpha/Residents"],
    "source_type=official": ["Alpha/Officials", "Beta/Officials"],
    "outlet=Wire": ["Alpha/Officials", "Alpha/Residents", "Gamma/Nobody"],   # original outlet or site
    "outlet=Beta+Times": ["Beta/Officials"],
    "published_from=2017-06-01": ["Beta/Officials"],
    "published_to=2017-05-31": ["Alpha/Officials", "Alpha/Residents"],
    "published_from=2017-05-01&published_to=2017-06-15": ["Alpha/Officials", "Alpha/Residents",
                                                          "Beta/Officials"],
    "reviewer=lena": ["Alpha/Officials"],
    "reviewer=anna": ["Alpha/Residents"],
    "assignee=omar": ["Beta/Officials"],
    "assignee=omar&source_type=official": ["Beta/Officials"],
    "reviewer=nobody-here": [],
    "outlet=Nowhere": [],
    "status=not-a-status": [],
}


def _names(rows):
    return sorted(f"{r['article_title']}/{r['quote'].split()[0]}" for r in rows)


@pytest.mark.parametrize("query", list(CASES))
def test_each_filter_narrows_the_export(app, browser, project_id, query):
    browser = signed_in(browser)
    base = f"/projects/{project_id}/export"
    expected = CASES[query]
    assert _names(csv_rows(browser.get(f"{base}/claims.csv?{query}"))) == expected
    jsonl = browser.get(f"{base}/claims.jsonl?{query}").get_data(as_text=True).splitlines()
    assert _names(json.loads(line) for line in jsonl) == expected
    doc = json.loads(browser.get(f"{base}/annotations.jsonld?{query}").data)
    assert doc["total"] == len(doc["first"]["items"]) == len(expected)
    page = browser.get(f"{base}/?{query}").get_data(as_text=True)
    assert f"<strong>{len(expected)}</strong> claim" in page


def test_claimreview_keeps_the_final_statuses_the_filters_allow(app, browser, project_id):
    browser = signed_in(browser)
    doc = json.loads(browser.get(f"/projects/{project_id}/export/claimreview.jsonld?reviewer=anna").data)
    assert [r["reviewRating"]["alternateName"] for r in doc["@graph"]] == ["Unverifiable"]


def test_a_malformed_date_is_refused_with_a_message(app, browser, project_id):
    browser = signed_in(browser)
    response = browser.get(f"/projects/{project_id}/export/claims.csv?published_from=May+2017")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_data(as_text=True)
    page = browser.get(f"/projects/{project_id}/export/?published_from=May+2017")
    assert page.status_code == 200 and "YYYY-MM-DD" in page.get_data(as_text=True)


def test_export_page_offers_the_projects_lists_and_members(app, browser, project_id):
    browser = signed_in(browser)
    project_page = browser.get(f"/projects/{project_id}").get_data(as_text=True)
    assert f'href="/projects/{project_id}/export/">Export…</a>' in project_page
    page = browser.get(f"/projects/{project_id}/export/").get_data(as_text=True)
    assert '<label for="export-status">Status</label>' in page
    for value in ('value="official"', 'value="Alpha News"', 'value="Wire"', 'value="omar"',
                  'name="trail"', "Prepare XLSX", 'value="claimreview"', "Project archive"):
        assert value in page, value
    assert "<strong>4</strong> claims in this export" in page


def test_the_form_starts_the_chosen_download_with_its_filters(app, browser, project_id):
    browser = signed_in(browser)
    start = f"/projects/{project_id}/export/start"
    response = browser.get(f"{start}?format=csv&status=unverifiable&trail=1")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/export/claims.csv?status=unverifiable&trail=1")
    assert _names(csv_rows(browser.get(response.headers["Location"]))) == ["Alpha/Residents"]
    response = browser.get(f"{start}?format=annotations")
    assert response.headers["Location"].endswith("/export/annotations.jsonld")
    response = browser.get(f"{start}?format=exe", follow_redirects=True)
    assert "Choose a format." in response.get_data(as_text=True)


def test_filters_the_form_has_no_field_for_are_named_and_kept(app, browser, project_id):
    """A dashboard figure or the claim list sends its own filters (here: any final status,
    eyewitness sources): the page names them, counts with them, and its form keeps them."""
    browser = signed_in(browser)
    page = browser.get(f"/projects/{project_id}/export/?status=final&kind=&source_type=eyewitness"
                       "&independent_sources=single").get_data(as_text=True)
    assert '<option value="final" selected>Any final status</option>' in page
    assert '<input type="hidden" name="independent_sources" value="single">' in page
    assert "<code>independent_sources = single</code>" in page
    assert "<strong>1</strong> claim matches the filters" in page   # Alpha/Residents
    dropped = f'href="/projects/{project_id}/export/?status=final&amp;source_type=eyewitness">Drop these</a>'
    assert dropped in page
    plain = browser.get(f"/projects/{project_id}/export/?status=final").get_data(as_text=True)
    assert 'id="export-also"' not in plain
