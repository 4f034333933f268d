"""Offsets count code points of the stored text (Python string indices), while the browser counts
UTF-16 units: a selection made with the mouse, or words typed with the keyboard, must still be
stored at exactly ``text.index(quote)``."""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import draft_highlight, drag_select, drag_select_between, sign_in, stored_claims
from tests.factories import PASSWORD, make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.models import Article

pytestmark = pytest.mark.browser

NBSP = "\u00a0"
# Everything that makes UTF-16 and code points disagree (or look alike and differ), before the
# words to select: Arabic, accents (precomposed and combining), astral emoji and letters, NBSPs.
TEXT = (
    f"Menu{NBSP}{NBSP}{NBSP}Home{NBSP}|{NBSP}World 😀\n"
    "Cross-border report: the aftermath in al-Tabqa\n"
    "\n"
    "الرقة: قالت مصادر محلية إن الاشتباكات استمرت حتى الفجر.\n"
    "Reporters in Raqqa, Ma\u0301laga and Zürich — 😀 𝔘𝔫𝔦𝔱 🇸🇾 👩\u200d👩\u200d👧 — "
    f"said{NBSP}that about 40 families fled the old city before dawn, a resident told us.\n"
    "The resident, a café owner (naïve e\u0301 ﬁ 𝒳), said 𝔘 units 😀 shelled the bridge twice.\n"
)
MOUSE_QUOTE = "about 40 families fled the old city before dawn"
ASTRAL_QUOTE = "𝔘 units 😀 shelled the bridge"
TYPED_QUOTE = "a café owner (naïve e\u0301 ﬁ 𝒳)"


def read_url(project_id, article_id):
    return f"/projects/{project_id}/articles/{article_id}"


def test_text_with_wide_characters_is_pasted_verbatim_and_mouse_selections_store_code_point_offsets(
        app, page, watch):
    assert TEXT.index(MOUSE_QUOTE) != TEXT.encode("utf-16-le").index(MOUSE_QUOTE.encode("utf-16-le")) // 2
    with app.app_context():
        project_id = make_project(make_user("lena"), "Offsets").id
    sign_in(page, "lena", PASSWORD)
    page.goto(f"/projects/{project_id}/articles/new")
    paste = page.locator("form:not([enctype])").filter(has=page.get_by_label("Text, exactly as captured"))
    paste.get_by_label("Title").fill("Wide characters")
    paste.get_by_label("Text, exactly as captured").fill(TEXT)
    paste.get_by_role("button", name="Import text").click()
    expect(page.locator(".flash")).to_have_text("Article imported.")
    with app.app_context():
        stored = db.session.scalars(db.select(Article)).one().text
    assert stored == TEXT  # pasted through the textarea, kept verbatim

    form = page.locator("#claim-form")
    for quote in (MOUSE_QUOTE, ASTRAL_QUOTE):
        drag_select(page, quote)
        expect(form.get_by_label("Quote (exact words in the article)")).to_have_value(quote)
        start = TEXT.index(quote)
        expect(page.locator("[data-span-info]")).to_have_text(
            f"Characters {start}–{start + len(quote)} of the article.")
        form.get_by_label("Statement (the claim restated plainly)").fill("A claim.")
        form.get_by_role("button", name="Save claim").click()
        expect(page.locator(".flash")).to_have_text("Claim saved.")

    claims = stored_claims(app)
    assert [(c.quote, c.start_offset, c.end_offset) for c in claims] == [
        (q, TEXT.index(q), TEXT.index(q) + len(q)) for q in (MOUSE_QUOTE, ASTRAL_QUOTE)]
    for claim in claims:
        expect(page.locator(f"mark[data-claims='{claim.id}']")).to_have_text(claim.quote)
    assert not watch.errors


def test_selection_inside_and_across_highlights_keeps_offsets(app, page):
    """Segments split at highlights: a new selection that starts inside one and ends after it."""
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Offsets")
        article = make_article(project, lena, TEXT, title="Wide characters")
        make_claim(article, lena, "40 families fled")
        project_id, article_id = project.id, article.id
    sign_in(page, "lena", PASSWORD)
    page.goto(read_url(project_id, article_id))
    quote = "families fled the old city"
    drag_select(page, quote)
    expect(page.locator("#claim-form").get_by_label("Quote (exact words in the article)")).to_have_value(quote)
    page.locator("#claim-form").get_by_role("button", name="Save claim").click()
    expect(page.locator(".flash")).to_have_text("Claim saved.")
    assert [(c.start_offset, c.end_offset) for c in stored_claims(app)][-1] == (
        TEXT.index(quote), TEXT.index(quote) + len(quote))


