"""A lead edits the project's lists; sources are registered and graded with their history."""
from webapp.extensions import db
from webapp.models import ListItem, Source, SourceGrade
from tests.factories import PASSWORD, add_member, make_project, make_user


def _project(app):
    with app.app_context():
        lead = make_user("lena")
        project = make_project(lead)
        add_member(project, make_user("anna"), "annotator")
        return project.id


def test_lead_adds_renames_and_retires_list_values(app, browser):
    project_id = _project(app)
    browser.login("lena", PASSWORD)
    page = f"/projects/{project_id}/lists"
    assert "Individual combatant" in browser.get(page).get_data(as_text=True)
    assert browser.post(f"{page}/source_type", {"label": "Leaked recording"}, form_url=page).status_code == 302
    with app.app_context():
        item = db.session.scalar(db.select(ListItem).where(ListItem.label == "Leaked recording"))
        item_id, key = item.id, item.key
    browser.post(f"{page}/items/{item_id}", {"label": "Leaked audio", "action": "rename"}, form_url=page)
    browser.post(f"{page}/items/{item_id}", {"label": "Leaked audio", "action": "retire"}, form_url=page)
    with app.app_context():
        item = db.session.get(ListItem, item_id)
        assert (item.label, item.key, item.retired) == ("Leaked audio", key, True)
    # A retired value is not offered on the claim form.
    assert "Leaked audio" in browser.get(page).get_data(as_text=True)


def test_annotator_cannot_edit_lists(app, browser):
    project_id = _project(app)
    browser.login("anna", PASSWORD)
    page = f"/projects/{project_id}/lists"
    response = browser.post(f"{page}/source_type", {"label": "Mine"}, form_url=page)
    assert response.status_code == 403
    with app.app_context():
        assert not db.session.scalar(db.select(ListItem).where(ListItem.label == "Mine"))


def test_source_is_registered_and_regraded_with_history(app, browser):
    project_id = _project(app)
    browser.login("anna", PASSWORD)
    page = f"/projects/{project_id}/sources/"
    response = browser.post(page, {"name": "Unnamed Swedish fighter", "entry_kind": "person",
                                   "affiliation": "SDF", "notes": "Contact via X", "sensitive": "y",
                                   "reliability": "F", "reason": "Anonymous"})
    assert response.status_code == 302
    source_page = response.headers["Location"]
    assert browser.post(source_page, {"reliability": "C", "reason": "Matched two later reports"}).status_code == 302
    html = browser.get(source_page).get_data(as_text=True)
    assert "Matched two later reports" in html and "Anonymous" in html
    with app.app_context():
        source = db.session.scalar(db.select(Source))
        assert source.reliability == "C" and source.sensitive
        assert [g.grade for g in db.session.scalars(db.select(SourceGrade).order_by(SourceGrade.id))] == ["F", "C"]
    # Grading without a reason is refused.
    response = browser.post(source_page, {"reliability": "A", "reason": ""})
    assert response.status_code == 200 and "This field is required" in response.get_data(as_text=True)
