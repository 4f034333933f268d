"""Issue 13 (2) in a real browser: a researcher opens the seed article, moves to the suggestion
for "26 ISIS militants have been killed and dozens more injured" with n, accepts it with a,
finds the figures and the attribution filled in, saves, and rejects another suggestion with x.
The suggestions are the application's own: the rules read the seed article (suggestions.store)."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.helpers import sign_in, stored_claims
from tests.factories import PASSWORD, make_article, make_project, make_user
from tests.suggestion_rows import CASUALTIES, FIGHTER, INTENTION
from webapp.extensions import db
from webapp.models import ClaimEvent, Suggestion
from webapp.services.demo import PROVENANCE, demo_text
from webapp.suggestions import decisions, store

pytestmark = pytest.mark.browser


def seed(app):
    """The seed article with the suggestions the rules make for it."""
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Raqqa")
        article = make_article(project, lena, demo_text(), title=PROVENANCE.title)
        assert store.make_for_article(article) == 4
        db.session.commit()
        ids = {s.quote: s.id for s in decisions.open_for(article.id, 1)}
        assert CASUALTIES in ids and INTENTION in ids
        return f"/projects/{project.id}/articles/{article.id}", ids


def suggestion(app, sid):
    with app.app_context():
        s = db.session.get(Suggestion, sid)
        db.session.expunge(s)
        return s


def test_a_researcher_accepts_one_suggestion_with_n_and_a_and_rejects_another_with_x(app, page, watch):
    url, ids = seed(app)
    casualties, intention = str(ids[CASUALTIES]), str(ids[INTENTION])
    sign_in(page, "lena", PASSWORD)
    page.goto(url)
    card = page.get_by_role("region", name="Suggestions")
    expect(card.locator("li[data-suggestion]")).to_have_count(4)
    underlined = page.locator(f"#article-text [data-suggestions~='{casualties}']")
    expect(underlined).to_have_text([CASUALTIES])

    page.keyboard.press("n")   # the first suggestion in the text
    item = page.locator(f"#suggestion-{casualties}")
    expect(item).to_be_focused()
    expect(item).to_have_class("current")
    expect(underlined.first).to_have_class("sg current")
    expect(underlined.first).to_be_in_viewport()
    parts = page.evaluate("() => ['figure', 'attribution', 'hedge'].map(n => "
                          "[...(CSS.highlights.get('suggestion-' + n) || [])].map(String))")
    assert parts == [["26", "dozens"], [f"{FIGHTER} said"], []]

    page.keyboard.press("a")
    form = page.locator("#claim-form")
    expect(form).to_be_visible()
    expect(form.get_by_label("Quote (exact words in the article)")).to_have_value(CASUALTIES)
    expect(form.locator("[name=kind]")).to_have_value("casualty_figure")
    rows = form.locator("[data-figure-row]")
    expect(rows).to_have_count(3)   # the two figures, and a blank row for one the rules missed
    first, second = rows.nth(0), rows.nth(1)
    expect(first.locator("[name$='-text']")).to_have_value("26")
    expect(first.locator("[name$='-kind']")).to_have_value("exact")
    expect(first.locator("[name$='-low']")).to_have_value("26")
    expect(first.locator("[name$='-counts']")).to_have_value("killed")
    expect(first.locator("[name$='-who']")).to_have_value("combatants")
    expect(second.locator("[name$='-term']")).to_have_value("dozens")
    expect(second.locator("[name$='-counts']")).to_have_value("injured")
    expect(form.get_by_label("Attribution in the text")).to_have_value(f"{FIGHTER} said")
    expect(form.locator("[name=source_type]")).to_have_value("combatant")
    expect(form.locator("[name=named]")).to_have_value("unnamed")
    expect(form.locator("[name=suggestion_id]")).to_have_value(casualties)
    expect(form.get_by_text("Filled in from a suggestion")).to_be_visible()
    statement = form.get_by_label("Statement (the claim restated plainly)")
    expect(statement).to_be_focused()
    assert len(stored_claims(app)) == 0 and suggestion(app, ids[CASUALTIES]).status == "open"   # nothing saved yet

    statement.press_sequentially("An SDF fighter says 26 ISIS militants were killed, dozens injured; next: x")
    expect(statement).to_have_value("An SDF fighter says 26 ISIS militants were killed, dozens injured; next: x")
    expect(item).to_have_class("current")   # n, a, x typed into a field are words, not keys
    form.get_by_role("button", name="Save claim").click()
    expect(page.get_by_role("status").filter(has_text="Claim saved.")).to_contain_text("made from a suggestion")

    claim = stored_claims(app)[0]
    with app.app_context():
        figures = [(f["kind"], f["low"], f["term"], f["counts"], f["who"])
                   for f in db.session.get(type(claim), claim.id).structured_figures]
        actions = list(db.session.scalars(select(ClaimEvent.action).where(ClaimEvent.claim_id == claim.id)
                                          .order_by(ClaimEvent.id)))
    assert figures == [("exact", 26, "", "killed", "combatants"), ("vague", None, "dozens", "injured", "combatants")]
    assert (claim.quote, claim.attribution_text, claim.source_type, claim.named, claim.kind) == (
        CASUALTIES, f"{FIGHTER} said", "combatant", "unnamed", "casualty_figure")
    assert actions == ["created", "from_suggestion"]
    accepted = suggestion(app, ids[CASUALTIES])
    assert (accepted.status, accepted.claim_id) == ("accepted", claim.id)

    expect(card.locator("li[data-suggestion]")).to_have_count(3)   # back on the page: three left
    page.keyboard.press("n")
    expect(page.locator(f"#suggestion-{intention}")).to_be_focused()
    page.keyboard.press("x")
    expect(page.locator(f"#suggestion-{intention}")).to_have_count(0)
    expect(card.get_by_role("status")).to_have_text("Suggestion rejected: it will not be suggested again for this article.")
    expect(page.locator(f"#article-text [data-suggestions~='{intention}']")).to_have_count(0)
    expect(page.locator(f"mark[data-claims='{claim.id}']")).to_have_text(CASUALTIES)   # the claim stays
    assert suggestion(app, ids[INTENTION]).status == "rejected"
    page.reload()
    expect(page.get_by_role("region", name="Suggestions").locator("li[data-suggestion]")).to_have_count(2)
    page.goto(f"{url.split('/articles')[0]}/claims/{claim.id}/history")
    expect(page.locator(".event-from_suggestion")).to_contain_text("Made from a suggestion")
    assert watch.errors == [] and watch.csp_violations == []
