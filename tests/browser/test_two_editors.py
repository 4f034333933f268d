"""Two reviewers edit the same claim at once (T38): the second save is refused with a clear
message and both versions shown; the first save stays stored, and the history holds only it.
One person in two tabs (issue 10): the card says so, and re-applies their changes onto the
newer version in one click, to be saved once (and refused again if yet another save came)."""
import re

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
    a.get_by_role("link", name="Edit").click()   # the claim is shown read-only; Edit opens the form
    b.keyboard.press("e")                        # or the key e

    form_a = a.locator("#claim-edit-form")
    form_a.get_by_label("Verification status").select_option(label="Unconfirmed")
    form_a.get_by_label("Rationale").fill("Only the fighter says so.")
    form_a.get_by_label("Why this change (kept in the history)").fill("Lena checked")
    form_a.get_by_role("button", name="Save changes").click()
    expect(a.locator(".flash")).to_have_text("Claim saved.")

    form_b = b.locator("#claim-edit-form")
    form_b.get_by_label("Statement (the claim restated plainly)").fill("Omar's wording of the claim")
    form_b.get_by_label("Source type").select_option(label="Individual combatant")
    form_b.get_by_role("button", name="Save changes").click()

    conflict = b.get_by_role("alert")
    expect(conflict.get_by_role("heading")).to_have_text(
        re.compile(r"Lena saved this claim at \d\d:\d\d UTC while you were editing"))
    expect(conflict).to_contain_text("changed by someone else")
    expect(conflict).to_contain_text("Nothing of yours was saved")
    # What Lena changed (the untouched multi-line figures are not a change), then Omar's own,
    # named as the form names them.
    expect(conflict.locator("tbody th")).to_have_text(
        ["Rationale", "Verification status", "Statement", "Source type"])
    status_row = conflict.locator("tr", has_text="Verification status")
    expect(status_row.locator("td").nth(0)).to_have_text("Unreviewed")        # as Omar opened it
    expect(status_row.locator("td").nth(1)).to_contain_text("Unconfirmed")    # Lena's save
    expect(status_row.locator("td").nth(1)).to_contain_text("Lena")
    expect(status_row.locator("td").nth(2)).to_have_text("unchanged")          # Omar left it
    expect(conflict.locator("tr", has_text="Rationale")).to_contain_text("Only the fighter says so.")
    expect(conflict.locator("tr", has_text="Source type").locator("td").nth(2)).to_have_text("Individual combatant")
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
    b.get_by_role("link", name="Discard mine and start from the newer version").click()
    expect(b.get_by_role("alert")).to_have_count(0)
    b.get_by_role("link", name="Edit").click()
    expect(form_b.get_by_label("Verification status")).to_have_value("unconfirmed")
    form_b.get_by_label("Statement (the claim restated plainly)").fill("Omar's wording of the claim")
    form_b.get_by_role("button", name="Save changes").click()
    expect(b.locator(".flash")).to_have_text("Claim saved.")
    [stored] = stored_claims(app)
    assert (stored.status, stored.statement) == ("unconfirmed", "Omar's wording of the claim")
    assert watch.errors == [] and watch.csp_violations == []


def test_one_person_in_two_tabs_reapplies_their_changes_onto_the_newer_version(app, new_context, watch):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Raqqa")
        claim = make_claim(make_article(project, lena), lena, QUOTE, statement="26 militants killed",
                           kind="casualty_figure")
        project_id, claim_id = project.id, claim.id
    url = f"/projects/{project_id}/claims/{claim_id}"
    context = new_context()
    first, second = watch.attach(context.new_page()), watch.attach(context.new_page())
    sign_in(first, "lena", PASSWORD)
    for tab in (first, second):
        tab.goto(url)
        tab.keyboard.press("e")
    first.get_by_label("Verification status").select_option(label="Unconfirmed")
    first.get_by_label("Rationale").fill("Only the fighter says so.")
    first.get_by_role("button", name="Save changes").click()
    expect(first.locator(".flash")).to_have_text("Claim saved.")

    second.get_by_label("Statement (the claim restated plainly)").fill("Lena's plainer wording")
    second.get_by_role("button", name="Save changes").click()
    card = second.get_by_role("alert")
    expect(card.get_by_role("heading")).to_have_text(
        re.compile(r"You saved this claim in another tab or window at \d\d:\d\d UTC"))
    expect(card).not_to_contain_text("omeone else")
    expect(card.locator("tr", has_text="Statement").locator("td").nth(2)).to_have_text("Lena's plainer wording")
    expect(card.locator("tr", has_text="Verification status").locator("td").nth(1)).to_contain_text("Unconfirmed")

    second.get_by_role("button", name="Re-apply my changes onto the newer version").click()
    expect(second.locator(".flash")).to_contain_text("on top of version 2")
    form = second.locator("#claim-edit-form")
    expect(form).to_be_visible()
    expect(form.get_by_label("Statement (the claim restated plainly)")).to_have_value("Lena's plainer wording")
    expect(form.get_by_label("Verification status")).to_have_value("unconfirmed")   # the other save kept
    expect(form.get_by_label("Rationale")).to_have_value("Only the fighter says so.")
    [stored] = stored_claims(app)
    assert (stored.version, stored.statement) == (2, "26 militants killed")      # nothing saved yet

    # Yet another save in the first tab: the re-applied form is refused like any stale one.
    first.goto(url)
    first.keyboard.press("e")
    first.get_by_label("Rationale").fill("Still only the fighter.")
    first.get_by_role("button", name="Save changes").click()
    expect(first.locator(".flash")).to_have_text("Claim saved.")
    form.get_by_role("button", name="Save changes").click()
    expect(second.get_by_role("alert").get_by_role("heading")).to_contain_text("You saved this claim")
    second.get_by_role("button", name="Re-apply my changes onto the newer version").click()
    second.locator("#claim-edit-form").get_by_role("button", name="Save changes").click()
    expect(second.locator(".flash")).to_have_text("Claim saved.")
    [stored] = stored_claims(app)
    assert (stored.version, stored.statement, stored.status, stored.rationale) == (
        4, "Lena's plainer wording", "unconfirmed", "Still only the fighter.")
    assert watch.errors == [] and watch.csp_violations == []
