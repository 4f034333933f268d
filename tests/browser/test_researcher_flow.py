"""The researcher's path of the issue, in a real browser: sign in, import the demo article,
select a claim with the mouse, record its sourcing, follow the highlight, change the status,
read the history, export CSV."""
import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import draft_highlight, drag_select, sign_in, stored_claims
from tests.factories import PASSWORD, make_project, make_user
from webapp.extensions import db
from webapp.models import Source
from webapp.services.demo import DEMO_FILE, demo_text

pytestmark = pytest.mark.browser
QUOTE = "26 ISIS militants have been killed and dozens more injured"


def test_researcher_marks_sources_reviews_and_exports_a_claim(app, page, watch, tmp_path):
    with app.app_context():
        project_id = make_project(make_user("lena"), "Raqqa").id
    text = demo_text()
    start = text.index(QUOTE)

    sign_in(page, "lena", PASSWORD)
    expect(page.get_by_role("heading", name="Projects")).to_be_visible()
    page.get_by_role("link", name="Raqqa").click()
    page.get_by_role("link", name="Import article").click()

    # Upload the scraped page's text as a file.
    upload = page.locator("form[enctype='multipart/form-data']")
    demo = tmp_path / DEMO_FILE
    demo.write_text(text, encoding="utf-8")
    upload.get_by_label(".txt or .html file").set_input_files(demo)
    upload.get_by_label("Site where we read it").fill("Islamic Invitation Turkey")
    upload.get_by_role("button", name="Upload and import").click()
    expect(page.locator(".flash")).to_have_text(re.compile(r"^Article imported\. Encoding: UTF-8"))
    expect(page.locator("#article-text")).to_contain_text("Huge ISIS casualties in rural Raqqa")

    # Select the claim with the mouse: the form opens with exactly those words.
    form = page.locator("#claim-form")
    expect(form).to_be_hidden()
    drag_select(page, QUOTE)
    expect(form).to_be_visible()
    expect(form.get_by_label("Quote (exact words in the article)")).to_have_value(QUOTE)
    expect(page.locator("[data-span-info]")).to_have_text(f"Characters {start}–{start + len(QUOTE)} of the article.")
    expect(form.get_by_label("Statement (the claim restated plainly)")).to_be_focused()
    assert draft_highlight(page) == QUOTE  # the words stay marked in the text
    expect(form.get_by_role("button", name="Save claim")).to_be_in_viewport()

    form.get_by_label("Statement (the claim restated plainly)").fill(
        "26 ISIS militants were killed in western Raqqa on 10–11 May 2017.")
    form.get_by_label("Claim kind").select_option(label="Casualty figure")
    form.get_by_label("Figures note (as written, anything the figures do not say)").fill(
        "26 — ISIS militants killed\ndozens — ISIS militants injured")
    form.get_by_label("Attribution in the text").fill("a Swedish foreign fighter operating in SDF ranks said")
    form.get_by_label("Source type").select_option(label="Individual combatant")
    form.get_by_label("Named?").select_option(label="Unnamed / anonymous")
    form.get_by_label("Party to the events?").select_option(label="Party to the conflict")
    new_name = form.get_by_label("New source: name")
    expect(new_name).to_be_hidden()
    form.get_by_label("Source (from the registry)").select_option(label="+ Register a new source…")
    expect(new_name).to_be_visible()
    new_name.fill("Unnamed Swedish foreign fighter in SDF ranks")
    form.get_by_label("New source: affiliation").fill("Syrian Democratic Forces (SDF)")
    form.get_by_label("Verification status").select_option(label="Unconfirmed")
    form.get_by_role("button", name="Save claim").click()

    # A final status needs a rationale: the form comes back open, with everything kept.
    expect(form.locator("#rationale-error")).to_have_text("A claim marked unconfirmed needs a rationale.")
    expect(form).to_be_visible()
    expect(form.get_by_label("Quote (exact words in the article)")).to_have_value(QUOTE)
    expect(form.get_by_label("New source: name")).to_have_value("Unnamed Swedish foreign fighter in SDF ranks")
    expect(form.get_by_label("Rationale")).to_have_attribute("aria-invalid", "true")
    assert draft_highlight(page) == QUOTE
    assert stored_claims(app) == []
    form.get_by_label("Rationale").fill("No second source found for the figure.")
    form.get_by_role("button", name="Save claim").click()

    expect(page.locator(".flash")).to_have_text("Claim saved.")
    [claim] = stored_claims(app)
    with app.app_context():  # registered once, although the first save was refused
        assert [s.name for s in db.session.scalars(db.select(Source))] == [
            "Unnamed Swedish foreign fighter in SDF ranks"]
    assert (claim.quote, claim.start_offset, claim.end_offset) == (QUOTE, start, start + len(QUOTE))
    assert (claim.source_type, claim.named, claim.party, claim.status) == (
        "combatant", "unnamed", "party", "unconfirmed")
    assert claim.figures == "26 — ISIS militants killed\ndozens — ISIS militants injured"
    mark = page.locator(f"mark[data-claims='{claim.id}']")
    expect(mark).to_have_text(QUOTE)
    expect(mark).to_be_in_viewport(ratio=1)  # back where the reader was, the new claim on screen
    expect(mark).to_have_class("hl depth-1 active")
    item = page.locator(f"#claim-{claim.id}")
    expect(item).to_contain_text(QUOTE)
    expect(item).to_contain_text("Individual combatant")
    expect(item).to_contain_text("Unnamed / anonymous")

    # The highlight leads to the claim's page.
    mark.click()
    page.wait_for_url(f"**/projects/{project_id}/claims/{claim.id}")
    expect(page.locator("blockquote.quote")).to_have_text(QUOTE)
    expect(page.locator(".facts")).to_contain_text("Unnamed Swedish foreign fighter in SDF ranks")
    page.get_by_role("link", name="Edit").click()   # the claim is shown read-only until then
    edit = page.locator("#claim-edit-form")
    edit.get_by_label("Verification status").select_option(label="Unverifiable")
    edit.get_by_label("Rationale").fill("Nobody can reach the front line to count.")
    edit.get_by_label("Why this change (kept in the history)").fill("No access to the area")
    edit.get_by_role("button", name="Save changes").click()
    expect(page.locator(".flash")).to_have_text("Claim saved.")
    expect(page.locator(".facts .status")).to_have_text("Unverifiable")

    page.get_by_role("link", name="History").click()
    events = page.locator(".timeline > li")
    expect(events).to_have_count(2)
    expect(events.nth(0)).to_contain_text("Created by Lena")
    expect(events.nth(1)).to_contain_text("Status changed by Lena")
    expect(events.nth(1)).to_contain_text("Why: No access to the area")
    expect(events.nth(1).locator("tbody tr td:first-child")).to_have_text(["Rationale", "Verification status"])
    expect(events.nth(1).locator("tr", has_text="Verification status")).to_contain_text("Unconfirmed")
    expect(events.nth(1).locator("tr", has_text="Verification status")).to_contain_text("Unverifiable")

    page.get_by_role("link", name="Raqqa").first.click()
    page.get_by_role("link", name="Export…").click()
    expect(page.locator("[data-export-count]")).to_contain_text("claim")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export", exact=True).click()   # CSV is the default
    download = download_info.value
    assert download.suggested_filename.startswith(f"claimtrail-project-{project_id}-")
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    [row] = [r for r in rows if r["quote"] == QUOTE]
    assert (int(row["start"]), int(row["end"])) == (start, start + len(QUOTE))
    assert row["status"] == "unverifiable" and row["created_by"] == "lena"
    assert not watch.errors and not watch.csp_violations, (watch.errors, watch.console)
