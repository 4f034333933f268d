"""Reading a long article: after saving a claim far down, the reader is back at that place."""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import drag_select, sign_in, stored_claims
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user

pytestmark = pytest.mark.browser
FILLER = "\n\n".join(f"Paragraph {i}: the front line moved again overnight near village number {i}."
                     for i in range(60))
QUOTE = "a convoy of 14 trucks crossed the Euphrates"
TEXT = f"{FILLER}\n\nLate on Tuesday {QUOTE} at Tabqa, a spokesman said.\n\n{FILLER.replace('Paragraph', 'Note')}\n"


def test_after_saving_a_claim_far_down_the_article_it_is_on_screen(app, page):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Long reads")
        article = make_article(project, lena, TEXT, title="A long report")
        project_id, article_id = project.id, article.id
    sign_in(page, "lena", PASSWORD)
    page.goto(f"/projects/{project_id}/articles/{article_id}")
    page.get_by_text(QUOTE).scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 1000
    drag_select(page, QUOTE)
    form = page.locator("#claim-form")
    expect(form.get_by_label("Quote (exact words in the article)")).to_have_value(QUOTE)
    form.get_by_label("Statement (the claim restated plainly)").fill("A convoy crossed the river.")
    form.get_by_role("button", name="Save claim").click()
    expect(page.get_by_role("status")).to_have_text("Claim saved.")
    [claim] = stored_claims(app)
    assert (claim.start_offset, claim.end_offset) == (TEXT.index(QUOTE), TEXT.index(QUOTE) + len(QUOTE))
    mark = page.locator(f"mark[data-claims='{claim.id}']")
    expect(mark).to_be_in_viewport(ratio=1)
    expect(page.locator(f"#claim-{claim.id}")).to_be_in_viewport()


def test_a_viewer_reads_follows_highlights_and_cannot_mark(app, page, watch):
    with app.app_context():
        lena, vera = make_user("lena"), make_user("vera")
        project = make_project(lena, "Long reads")
        add_member(project, vera, "viewer")
        article = make_article(project, lena, TEXT, title="A long report")
        claim = make_claim(article, lena, QUOTE, statement="A convoy crossed the river.")
        project_id, article_id, claim_id = project.id, article.id, claim.id
    sign_in(page, "vera", PASSWORD)
    page.goto(f"/projects/{project_id}/articles/{article_id}")
    expect(page.locator("#claim-form")).to_have_count(0)
    drag_select(page, "Paragraph 3: the front line moved again")
    page.keyboard.press("m")
    page.keyboard.press("j")  # next claim: the list item is focused, its highlight shown
    expect(page.locator(f"#claim-{claim_id} a")).to_be_focused()
    mark = page.locator(f"mark[data-claims='{claim_id}']")
    expect(mark).to_have_class("hl depth-1 active")
    expect(mark).to_be_in_viewport()
    mark.click()
    page.wait_for_url(f"**/claims/{claim_id}")
    expect(page.get_by_label("Statement (the claim restated plainly)")).to_be_disabled()
    expect(page.get_by_role("button", name="Save changes")).to_have_count(0)
    assert watch.errors == []
