"""Issue 11 in a real browser: three reports of one claim — one article a near copy of another
under a rewritten headline, one an independent report with another figure. The researcher marks
the figure, sees the copy named, links the suggested reports with one key, is refused confirming
while the only corroboration is the copy, then sees the cluster: three reports, two independent
origins, the range and the grade."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.helpers import drag_select, sign_in
from tests.factories import PASSWORD, make_project, make_user
from webapp.corroboration import copies
from webapp.extensions import db
from webapp.models import Claim
from webapp.services import articles as article_service
from webapp.services import claims as claim_service

pytestmark = pytest.mark.browser
BODY = ("Thus far, 26 ISIS militants have been killed and dozens more injured in fighting west of "
        "Raqqa, a Swedish foreign fighter operating in SDF ranks said on Thursday. The attacks on "
        "the villages of Ayed al-Kabeer, Ibad and Al-Mashirfa began before dawn and lasted into "
        "the afternoon, forcing the garrisons to call upon US air support to repel the attack. "
        "ISIS commanders reportedly hope to drive US allies back across Lake Assad before the "
        "summer, while battles near Aleppo and Palmyra have diverted thousands of jihadists.")
INDEPENDENT = ("The Observatory counted 31 ISIS militants killed in the fighting west of Raqqa on "
               "Thursday, according to its network of monitors in the villages on the front line.")
QUOTE = "26 ISIS militants have been killed"


def _world(app):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Raqqa")
        first = article_service.import_text(project.id, lena, "Huge ISIS casualties in rural Raqqa\n\n" + BODY,
                                            article_service.Provenance(title="Huge ISIS casualties", site_name="ANHA"))
        copy = article_service.import_text(project.id, lena, "SDF repels ISIS west of Raqqa\n\n" + BODY
                                           + " Subscribe to our newsletter.",
                                           article_service.Provenance(title="SDF repels ISIS", site_name="Daily Report"))
        other = article_service.import_text(project.id, lena, INDEPENDENT,
                                            article_service.Provenance(title="Observatory count", site_name="SOHR"))
        db.session.commit()
        copies.find_copies(project.id)
        db.session.commit()
        for article, quote, figure in ((copy, QUOTE, "26 killed combatants"),
                                       (other, "31 ISIS militants killed", "31 killed combatants")):
            start = article.text.index(quote)
            claim_service.create_claim(article, lena, start, start + len(quote), quote,
                                       {"kind": "casualty_figure", "statement": "ISIS militants killed west of Raqqa",
                                        "structured_figures": [{"text": figure}]})
        db.session.commit()
        return project.id, first.id, copy.id


def test_three_reports_two_origins_and_a_copy_that_does_not_corroborate(app, page):
    project_id, first_id, copy_id = _world(app)
    sign_in(page, "lena", PASSWORD)
    page.goto(f"/projects/{project_id}/articles/{first_id}")
    expect(page.get_by_text("Also published as")).to_be_visible()
    expect(page.locator("#copies")).to_contain_text("Daily Report")
    expect(page.locator("#copies")).to_contain_text("SDF repels ISIS")

    # Mark the figure in the first article.
    drag_select(page, QUOTE)
    form = page.locator("#claim-form")
    expect(form).to_be_visible()
    form.get_by_label("Statement (the claim restated plainly)").fill("26 ISIS militants were killed west of Raqqa.")
    form.get_by_label("Claim kind").select_option(label="Casualty figure")
    form.locator("input[name$='-text']").first.fill("26 ISIS militants killed")
    form.get_by_role("button", name="Save claim").click()
    with app.app_context():
        mine = db.session.scalar(select(Claim.id).where(Claim.article_id == first_id))
        copy_claim = db.session.scalar(select(Claim.id).where(Claim.article_id == copy_id))
    page.goto(f"/projects/{project_id}/claims/{mine}")

    # The copy's report is suggested; link it with one key.
    suggestions = page.locator("[data-suggestions] li")
    expect(suggestions.first).to_contain_text("26 ISIS militants have been killed")
    expect(suggestions.first).to_contain_text("Daily Report")
    page.wait_for_load_state("load")
    page.keyboard.press("1")
    expect(page.get_by_role("alert").or_(page.locator(".flash"))).to_contain_text(
        "the cluster now holds 2 reports from 1 independent origin")

    # Confirming now is refused: the only corroboration is the copy. (The page's script is
    # deferred: under load the key would come before its shortcuts are bound.)
    page.wait_for_load_state("load")
    page.keyboard.press("e")
    edit = page.locator("#claim-edit-form")
    edit.get_by_label("Verification status").select_option(label="Confirmed")
    edit.get_by_label("Rationale").fill("Two outlets report it.")
    edit.get_by_text("Add evidence with this save").click()
    edit.get_by_label("Evidence link").fill("https://example.org/daily-report")
    edit.get_by_role("button", name=re.compile("Save changes")).click()
    expect(page.locator("#status-error")).to_contain_text(
        "needs corroboration from an origin other than its own")
    with app.app_context():
        assert db.session.get(Claim, mine).status == "unreviewed"

    # Link the independent report (the next suggestion) and read the cluster.
    page.goto(f"/projects/{project_id}/claims/{mine}")
    expect(page.locator("[data-suggestions] li").first).to_contain_text("31 ISIS militants killed")
    page.keyboard.press("1")
    page.get_by_role("link", name=re.compile(r"Cluster #\d+")).click()
    expect(page.get_by_role("heading", name="Grade: Corroborated")).to_be_visible()
    expect(page.locator("#report-%d" % copy_claim)).to_be_visible()
    expect(page.locator("tr[id^=report-]")).to_have_count(3)
    expect(page.locator("dl.facts")).to_contain_text(re.compile(r"Independent origins\s*2"))
    expect(page.locator(".origins")).to_contain_text("copy of article")
    row = page.locator("table.table tr", has_text="killed · combatants").first
    expect(row).to_contain_text("26")
    expect(row).to_contain_text("31")
