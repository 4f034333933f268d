"""Adding members (README "People and roles"): a lead adds by exact username, learns whether
the account exists (nothing more about it), and the person added sees the project in their
list with who added them. Only admins see the list of accounts."""
import re

from sqlalchemy import select

from tests.factories import PASSWORD, make_project, make_user
from webapp.extensions import db
from webapp.models import Membership

from tests.security.conftest import body, diff, snapshot


def project_of(app):
    with app.app_context():
        lena, anna, _ = make_user("lena"), make_user("anna"), make_user("oscar")
        lena.display_name = "Lena Lindqvist"
        db.session.commit()
        return make_project(lena, "Raqqa").id


def test_the_added_member_sees_the_project_and_who_added_them(app, browser, other_browser):
    project_id = project_of(app)
    browser.login("lena", PASSWORD)
    response = browser.post(f"/projects/{project_id}/members", {"username": " Anna ", "role": "annotator"})
    assert response.status_code == 302
    assert "anna joined as annotator." in body(browser.get(f"/projects/{project_id}/members"))

    other_browser.login("anna", PASSWORD)
    page = body(other_browser.get("/"))
    entry = re.search(r"<li>.*?Raqqa.*?</li>", page, re.S).group(0)
    assert re.search(r"Annotator, added by Lena Lindqvist \(lena\) on \d{4}-\d\d-\d\d", entry), entry
    with app.app_context():
        membership = db.session.scalar(select(Membership).where(Membership.role == "annotator"))
        assert membership.added_by.username == "lena" and membership.added_at is not None
    lead_entry = re.search(r"<li>.*?Raqqa.*?</li>", body(browser.get("/")), re.S).group(0)
    assert "added by" not in lead_entry     # the project's founder was added by nobody


def test_an_unknown_username_is_named_and_nothing_is_added(app, browser):
    project_id = project_of(app)
    browser.login("lena", PASSWORD)
    before = snapshot(app)
    response = browser.post(f"/projects/{project_id}/members", {"username": "annna", "role": "viewer"})
    assert response.status_code == 200
    assert "No account is named “annna”. Usernames are exact; an admin makes new accounts." in body(response)
    assert diff(before, snapshot(app)) == {}


def test_only_admins_see_the_account_list(app, browser):
    project_of(app)
    browser.login("lena", PASSWORD)                 # a lead, but not an admin
    response = browser.get("/admin/users")
    assert response.status_code == 403 and "oscar" not in body(response)
    assert "oscar" not in body(browser.get("/"))