def test_selection_released_past_the_end_of_the_line_opens_the_form(app, page):
    """People drag past the last word into the margin; the button is released outside the text."""
    line = "Cross-border report: the aftermath in al-Tabqa"
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Offsets")
        article = make_article(project, lena, TEXT, title="Wide characters")
        project_id, article_id = project.id, article.id
    sign_in(page, "lena", PASSWORD)
    page.goto(read_url(project_id, article_id))
    text_box = page.locator("#article-text").bounding_box()
    margin = text_box["x"] + text_box["width"] + 30  # right of the text, still in the article
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).tagName", [margin, text_box["y"] + 5]) == "ARTICLE"
    drag_select(page, line, release_x=margin)
    form = page.locator("#claim-form")
    expect(form).to_be_visible()
    expect(form.get_by_label("Quote (exact words in the article)")).to_have_value(line)
    start = TEXT.index(line)
    expect(page.locator("[data-span-info]")).to_have_text(f"Characters {start}–{start + len(line)} of the article.")

    assert draft_highlight(page) == line

    # Cancel closes the form, and it stays closed: clicking a button is not a new selection.
    form.get_by_role("button", name="Cancel").click()
    expect(form).to_be_hidden()
    assert draft_highlight(page) == ""

    # A drag from the last paragraph down past the article ends at the end of its text.
    tail = "shelled the bridge twice."
    card = page.locator("article.reader").bounding_box()
    box = page.evaluate("(q) => { const r = document.createRange(); const p = [...document.querySelectorAll('#article-text p')].pop();"
                        " const n = p.lastChild.firstChild; const i = n.data.indexOf(q); r.setStart(n, i); r.setEnd(n, i + 1);"
                        " const b = r.getBoundingClientRect(); return [b.left + 1, (b.top + b.bottom) / 2]; }", tail)
    page.mouse.move(*box)
    page.mouse.down()
    page.mouse.move(box[0] + 40, card["y"] + card["height"] + 12, steps=6)
    page.mouse.up()
    expect(form).to_be_visible()
    expect(form.get_by_label("Quote (exact words in the article)")).to_have_value(tail)
    start = TEXT.index(tail)
    expect(page.locator("[data-span-info]")).to_have_text(f"Characters {start}–{start + len(tail)} of the article.")

    # A drag from a word up into the article's header starts at the beginning of its text.
    form.get_by_role("button", name="Cancel").click()
    word = page.locator("#article-text p", has_text="Cross-border").bounding_box()
    title = page.locator("#article-title").bounding_box()
    page.mouse.move(word["x"] + 60, word["y"] + word["height"] / 2)
    page.mouse.down()
    page.mouse.move(title["x"] + 30, title["y"] + title["height"] / 2, steps=6)
    page.mouse.up()
    expect(form).to_be_visible()
    quote = form.get_by_label("Quote (exact words in the article)").input_value()
    assert TEXT.startswith(quote) and TEXT.index("Cross-border") < len(quote) < TEXT.index(" report"), quote
    expect(page.locator("[data-span-info]")).to_have_text(f"Characters 0–{len(quote)} of the article.")


def test_keyboard_user_types_the_words_and_saves_with_ctrl_enter(app, page, watch):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Offsets")
        article = make_article(project, lena, TEXT, title="Wide characters")
        project_id, article_id = project.id, article.id
    sign_in(page, "lena", PASSWORD)
    page.goto(read_url(project_id, article_id))
    form = page.locator("#claim-form")
    quote_field = form.get_by_label("Quote (exact words in the article)")
    expect(form).to_be_hidden()

    page.keyboard.press("m")  # nothing selected: the form opens on the quote field
    expect(form).to_be_visible()
    expect(quote_field).to_be_focused()
    expect(quote_field).to_have_value("")
    expect(form.get_by_role("button", name="Save claim")).to_be_in_viewport(ratio=1)  # no scrolling to find it

    page.keyboard.type("the old city")  # found as the person types
    start = TEXT.index("the old city")
    expect(page.locator("[data-span-info]")).to_have_text(
        f"Found at characters {start}–{start + len('the old city')}.")
    assert draft_highlight(page) == "the old city"
    quote_field.fill("")
    page.keyboard.type("said")  # twice in the text: the form says so instead of guessing
    expect(page.locator("[data-span-info]")).to_have_text(
        "These words occur more than once; select the right place in the text.")
    assert draft_highlight(page) == ""
    quote_field.fill("")
    page.keyboard.type(TYPED_QUOTE)
    start = TEXT.index(TYPED_QUOTE)
    expect(page.locator("[data-span-info]")).to_have_text(
        f"Found at characters {start}–{start + len(TYPED_QUOTE)}.")
    assert draft_highlight(page) == TYPED_QUOTE  # the words found are shown in the text
    page.keyboard.press("Control+Enter")

    expect(page.locator(".flash")).to_have_text("Claim saved.")
    [claim] = stored_claims(app)
    assert (claim.quote, claim.start_offset, claim.end_offset) == (
        TYPED_QUOTE, start, start + len(TYPED_QUOTE))
    expect(page.locator(f"mark[data-claims='{claim.id}']")).to_have_text(TYPED_QUOTE)
    assert not watch.errors


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_claim_across_a_paragraph_break_is_saved_with_its_exact_text(app, page, newline):
    """Browsers send a textarea's line breaks as CRLF; the quote must still match the text,
    whether the captured file had LF or CRLF line ends."""
    text = newline.join(["First paragraph of the report.", "",
                         "The shelling stopped at noon.", "Residents returned by evening.", ""])
    quote = f"stopped at noon.{newline}Residents returned"
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Offsets")
        article = make_article(project, lena, text, title="Line breaks")
        project_id, article_id = project.id, article.id
    sign_in(page, "lena", PASSWORD)
    page.goto(read_url(project_id, article_id))
    drag_select_between(page, "stopped", "Residents returned")
    form = page.locator("#claim-form")
    expect(form.get_by_label("Quote (exact words in the article)")).to_have_value(quote.replace("\r\n", "\n"))
    form.get_by_label("Figures note (as written, anything the figures do not say)").fill("1 — shelling\n2 — returns")
    form.get_by_role("button", name="Save claim").click()
    expect(page.locator(".flash")).to_have_text("Claim saved.")
    [claim] = stored_claims(app)
    assert (claim.quote, claim.start_offset, claim.end_offset) == (
        quote, text.index(quote), text.index(quote) + len(quote))
    assert claim.figures == "1 — shelling\n2 — returns"  # as typed, not with the browser's CRLF
