"""Figures typed from the keyboard in a real browser: typing into the last row adds another,
the save reads each typed figure, and the claim page shows them read-only."""
import os

from sqlalchemy import select

from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.models import Claim

QUOTE = "26 ISIS militants have been killed and dozens more injured"
SHOTS = os.environ.get("CLAIMTRAIL_SHOTS")   # a folder to keep screenshots in, when asked


def test_figures_are_typed_row_after_row_and_shown_on_the_claim_page(app, page, watch):
    with app.app_context():
        lena = make_user("lena")
        article = make_article(make_project(lena, "Raqqa"), lena,
                               f"Thus far, {QUOTE}, a fighter said.")
        claim = make_claim(article, lena, QUOTE, statement="26 ISIS militants were killed")
        url = f"/projects/{article.project_id}/claims/{claim.id}"
    sign_in(page, "lena", PASSWORD)
    page.goto(url)
    page.keyboard.press("e")
    rows = page.locator("[data-figure-row]")
    assert rows.count() == 2
    page.get_by_label("Figure 1: as written").fill("at least 26 ISIS militants killed")
    page.get_by_label("Figure 2: as written").focus()
    page.keyboard.type("dozens injured")
    assert rows.count() == 3          # typing into the last row added one below it
    page.get_by_label("Figure 2: Who").select_option("combatants")
    if SHOTS:
        page.locator("#claim-edit-form").screenshot(path=os.path.join(SHOTS, "figures-form.png"))
    page.get_by_label("Figure 2: as written").press("Control+Enter")
    page.wait_for_url(lambda u: "edit=1" not in u)
    record = page.locator("#claim-view")
    assert "at least 26 · killed · combatants" in record.inner_text()
    assert "dozens (12) · injured · combatants" in record.inner_text()
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "figures-page.png"), full_page=True)
    with app.app_context():
        saved = db.session.scalar(select(Claim))
        assert [f["kind"] for f in saved.structured_figures] == ["at_least", "vague"]
    assert watch.errors == [] and watch.csp_violations == []
