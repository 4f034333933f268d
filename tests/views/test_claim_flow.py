"""A researcher's whole path through the browser's requests: sign in, import, mark, edit,
read the history, export; and what a new user noticed on the pages (issue 10): the claim read
only with its form one click away, the form's labels in the history, the stale-save card and
re-applying one's changes onto the newer version, how to mark a claim in the reading view."""
import csv
import io
import json
import re

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent
from webapp.services.demo import demo_text
from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user

QUOTE = "26 ISIS militants have been killed and dozens more injured"


def setup_project(app):
    with app.app_context():
        lead = make_user("lena")
        project = make_project(lead, "Raqqa")
        return project.id


def import_demo(browser, project_id):
    page = f"/projects/{project_id}/articles/new"
    token = browser.token(page)
    response = browser.client.post(page, data={
        "csrf_token": token, "upload-csrf_token": token,
        "upload-file": (io.BytesIO(demo_text().encode("utf-8")), "raqqa.txt"),
        "upload-site_name": "Islamic Invitation Turkey"},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_researcher_marks_edits_and_exports_a_claim(app, browser):
    project_id = setup_project(app)
    assert browser.login("lena", PASSWORD).status_code == 302
    article_id = import_demo(browser, project_id)
    text = demo_text()
    start = text.index(QUOTE)
    read_url = f"/projects/{project_id}/articles/{article_id}"
    page = browser.get(read_url).get_data(as_text=True)
    assert "Huge ISIS casualties" in page

    response = browser.post(f"{read_url}/claims", {
        "quote": QUOTE, "start": start, "end": start + len(QUOTE),
        "statement": "26 ISIS militants were killed", "kind": "casualty_figure",
        "source_id": "new", "new_source_name": "Swedish foreign fighter in SDF ranks",
        "new_source_kind": "person", "new_source_reliability": "F",
        "source_type": "combatant", "named": "unnamed", "party": "party", "access": "unknown",
        "credibility": "3", "status": "unconfirmed",
        "rationale": "No second source found.", "independent_sources": "1",
        "evidence_stance": "supports"}, form_url=read_url)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        claim = db.session.scalars(db.select(Claim)).one()
        assert (claim.start_offset, claim.end_offset, claim.quote) == (start, start + len(QUOTE), QUOTE)
        assert claim.source.name == "Swedish foreign fighter in SDF ranks"
        claim_id, version = claim.id, claim.version

    page = browser.get(read_url).get_data(as_text=True)
    assert f'data-claims="{claim_id}"' in page  # the highlight

    claim_url = f"/projects/{project_id}/claims/{claim_id}"
    response = browser.post(claim_url, {
        "version": version, "statement": "26 ISIS militants were killed", "kind": "casualty_figure",
        "source_type": "combatant", "named": "unnamed", "party": "party", "access": "unknown",
        "credibility": "3", "status": "unverifiable", "rationale": "Cannot be checked.",
        "independent_sources": "1", "source_id": "", "evidence_stance": "supports",
        "reason": "No access to the area"}, form_url=claim_url)
    assert response.status_code == 302, response.get_data(as_text=True)

    history = browser.get(f"{claim_url}/history").get_data(as_text=True)
    assert "Status changed" in history and "Unconfirmed" in history and "Unverifiable" in history
    assert "No access to the area" in history

    exported = browser.get(f"/projects/{project_id}/export/claims.csv")
    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert len(rows) == 1
    assert (rows[0]["quote"], int(rows[0]["start"]), int(rows[0]["end"])) == (QUOTE, start, start + len(QUOTE))
    assert rows[0]["status"] == "unverifiable" and rows[0]["created_by"] == "lena"

    lines = browser.get(f"/projects/{project_id}/export/claims.jsonl").get_data(as_text=True).splitlines()
    assert json.loads(lines[0])["source_type"] == "Individual combatant"
    with app.app_context():
        actions = [e.action for e in db.session.scalars(db.select(ClaimEvent).order_by(ClaimEvent.id))]
    assert actions == ["created", "status_changed"]


# Issue 10 §7: what a new user noticed on the pages.
STATEMENT = "26 ISIS militants were killed"


def opening_tag(html: str, element_id: str) -> str:
    match = re.search(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', html)
    assert match, f"no element #{element_id}"
    return match.group(0)


def claim_team(app):
    """Lena (lead) and Omar (annotator) on one claim; Vera reads."""
    with app.app_context():
        lena, omar, vera = make_user("lena"), make_user("omar"), make_user("vera")
        project = make_project(lena, "Raqqa")
        add_member(project, omar, "annotator")
        add_member(project, vera, "viewer")
        article = make_article(project, lena)
        claim = make_claim(article, lena, "26 ISIS militants have been killed", statement=STATEMENT,
                           kind="casualty_figure", credibility="3",
                           attribution_text="a fighter said")
        return f"/projects/{project.id}/claims/{claim.id}", claim.id, article.id, project.id


def signed_in(app, username):
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def edit_data(version, **changes):
    data = {"version": version, "statement": STATEMENT, "kind": "casualty_figure",
            "attribution_text": "a fighter said", "credibility": "3", "status": "unreviewed",
            "evidence_stance": "supports", "source_id": "", "source_type": "", "named": "",
            "party": "", "access": "", "independent_sources": ""}
    return {**data, **changes}


def stored(app, claim_id):
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        events = db.session.scalar(select(func.count(ClaimEvent.id)).where(ClaimEvent.claim_id == claim_id))
        values = (claim.version, claim.statement, claim.status, claim.rationale, events)
        db.session.remove()
        return values


def test_the_claim_page_shows_the_claim_read_only_with_the_form_one_click_away(app):
    url, *_ = claim_team(app)
    page = signed_in(app, "omar").get(url).get_data(as_text=True)
    view = page[page.index('id="claim-view"'):page.index('id="claim-edit-form"')]
    # The statement and the sourcing record, read-only, labelled as the form labels them.
    for text in (STATEMENT, "Claim kind", "Casualty figure", "Attribution in the text",
                 "a fighter said", "Information credibility", "3 — Possibly true", "Verification status"):
        assert text in view, text
    assert "<textarea" not in view and "<select" not in view
    assert " hidden" in opening_tag(page, "claim-edit-form")   # the form waits behind Edit
    assert 'href="' + url + '?edit=1#claim-edit-form" data-edit-claim' in page
    assert "<kbd>e</kbd>" in page
    editing = signed_in(app, "omar").get(url + "?edit=1").get_data(as_text=True)
    assert " hidden" not in opening_tag(editing, "claim-edit-form")
    assert " hidden" in opening_tag(editing, "claim-view")


def test_a_viewer_reads_the_claim_and_gets_no_form(app):
    url, *_ = claim_team(app)
    page = signed_in(app, "vera").get(url + "?edit=1").get_data(as_text=True)
    assert STATEMENT in page and "Attribution in the text" in page
    assert 'id="claim-edit-form"' not in page and "data-edit-claim" not in page
    assert " hidden" not in opening_tag(page, "claim-view")


def test_the_history_names_fields_as_the_form_does(app):
    url, claim_id, *_ = claim_team(app)
    omar = signed_in(app, "omar")
    assert omar.post(url, edit_data(1, status="unconfirmed", rationale="Only he says so."),
                     form_url=url).status_code == 302
    history = omar.get(f"{url}/history").get_data(as_text=True)
    cells = re.findall(r"<tr><td>([^<]+)</td>", history)
    assert {"Quote", "Starts at character", "Ends at character", "Statement", "Claim kind",
            "Attribution in the text", "Information credibility", "Verification status",
            "Rationale"} <= set(cells), cells
    assert not {"start offset", "end offset", "attribution text", "status"} & set(cells)


def test_a_stale_save_from_another_tab_says_so_and_shows_both_sides(app):
    url, claim_id, *_ = claim_team(app)
    tab_a, tab_b = signed_in(app, "omar"), signed_in(app, "omar")   # one person, two tabs
    assert tab_a.post(url, edit_data(1, status="unconfirmed", rationale="Only he says so."),
                      form_url=url).status_code == 302
    refused = tab_b.post(url, edit_data(1, statement="Omar's wording"), form_url=url)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert re.search(r"You saved this claim in another tab or window at \d\d:\d\d UTC", page)
    assert "Someone else" not in page and "someone else" not in page
    card = page[page.index('class="card conflict"'):page.index("</section>", page.index('class="card conflict"'))]
    rows = {m[0]: m[1] for m in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', card, re.S)}
    assert set(rows) == {"Verification status", "Rationale", "Statement"}
    assert "Unconfirmed" in rows["Verification status"] and "Only he says so." in rows["Rationale"]
    assert "Omar&#39;s wording" in rows["Statement"]            # theirs: mine, not saved
    assert "Re-apply my changes onto the newer version" in card
    assert stored(app, claim_id) == (2, STATEMENT, "unconfirmed", "Only he says so.", 2)


def test_another_persons_stale_save_names_them(app):
    url, claim_id, *_ = claim_team(app)
    lena, omar = signed_in(app, "lena"), signed_in(app, "omar")
    assert lena.post(url, edit_data(1, rationale="Checked by Lena."), form_url=url).status_code == 302
    page = omar.post(url, edit_data(1, statement="Omar's wording"), form_url=url).get_data(as_text=True)
    assert re.search(r"Lena saved this claim at \d\d:\d\d UTC while you were editing", page)
    assert "You saved this claim" not in page


def test_reapplying_puts_my_changes_onto_the_newer_version_and_one_save_stores_them(app):
    url, claim_id, *_ = claim_team(app)
    lena, omar = signed_in(app, "lena"), signed_in(app, "omar")
    assert lena.post(url, edit_data(1, status="unconfirmed", rationale="Only he says so."),
                     form_url=url).status_code == 302
    mine = edit_data(1, statement="Omar's wording", reason="Plainer")
    assert omar.post(url, mine, form_url=url).status_code == 409
    reapplied = omar.post(url, {**mine, "reapply": "1"}, form_url=url)
    page = reapplied.get_data(as_text=True)
    assert reapplied.status_code == 200 and "on top of version 2" in page
    assert stored(app, claim_id) == (2, STATEMENT, "unconfirmed", "Only he says so.", 2)  # nothing saved
    form = page[page.index('id="claim-edit-form"'):]
    assert 'name="version" type="hidden" value="2"' in form
    assert "Omar&#39;s wording</textarea>" in form                      # mine
    assert '<option selected value="unconfirmed">' in form              # Lena's status kept
    assert "Only he says so.</textarea>" in form                        # Lena's rationale kept
    saved = omar.post(url, {**mine, "version": 2, "status": "unconfirmed",
                            "rationale": "Only he says so."}, form_url=url)
    assert saved.status_code == 302
    assert stored(app, claim_id) == (3, "Omar's wording", "unconfirmed", "Only he says so.", 3)


def test_a_reapplied_form_is_still_refused_if_yet_another_save_came_first(app):
    url, claim_id, *_ = claim_team(app)
    lena, omar = signed_in(app, "lena"), signed_in(app, "omar")
    assert lena.post(url, edit_data(1, rationale="First."), form_url=url).status_code == 302
    mine = edit_data(1, statement="Omar's wording")
    assert omar.post(url, {**mine, "reapply": "1"}, form_url=url).status_code == 200
    assert lena.post(url, edit_data(2, rationale="Second."), form_url=url).status_code == 302
    again = omar.post(url, {**mine, "version": 2, "rationale": "First."}, form_url=url)
    assert again.status_code == 409 and "Lena saved this claim" in again.get_data(as_text=True)
    assert stored(app, claim_id) == (3, STATEMENT, "unreviewed", "Second.", 3)


def test_the_reading_view_says_how_to_mark_a_claim_before_the_form_opens(app):
    url, claim_id, article_id, project_id = claim_team(app)
    read_url = f"/projects/{project_id}/articles/{article_id}"
    page = signed_in(app, "omar").get(read_url).get_data(as_text=True)
    hint = page[page.index('class="card mark-hint"'):]
    assert "select its words in the text" in hint[:400] and "<kbd>m</kbd>" in hint[:400]
    assert page.index('class="card mark-hint"') > page.index('id="claim-form-panel"')  # CSS hides it while open
    assert "mark-hint" not in signed_in(app, "vera").get(read_url).get_data(as_text=True)


def test_a_form_holding_a_version_that_never_existed_is_refused_plainly(app):
    url, claim_id, *_ = claim_team(app)
    response = signed_in(app, "omar").post(url, edit_data(99, statement="From the future"), form_url=url)
    assert response.status_code == 409
    assert "This claim is not at the version your form holds" in response.get_data(as_text=True)
    assert stored(app, claim_id) == (1, STATEMENT, "unreviewed", "", 1)
