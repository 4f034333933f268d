"""Orphans in the browser (issue 12, 3): a claim orphaned by a new revision is re-attached by
selecting its words in that revision with the mouse, another by typing them with the keyboard
alone; each then shows at its new place in the reading view."""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import drag_select, draft_highlight, sign_in, stored_claims
from tests.factories import PASSWORD, make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.revisions import store

pytestmark = pytest.mark.browser
FIRST = ("Thus far, 26 ISIS militants have been killed, a Swedish fighter said.\n\n"
         "Residents described long queues for bread.\n\nThe road to Tabqa remains closed.\n")
SECOND = ("Thus far, 26 ISIS militants have been killed, a Swedish fighter said.\n\n"
          "People waited all day for flour, one resident said.\n\n"
          "The road to the dam at Tabqa is shut, aid groups said.\n")


def test_orphans_are_reattached_by_mouse_and_by_keyboard_and_show_at_their_new_place(app, page, watch):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Revisions")
        article = make_article(project, lena, FIRST, title="A changed report")
        bread = make_claim(article, lena, "Residents described long queues for bread").id
        road = make_claim(article, lena, "The road to Tabqa remains closed").id
        store.add_revision(article, SECOND, lena, "upload")
        db.session.commit()
        project_id, article_id = project.id, article.id
    sign_in(page, "lena", PASSWORD)
    page.goto(f"/projects/{project_id}/articles/{article_id}")
    page.locator("#orphans-link").click()
    expect(page.locator("#orphans-total")).to_have_text("2")

    page.keyboard.press("j")                      # the first orphan, then r: re-attach it
    expect(page.locator(f"#orphan-{bread}")).to_be_focused()
    page.keyboard.press("r")
    page.wait_for_url(f"**/orphans/{bread}/reattach")
    expect(page.locator(".reattach-panel .quote")).to_have_text("Residents described long queues for bread")
    drag_select(page, "People waited all day for flour")
    expect(page.locator("[data-selected]")).to_have_text("People waited all day for flour")
    assert draft_highlight(page) == "People waited all day for flour"
    page.get_by_role("button", name="Re-attach here").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Claim #{bread} re-attached")
    expect(page.locator("#orphans-total")).to_have_text("1")

    page.locator(f"#orphan-{road} [data-reattach]").click()
    page.wait_for_url(f"**/orphans/{road}/reattach")
    page.wait_for_load_state("load")   # its script listens from DOMContentLoaded on
    typed = page.get_by_label("… or type the exact words")
    typed.fill("The road to the dam at Tabqa is shut")
    expect(page.locator("#reattach-info")).to_contain_text("Characters")
    typed.press("Control+Enter")
    expect(page.locator("#orphans-total")).to_have_text("0")
    expect(page.locator(".orphans-summary")).to_contain_text("all of this article's orphaned and changed claims are resolved")

    claims = {c.id: c for c in stored_claims(app)}
    assert claims[bread].quote == "People waited all day for flour" and claims[bread].revision == 2
    assert SECOND[claims[road].start_offset:claims[road].end_offset] == "The road to the dam at Tabqa is shut"
    page.goto(f"/projects/{project_id}/articles/{article_id}")
    expect(page.locator(f"mark[data-claims~='{bread}']")).to_have_text("People waited all day for flour")
    expect(page.locator(f"mark[data-claims~='{road}']")).to_have_text("The road to the dam at Tabqa is shut")
    expect(page.get_by_text("Not in this revision")).to_have_count(0)
    assert watch.errors == [] and watch.csp_violations == []
