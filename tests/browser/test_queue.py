"""My queue from the keyboard: j / k move through the items, Enter opens the focused one."""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, add_member, make_article, make_project, make_user
from webapp.extensions import db
from webapp.services import assignments as assignment_service

pytestmark = pytest.mark.browser


def test_an_annotator_works_through_the_queue_without_a_mouse(app, page, watch):
    with app.app_context():
        lena, anna = make_user("lena"), make_user("anna")
        project = make_project(lena, "Raqqa")
        add_member(project, anna, "annotator")
        articles = [make_article(project, lena, f"Report {n}: 26 ISIS militants have been killed, "
                                 "a fighter said.", title=f"Queue report {n}") for n in range(3)]
        assignment_service.bulk_assign(project, [a.id for a in articles], anna, lena)
        db.session.commit()
        project_id, second_id = project.id, articles[1].id
    sign_in(page, "anna", PASSWORD)
    page.get_by_role("link", name="My queue").click()
    page.wait_for_url("**/queue")
    items = page.locator("[data-queue-item] a")
    expect(items).to_have_count(3)
    page.keyboard.press("j")
    expect(items.nth(0)).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(items.nth(2)).to_be_focused()
    page.keyboard.press("k")
    expect(items.nth(1)).to_be_focused()
    expect(page.locator("[data-queue-item].current")).to_have_count(1)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/projects/{project_id}/articles/{second_id}")
    expect(page.get_by_role("heading", name="Queue report 1")).to_be_visible()
    # The reading view still works from the keyboard: the assignee starts it with Tab and Enter.
    page.get_by_role("button", name="Start").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_have_text("anna: in progress.")
    assert watch.errors == [] and watch.csp_violations == []
