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
    expect(page.locator(".flash")).to_have_text("Claim saved.")
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
    expect(page.locator("#claim-view")).to_contain_text("A convoy crossed the river.")  # read-only
    page.keyboard.press("e")
    expect(page.locator("#claim-edit-form")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.get_by_role("button", name="Save changes")).to_have_count(0)
    assert watch.errors == []


def test_the_reading_view_says_how_to_mark_a_claim_and_the_claim_page_opens_its_form_on_e(app, page, watch):
    """Issue 10: the way to mark a claim is on screen before the form is; the claim page shows
    the claim read-only, e (or Edit) opens the form, Cancel goes back and forgets the typing."""
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Long reads")
        article = make_article(project, lena, TEXT, title="A long report")
        claim = make_claim(article, lena, QUOTE, statement="A convoy crossed the river.")
        project_id, article_id, claim_id = project.id, article.id, claim.id
    sign_in(page, "lena", PASSWORD)
    page.goto(f"/projects/{project_id}/articles/{article_id}")
    hint = page.get_by_label("How to mark a claim")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("select its words in the text, or press m")
    expect(page.locator("#claim-form")).to_be_hidden()
    page.keyboard.press("m")
    expect(page.locator("#claim-form")).to_be_visible()
    expect(hint).to_be_hidden()
    page.keyboard.press("Escape")
    expect(hint).to_be_visible()

    page.goto(f"/projects/{project_id}/claims/{claim_id}")
    view, form = page.locator("#claim-view"), page.locator("#claim-edit-form")
    expect(view).to_contain_text("A convoy crossed the river.")
    expect(form).to_be_hidden()
    page.keyboard.press("e")
    expect(form).to_be_visible()
    expect(view).to_be_hidden()
    statement = form.get_by_label("Statement (the claim restated plainly)")
    expect(statement).to_be_focused()
    statement.fill("Typed, then cancelled")
    form.get_by_role("link", name="Cancel").click()
    expect(form).to_be_hidden()
    expect(view).to_contain_text("A convoy crossed the river.")
    page.get_by_role("link", name="Edit").click()
    expect(statement).to_have_value("A convoy crossed the river.")
    assert page.url.endswith(f"/claims/{claim_id}")   # opened in place, no reload
    assert watch.errors == [] and watch.csp_violations == []
