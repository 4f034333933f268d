"""Two reviewers edit the same claim at once (T38): the second save is refused with a clear
message and both versions shown; the first save stays stored, and the history holds only it."""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in, stored_claims
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.services.claims import fetch_history

pytestmark = pytest.mark.browser
QUOTE = "26 ISIS militants have been killed"


def test_second_save_on_an_older_version_is_refused_and_shows_the_other_change(app, new_context, watch):
    with app.app_context():
        lena, omar = make_user("lena"), make_user("omar")
        project = make_project(lena, "Raqqa")
        add_member(project, omar, "annotator")
        article = make_article(project, lena)
        claim = make_claim(article, lena, QUOTE, statement="26 militants killed", kind="casualty_figure",
                           figures="26 — militants killed\ndozens — injured")
        project_id, claim_id = project.id, claim.id
    url = f"/projects/{project_id}/claims/{claim_id}"

    a = watch.attach(new_context().new_page())
    b = watch.attach(new_context().new_page())
    sign_in(a, "lena", PASSWORD)
    sign_in(b, "omar", PASSWORD)
    a.goto(url)
    b.goto(url)  # both hold version 1

    form_a = a.locator("#claim-edit-form")
    form_a.get_by_label("Verification status").select_option(label="Unconfirmed")
    form_a.get_by_label("Rationale").fill("Only the fighter says so.")
    form_a.get_by_label("Why this change (kept in the history)").fill("Lena checked")
    form_a.get_by_role("button", name="Save changes").click()
    expect(a.get_by_role("status")).to_have_text("Claim saved.")

    form_b = b.locator("#claim-edit-form")
    form_b.get_by_label("Statement (the claim restated plainly)").fill("Omar's wording of the claim")
    form_b.get_by_label("Source type").select_option(label="Individual combatant")
    form_b.get_by_role("button", name="Save changes").click()

    conflict = b.get_by_role("alert")
    expect(conflict).to_contain_text("Someone else saved this claim while you were editing")
    expect(conflict).to_contain_text("changed by someone else")
    expect(conflict).to_contain_text("Nothing of yours was saved")
    # Exactly what Lena changed (the untouched multi-line figures are not a change).
    expect(conflict.locator("tbody tr td:nth-child(2)")).to_have_text(["rationale", "status"])
    status_row = conflict.locator("tr", has_text="status")
    expect(status_row).to_contain_text("Lena")
    expect(status_row.locator("td").nth(2)).to_have_text("Unreviewed")
    expect(status_row.locator("td").nth(3)).to_have_text("Unconfirmed")
    expect(status_row.locator("td").nth(4)).to_have_text("Unreviewed")  # what Omar's form held
    expect(conflict.locator("tr", has_text="rationale")).to_contain_text("Only the fighter says so.")
    # Omar's own edits are still in his form, to apply again.
    expect(form_b.get_by_label("Statement (the claim restated plainly)")).to_have_value("Omar's wording of the claim")
    # The page around the form shows what is stored now: Lena's version.
    expect(b.locator(".facts .status")).to_have_text("Unconfirmed")

    [stored] = stored_claims(app)
    assert (stored.status, stored.rationale, stored.statement, stored.source_type) == (
        "unconfirmed", "Only the fighter says so.", "26 militants killed", "")
    with app.app_context():
        events = [(e.action, e.actor.username) for e in fetch_history(claim_id)]
        db.session.remove()
    assert events == [("created", "lena"), ("status_changed", "lena")]

    a.get_by_role("link", name="History").click()
    timeline = a.locator(".timeline > li")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(1)).to_contain_text("Status changed by Lena")
    expect(a.locator(".timeline")).not_to_contain_text("Omar")

    # Starting again from the stored version, Omar's save goes through.
    b.get_by_role("link", name="Start again from their version").click()
    expect(form_b.get_by_label("Verification status")).to_have_value("unconfirmed")
    form_b.get_by_label("Statement (the claim restated plainly)").fill("Omar's wording of the claim")
    form_b.get_by_role("button", name="Save changes").click()
    expect(b.get_by_role("status")).to_have_text("Claim saved.")
    [stored] = stored_claims(app)
    assert (stored.status, stored.statement) == ("unconfirmed", "Omar's wording of the claim")
    assert watch.errors == [] and watch.csp_violations == []
