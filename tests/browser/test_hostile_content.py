"""Hostile content never runs (SECURITY T17/T18/T19): titles, provenance, article text, claim
fields, source names and display names full of markup are shown as text on every page.

The pages' CSP would block inline scripts anyway, so a CSP violation in the console counts as a
failure too: it would mean the escaping failed and only the CSP saved us. Two controls show that
the detectors are not blind.
"""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import PASSWORD, make_project
from webapp.extensions import db
from webapp.services import articles, claims, sources, users

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
SVG = '"><svg onload=window.__xss=1>'
CLOSE_SCRIPT = "</script><script>window.__xss=1</script>"
TEMPLATE = "{{7*7}}"
ALERT = "'><img src=x onerror=alert(1)>"
CLOSE_TEXTAREA = "</textarea><script>window.__xss=1</script>"
ATTRIBUTE = '" autofocus onfocus="window.__xss=1" x="'
URL = 'https://example.org/?q="><svg/onload=window.__xss=1>&x=\'><img/src=x/onerror=alert(1)>'
ALL = " ".join([SCRIPT, IMG, SVG, CLOSE_SCRIPT, TEMPLATE, ALERT, CLOSE_TEXTAREA, ATTRIBUTE])
SHORT = " ".join([SCRIPT, SVG, TEMPLATE, ALERT])  # for fields of at most 200 characters
assert len(SHORT) <= 120 and len(ALL) <= 300

TEXT = (f"Site menu {SVG}\n\nBy a reporter. {TEMPLATE} fighters said {IMG} was the signal.\n"
        f"{CLOSE_SCRIPT} The second paragraph {ALERT} ends here.\n{CLOSE_TEXTAREA} {ATTRIBUTE}\n")
QUOTE = f"fighters said {IMG} was the signal"


def make_hostile_data(app):
    with app.app_context():
        lena = users.create_user("lena", f"Lena {SHORT}", PASSWORD)
        db.session.commit()
        project = make_project(lena, f"Project {SHORT}")
        project.description = ALL
        article = articles.import_text(project.id, lena, TEXT, articles.Provenance(
            title=f"Title {ALL}", site_name=f"Site {SHORT}", original_outlet=f"Outlet {SHORT}",
            author=f"Author {SHORT}", url=URL))
        source = sources.create_source(project.id, lena, f"Source {ALL}", "person", f"Affiliation {ALL}",
                                       reason=f"Grade reason {ALL}")
        start = TEXT.index(QUOTE)
        claim = claims.create_claim(article, lena, start, start + len(QUOTE), QUOTE, {
            "statement": f"Statement {ALL}", "rationale": "", "attribution_text": f"Attribution {ALL}",
            "figures": f"Figures {ALL}", "hedging": f"Hedging {ALL}",
            "attribution_chain": f"Chain {ALL}", "source_id": source.id, "status": "in_progress"},
            {"stance": "supports", "url": URL, "reference": f"Reference {ALL}",
             "summary": f"Summary {ALL}"})
        db.session.commit()
        claims.update_claim(claim, lena, {"status": "unverifiable", "rationale": f"Rationale {ALL}"},
                            claim.version, reason=f"Reason {ALL}")
        db.session.commit()
        return project.id, article.id, claim.id, source.id


def test_hostile_content_is_shown_as_text_and_never_runs(app, page, watch):
    project_id, article_id, claim_id, source_id = make_hostile_data(app)
    sign_in(page, "lena", PASSWORD)

    def visit(url, *texts):
        page.goto(url)
        assert page.evaluate("typeof window.__xss") == "undefined", url
        body = page.locator("main")
        for text in texts:
            expect(body).to_contain_text(text, use_inner_text=True)
        # A label pointing at another form's field is a bug people notice (T19's cousin).
        duplicates = page.evaluate(
            "() => { const seen = {}; document.querySelectorAll('[id]').forEach(e => seen[e.id] = (seen[e.id] || 0) + 1);"
            " return Object.keys(seen).filter(k => seen[k] > 1); }")
        assert duplicates == [], (url, duplicates)

    visit("/", f"Project {SHORT}", ALL)
    expect(page.get_by_role("link", name=f"Project {SHORT}")).to_be_visible()

    visit(f"/projects/{project_id}", f"Project {SHORT}", f"Title {ALL}", f"Site {SHORT}")
    expect(page.locator("h1")).to_have_text(f"Project {SHORT}")

    read = f"/projects/{project_id}/articles/{article_id}"
    visit(read, f"Title {ALL}", f"Site {SHORT}", f"Outlet {SHORT}", f"Author {SHORT}",
          URL, f"Lena {SHORT}", QUOTE, CLOSE_SCRIPT, CLOSE_TEXTAREA, ATTRIBUTE)
    expect(page.locator("#article-title")).to_have_text(f"Title {ALL}")
    expect(page).to_have_title(f"Title {ALL} · Claimtrail")
    expect(page.locator(f"mark[data-claims='{claim_id}']")).to_have_text(QUOTE)
    expect(page.get_by_role("link", name=URL)).to_have_attribute("href", URL)
    # The article's text reaches reader.js intact through its JSON island: typing a quote finds it.
    page.keyboard.press("m")
    page.keyboard.type(CLOSE_SCRIPT)
    start = TEXT.index(CLOSE_SCRIPT)
    expect(page.locator("[data-span-info]")).to_have_text(
        f"Found at characters {start}–{start + len(CLOSE_SCRIPT)}.")

    claim_url = f"/projects/{project_id}/claims/{claim_id}"
    visit(claim_url, QUOTE, f"Source {ALL}", URL, f"Reference {ALL}", f"Summary {ALL}")
    edit = page.locator("#claim-edit-form")
    expect(edit.get_by_label("Statement (the claim restated plainly)")).to_have_value(f"Statement {ALL}")
    expect(edit.get_by_label("Rationale")).to_have_value(f"Rationale {ALL}")
    expect(edit.get_by_label("Hedging words")).to_have_value(f"Hedging {ALL}")
    expect(edit.get_by_label("Source (from the registry)")).to_contain_text(f"Source {ALL} (F)")

    visit(f"{claim_url}/history", QUOTE, f"Lena {SHORT}", f"Statement {ALL}", f"Rationale {ALL}",
          f"Why: Reason {ALL}", f"Reference {ALL}")
    visit(f"/projects/{project_id}/sources/", f"Source {ALL}", f"Affiliation {ALL}")
    visit(f"/projects/{project_id}/sources/{source_id}", f"Source {ALL}", f"Grade reason {ALL}")

    assert watch.dialogs == []
    assert watch.csp_violations == [], watch.csp_violations
    assert watch.errors == []


def test_the_detectors_are_not_blind(new_context, live_server, watch):
    """Controls: without a CSP the same payload runs and opens a dialog; under the app's CSP an
    injected inline handler is refused with a console message the test above would catch."""
    page = watch.attach(new_context().new_page())
    page.set_content(f'<p>{IMG}</p><p>{ALERT}</p>')
    page.wait_for_function("window.__xss === 1")
    assert watch.dialogs == ["alert: 1"]
    assert watch.csp_violations == []

    page.goto("/login")
    assert page.evaluate("typeof window.__xss") == "undefined"
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate("html => document.body.insertAdjacentHTML('beforeend', html)", IMG)
    assert watch.csp_violations, watch.console
    assert page.evaluate("typeof window.__xss") == "undefined"
