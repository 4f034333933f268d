"""The claim form's figures, through the browser's requests: typed figures read on save, shown
on the claim page, edited as the page renders them, and listed in the history under the
form's labels."""
import html
import re
from html.parser import HTMLParser

from sqlalchemy import select

from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.models import Claim, ClaimEvent

QUOTE = "26 ISIS militants have been killed"
TEXT = f"Thus far, {QUOTE} and dozens injured, a fighter said."
BLANK = {f: "" for f in ("kind", "source_type", "named", "party", "access", "independent_sources",
                         "source_id")}


class _Form(HTMLParser):
    """The values a browser would send from the form with ``form_id``."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.values, self._select, self._text = form_id, False, {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif self.inside and tag == "input" and a.get("name") and a.get("type") not in ("submit", "checkbox"):
            self.values[a["name"]] = a.get("value", "")
        elif self.inside and tag == "select":
            self._select = a["name"]
            self.values.setdefault(self._select, "")
        elif self.inside and tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif self.inside and tag == "textarea":
            self._text = a["name"]
            self.values[self._text] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag in ("select", "textarea"):
            self._select = self._text = None

    def handle_data(self, data):
        if self._text:
            first = not self.values[self._text]   # a browser drops the newline after <textarea>
            self.values[self._text] += re.sub(r"^\r?\n", "", data) if first else data


def form_values(page: str, form_id: str = "claim-edit-form") -> dict:
    parser = _Form(form_id)
    parser.feed(page)
    return parser.values


def _setup(app):
    with app.app_context():
        lead = make_user("lena")
        project = make_project(lead, "Raqqa")
        article = make_article(project, lead, TEXT)
        return project.id, article.id


def _signed_in(browser, username="lena"):
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def test_typed_figures_are_read_on_save_and_shown_on_the_claim_page(app, browser):
    project_id, article_id = _setup(app)
    read_url = f"/projects/{project_id}/articles/{article_id}"
    page = _signed_in(browser).get(read_url).get_data(as_text=True)
    assert 'name="figure_rows-0-text"' in page and 'name="figure_rows-1-text"' in page
    assert '<label for="figure_rows-0-counts"><span class="sr-only">Figure <span data-figure-number>1</span>: </span>Counts</label>' in page
    start = TEXT.index(QUOTE)
    response = browser.post(f"{read_url}/claims", {
        **BLANK, "quote": QUOTE, "start": start, "end": start + len(QUOTE), "status": "unreviewed",
        "credibility": "6", "evidence_stance": "supports",
        "figure_rows-0-text": "at least 26 ISIS militants killed",
        "figure_rows-1-text": "dozens injured", "figure_rows-1-who": "combatants",
        "figure_rows-2-text": ""}, form_url=read_url)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        claim = db.session.scalar(select(Claim))
        assert [(f["kind"], f["low"], f["term"], f["counts"], f["who"]) for f in claim.structured_figures] == [
            ("at_least", 26, "", "killed", "combatants"), ("vague", None, "dozens", "injured", "combatants")]
        claim_id = claim.id
    page = browser.get(f"/projects/{project_id}/claims/{claim_id}").get_data(as_text=True)
    view = page[page.index('id="claim-view"'):page.index('id="claim-edit-form"')]
    assert "at least 26 · killed · combatants" in view and "dozens (12) · injured · combatants" in view


def test_an_unreadable_figure_is_refused_on_the_form_and_nothing_is_saved(app, browser):
    project_id, article_id = _setup(app)
    read_url = f"/projects/{project_id}/articles/{article_id}"
    start = TEXT.index(QUOTE)
    response = _signed_in(browser).post(f"{read_url}/claims", {
        **BLANK, "quote": QUOTE, "start": start, "end": start + len(QUOTE), "status": "unreviewed",
        "credibility": "6", "evidence_stance": "supports",
        "figure_rows-0-text": "several killed"}, form_url=read_url)
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert re.search(r'id="figures-error"[^>]*>Figure 1: “several killed” does not read as one figure', page)
    assert 'value="several killed"' in page   # what was typed stays in the form
    with app.app_context():
        assert db.session.scalar(select(Claim)) is None


def test_editing_a_figure_as_the_page_renders_it_records_the_change_with_the_forms_labels(app, browser):
    project_id, article_id = _setup(app)
    with app.app_context():
        lead = db.session.scalar(select(Claim.created_by_id)) or 1
        from webapp.models import Article, User
        article = db.session.get(Article, article_id)
        claim = make_claim(article, db.session.get(User, lead), QUOTE, structured_figures=[
            {"text": "26 ISIS militants killed"}, {"text": "dozens injured"}])
        claim_id = claim.id
    url = f"/projects/{project_id}/claims/{claim_id}"
    values = form_values(_signed_in(browser).get(f"{url}?edit=1").get_data(as_text=True))
    assert values["figure_rows-0-kind"] == "exact" and values["figure_rows-0-low"] == "26"
    # Saved unchanged: nothing to record.
    assert browser.post(url, values).status_code == 302
    with app.app_context():
        assert [(e.action, e.changes if e.action != "created" else 0) for e in db.session.scalars(select(ClaimEvent))] == [("created", 0)]
    values = form_values(browser.get(f"{url}?edit=1").get_data(as_text=True))
    values["figure_rows-0-text"] = "at least 30 ISIS militants killed"   # the lists still say "exactly 26"
    values["figure_rows-1-who"] = "civilians"
    values["figure_rows-2-text"] = "10-15 civilians wounded"
    values["reason"] = "A later report"
    assert browser.post(url, values).status_code == 302
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert [(f["kind"], f["low"], f["high"], f["who"]) for f in claim.structured_figures] == [
            ("at_least", 30, None, "combatants"), ("vague", None, None, "civilians"),
            ("range", 10, 15, "civilians")]
        event = db.session.scalars(select(ClaimEvent).order_by(ClaimEvent.id)).all()[-1]
        assert event.action == "edited" and list(event.changes) == ["structured_figures"]
    history = browser.get(f"{url}/history").get_data(as_text=True)
    row = history[history.rindex("<td>Figures</td>"):]
    assert "26 · killed · combatants" in row and "at least 30 · killed · combatants" in row
    assert "10–15 · injured · civilians" in row


def test_a_viewer_sees_figures_but_gets_no_form(app, browser):
    project_id, article_id = _setup(app)
    with app.app_context():
        from webapp.models import Article, Project, User
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        claim = make_claim(db.session.get(Article, article_id), lena, QUOTE,
                           structured_figures=[{"text": "over 500 civilians"}])
        add_member(db.session.get(Project, project_id), make_user("vera"), "viewer")
        claim_id = claim.id
    page = _signed_in(browser, "vera").get(f"/projects/{project_id}/claims/{claim_id}").get_data(as_text=True)
    assert "more than 500 · — · civilians" in page and "figure_rows-0-text" not in page


def test_a_lead_recodes_a_vague_quantity_and_the_figures_follow(app, browser, other_browser):
    project_id, article_id = _setup(app)
    with app.app_context():
        from webapp.models import Article, Project, User
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        claim = make_claim(db.session.get(Article, article_id), lena, QUOTE,
                           structured_figures=[{"text": "dozens injured"}])
        add_member(db.session.get(Project, project_id), make_user("anna"), "annotator")
        claim_id = claim.id
    url = f"/projects/{project_id}/vague-quantities"
    page = _signed_in(browser).get(url).get_data(as_text=True)
    assert 'value="12"' in page and "hundreds" in page
    assert browser.post(url, {"term": "dozens", "value": "24", "action": "set"}).status_code == 302
    assert browser.post(url, {"term": "Several", "value": "3", "action": "set"}).status_code == 302
    shown = browser.get(f"/projects/{project_id}/claims/{claim_id}").get_data(as_text=True)
    assert "dozens (24) · injured · unknown" in shown
    refused = browser.post(url, {"term": "dozens", "action": "remove"})
    assert refused.status_code == 422 and "codes 1 figure" in html.unescape(refused.get_data(as_text=True))
    assert browser.post(url, {"term": "several", "action": "remove"}).status_code == 302
    no_token = browser.client.post(url, data={"term": "tens", "value": "1", "action": "set"})
    assert no_token.status_code == 400
    # An annotator may neither read nor change the table.
    _signed_in(other_browser, "anna")
    assert other_browser.get(url).status_code == 403
    assert other_browser.post(url, {"term": "tens", "value": "1", "action": "set"},
                              form_url=f"/projects/{project_id}").status_code == 403
    with app.app_context():
        from webapp.services.figures import fetch_vague_terms
        assert fetch_vague_terms(project_id) == {"dozens": 24, "hundreds": 100, "tens": 10, "thousands": 1000}
