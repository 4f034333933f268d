"""A researcher's whole path through the browser's requests: sign in, import, mark, edit,
read the history, export."""
import csv
import io
import json

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent
from webapp.services.demo import demo_text
from tests.factories import PASSWORD, add_member, make_project, make_user

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
