"""The claim page's second review and discussion in a real browser: reachable by keyboard, no
script errors or CSP violations, and what the reviewer does shows for the author."""
import os

from playwright.sync_api import expect

from webapp.extensions import db
from webapp.models import Claim
from webapp.services.assignments import update_settings
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user

from .helpers import sign_in

SHOTS = os.environ.get("CLAIMTRAIL_SCREENSHOTS")  # a folder, to look at the pages by eye


def _setup(app):
    with app.app_context():
        lead, anna, omar = make_user("lena"), make_user("anna"), make_user("omar")
        project = make_project(lead, "Raqqa")
        add_member(project, anna, "annotator")
        add_member(project, omar, "annotator")
        update_settings(project, True, True)
        article = make_article(project, lead, title="Raqqa report")
        claim = make_claim(article, anna, "26 ISIS militants", status="unconfirmed",
                           rationale="No second source found.")
        db.session.commit()
        return f"/projects/{project.id}/claims/{claim.id}", claim.id


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_reviewer_discusses_and_sends_back_by_keyboard(app, new_context, watch):
    url, claim_id = _setup(app)
    reviewer = watch.attach(new_context().new_page())
    sign_in(reviewer, "omar", PASSWORD)
    reviewer.goto(url)
    expect(reviewer.get_by_text("Waiting for second review").first).to_be_visible()
    _shot(reviewer, "claim-reviewer")

    reviewer.get_by_label("Comment (@username tells a member)").fill("@anna which report is this?")
    reviewer.get_by_role("button", name="Add comment").press("Enter")
    reviewer.wait_for_url(f"**{url}#comment-*")
    assert reviewer.locator(".comment-text").first.inner_text() == "@anna which report is this?"

    # Send back, with the keyboard only: open the disclosure, type, submit.
    summary = reviewer.get_by_text("Send back to the author…")
    summary.focus()
    reviewer.keyboard.press("Enter")
    reviewer.get_by_label("Comment (kept in the history)").last.fill("Please link the report.")
    reviewer.keyboard.press("Tab")
    with reviewer.expect_navigation():
        reviewer.keyboard.press("Enter")
    expect(reviewer.get_by_text("Sent back by Omar").first).to_be_visible()
    with app.app_context():
        assert db.session.get(Claim, claim_id).review_state == "sent_back"

    author = watch.attach(new_context().new_page())
    sign_in(author, "anna", PASSWORD)
    author.goto(url)
    expect(author.get_by_text("Please link the report.").first).to_be_visible()
    author.get_by_text("Reply", exact=True).first.click()
    author.get_by_label("Reply to Omar").fill("The SOHR one, linked now.")
    author.get_by_role("button", name="Send reply").click()
    author.wait_for_url(f"**{url}#comment-*")
    _shot(author, "claim-author")
    author.goto(f"{url}/history")
    assert author.locator(".replies .comment-text").inner_text() == "The SOHR one, linked now."
    _shot(author, "history")
    assert watch.errors == [] and watch.csp_violations == []
