"""Evidence through the API, as on the claim form: an annotation's assessing body lists the
claim's evidence under ``claimtrail:evidence``; new items are added and items the project
already has (``evidence_id``) are linked in the same request as the status, and an exported
annotation sent back unchanged adds nothing. ``If-Match: *`` is refused."""
from sqlalchemy import func, select

from tests.factories import PASSWORD, make_claim, other_origin
from webapp.extensions import db
from webapp.models import Article, Claim, ClaimEvent, Evidence, User
from webapp.services import claims as claim_service

from .conftest import TEXT, new_annotation, problem

REPORT = "https://example.org/sdf-statement"


def _project_evidence(app, team) -> int:
    """An item the project already has: used by another claim of the article."""
    with app.app_context():
        article = db.session.get(Article, team.article_id)
        lena = db.session.get(User, team.user_ids["lead"])
        other = make_claim(article, lena, "The SDF took the village of Hamrat")
        # From an origin of its own (a registry entry): it can corroborate a confirmed claim.
        event = claim_service.add_evidence(other, lena, other.version, stance="supports",
                                           reference="SDF press office, 12 May",
                                           origin_source_id=other_origin(team.project_id, lena,
                                                                         "SDF press office"))
        db.session.commit()
        return event.changes["evidence"][1]["id"]


def _assessing(doc: dict) -> dict:
    return next(b for b in doc["body"] if b["purpose"] == "assessing")


def _confirm(doc: dict, evidence: list[dict]) -> dict:
    assessing = _assessing(doc)
    assessing.update({"claimtrail:status": "confirmed", "claimtrail:evidence": evidence,
                      "claimtrail:rationale": "The SDF's own statement and a press office note."})
    return doc


def _state(app, claim_id) -> tuple:
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        links = sorted((link.evidence_id, link.stance) for link in claim.evidence_links)
        events = db.session.scalar(select(func.count()).select_from(ClaimEvent)
                                   .where(ClaimEvent.claim_id == claim_id))
        items = db.session.scalar(select(func.count()).select_from(Evidence))
        return claim.status, claim.version, links, events, items


def _signed_in(browser, username="anna"):
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def test_put_confirms_with_new_and_existing_evidence_and_the_claim_page_shows_both(
        app, api, team, browser):
    existing = _project_evidence(app, team)
    got = api.get(team.annotation(), role="annotator")
    doc = _confirm(got.get_json(force=True), [
        {"stance": "supports", "url": REPORT, "summary": "The SDF confirms 26 dead."},
        {"stance": "supports", "evidence_id": existing}])
    response = api.put(team.annotation(), doc, role="annotator",
                       headers={"If-Match": got.headers["ETag"]})
    assert response.status_code == 200, response.get_data(as_text=True)
    saved = _assessing(response.get_json(force=True))
    assert saved["claimtrail:status"] == "confirmed"
    assert [(e["url"], e["reference"]) for e in saved["claimtrail:evidence"]] == [
        (REPORT, ""), ("", "SDF press office, 12 May")]
    assert saved["claimtrail:evidence"][1]["evidence_id"] == existing
    assert api.get(team.annotation()).headers["ETag"] == response.headers["ETag"]
    with app.app_context():
        events = list(db.session.scalars(select(ClaimEvent).where(
            ClaimEvent.claim_id == team.claim_id).order_by(ClaimEvent.id)))
        assert [(e.action, e.actor_id) for e in events[-3:]] == [
            ("status_changed", team.user_ids["annotator"]),
            ("evidence_added", team.user_ids["annotator"]),
            ("evidence_added", team.user_ids["annotator"])]
    page = _signed_in(browser).get(f"/projects/{team.project_id}/claims/{team.claim_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert REPORT in html and "The SDF confirms 26 dead." in html
    assert "SDF press office, 12 May" in html and "Confirmed" in html
    history = browser.get(f"/projects/{team.project_id}/claims/{team.claim_id}/history")
    assert REPORT in history.get_data(as_text=True)


def test_confirmed_without_evidence_is_422_and_nothing_is_saved(app, api, team):
    got = api.get(team.annotation())
    before = _state(app, team.claim_id)
    doc = _confirm(got.get_json(force=True), [])
    response = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    assert response.status_code == 422
    assert "evidence" in problem(response)["detail"]
    assert _state(app, team.claim_id) == before


def test_an_exported_annotation_sent_back_unchanged_adds_nothing(app, api, team):
    existing = _project_evidence(app, team)
    got = api.get(team.annotation())
    doc = _confirm(got.get_json(force=True), [
        {"stance": "contradicts", "url": REPORT}, {"stance": "supports", "evidence_id": existing}])
    saved = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    assert saved.status_code == 200
    before = _state(app, team.claim_id)
    again = api.put(team.annotation(), saved.get_json(force=True),
                    headers={"If-Match": saved.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] == saved.headers["ETag"]
    assert _state(app, team.claim_id) == before
    # Without the ids (as another tool may keep them), the same items are still recognised.
    doc = again.get_json(force=True)
    for item in _assessing(doc)["claimtrail:evidence"]:
        del item["evidence_id"]
    assert api.put(team.annotation(), doc, headers={"If-Match": again.headers["ETag"]}).status_code == 200
    assert _state(app, team.claim_id) == before


def test_an_annotation_of_the_w3c_export_edited_and_put_back_is_saved(app, api, team, browser):
    existing = _project_evidence(app, team)
    export = _signed_in(browser, "lena").get(f"/projects/{team.project_id}/export/annotations.jsonld")
    assert export.status_code == 200
    items = export.get_json(force=True)["first"]["items"]
    doc = next(a for a in items if a["id"].endswith(f"/claims/{team.claim_id}"))
    _confirm(doc, [{"stance": "supports", "evidence_id": existing}])
    etag = api.get(team.annotation()).headers["ETag"]
    response = api.put(team.annotation(), doc, headers={"If-Match": etag})
    assert response.status_code == 200, response.get_data(as_text=True)
    status, _version, links, _events, _items = _state(app, team.claim_id)
    assert status == "confirmed" and links == [(existing, "supports")]


def test_post_marks_a_confirmed_claim_with_its_evidence_and_answers_what_a_get_reads(
        app, api, team):
    existing = _project_evidence(app, team)
    doc = new_annotation(TEXT, "dozens more injured", "Dozens were injured.")
    doc["body"].append({"type": "TextualBody", "purpose": "assessing", "value": "Confirmed",
                        "claimtrail:status": "confirmed"})
    _confirm(doc, [{"stance": "supports", "reference": "Hospital list, 12 May"},
                   {"stance": "contradicts", "evidence_id": existing}])
    response = api.post(team.container, doc, role="annotator")
    assert response.status_code == 201, response.get_data(as_text=True)
    again = api.get(response.headers["Location"].replace("http://localhost", ""), role="annotator")
    assert again.get_json(force=True) == response.get_json(force=True)
    assert again.headers["ETag"] == response.headers["ETag"]
    evidence = _assessing(again.get_json(force=True))["claimtrail:evidence"]
    assert [(e["stance"], e["reference"]) for e in evidence] == [
        ("supports", "Hospital list, 12 May"), ("contradicts", "SDF press office, 12 May")]


def test_evidence_that_does_not_fit_is_refused_and_nothing_is_saved(app, api, team):
    existing = _project_evidence(app, team)
    with app.app_context():
        foreign = make_claim(db.session.get(Article, team.other_article_id),
                             db.session.get(User, team.user_ids["outsider"]), "the dam was hit")
        outsider = db.session.get(User, team.user_ids["outsider"])
        event = claim_service.add_evidence(foreign, outsider, foreign.version, stance="supports",
                                           url="https://example.org/bravo")
        db.session.commit()
        foreign_id = event.changes["evidence"][1]["id"]
    got = api.get(team.annotation())
    doc = _confirm(got.get_json(force=True), [{"stance": "supports", "evidence_id": existing}])
    saved = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    before, etag = _state(app, team.claim_id), saved.headers["ETag"]
    refused = {
        "another project's item": [{"stance": "supports", "evidence_id": foreign_id}],
        "a changed stance": [{"stance": "contradicts", "evidence_id": existing}],
        "an edited stored item": [{"stance": "supports", "evidence_id": existing,
                                   "reference": "Something else"}],
        "no link or reference": [{"stance": "supports", "summary": "Just words"}],
        "an unknown stance": [{"stance": "maybe", "url": REPORT}],
        "a link that is no web address": [{"stance": "supports", "url": "javascript:alert(1)"}],
        "an unknown field": [{"stance": "supports", "url": REPORT, "note": "x"}],
        "an id that is no integer": [{"stance": "supports", "evidence_id": "7"}],
        "not a list": {"stance": "supports", "url": REPORT},
    }
    for what, evidence in refused.items():
        doc = saved.get_json(force=True)
        _assessing(doc)["claimtrail:evidence"] = evidence
        response = api.put(team.annotation(), doc, headers={"If-Match": etag})
        assert response.status_code == 422, what
        assert problem(response)["detail"], what
    assert _state(app, team.claim_id) == before


def test_if_match_star_is_refused_for_put_and_delete(app, api, team):
    doc = api.get(team.annotation()).get_json(force=True)
    doc["body"][0]["value"] = "A stale edit."
    before = _state(app, team.claim_id)
    for header in ("*", " * ", '*, "abc"'):
        put = api.put(team.annotation(), doc, headers={"If-Match": header})
        assert put.status_code == 428 and "If-Match: *" in problem(put)["detail"]
        assert problem(api.delete(team.annotation(), headers={"If-Match": header}))["status"] == 428
    assert _state(app, team.claim_id) == before
    assert _claim_statement(app, team.claim_id) == "26 militants were killed."


def _claim_statement(app, claim_id) -> str:
    with app.app_context():
        return db.session.get(Claim, claim_id).statement


def test_evidence_hidden_by_blind_double_review_cannot_be_linked(app):
    """Omar cannot link (nor learn of) the evidence Anna found for her hidden claim."""
    from tests.double_review_data import double, mark, team as blind_team

    from .conftest import make_token
    with app.app_context():
        project, _lena, anna, omar, _vera = blind_team()
        article = double(project, _lena, anna, omar)
        hers = mark(article, anna, "26 ISIS militants")
        found = claim_service.add_evidence(hers, anna, hers.version, stance="supports",
                                           url="https://example.org/anna-found-it")
        mine = mark(article, omar, "dozens more injured")
        db.session.commit()
        hidden_id, token, mine_id = found.changes["evidence"][1]["id"], make_token(omar), mine.id
        url = f"/api/v1/projects/{project.id}/articles/{article.id}/annotations/{mine_id}"
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    got = client.get(url, headers=auth)
    doc = _confirm(got.get_json(force=True), [{"stance": "supports", "evidence_id": hidden_id}])
    response = client.put(url, json=doc, headers={**auth, "If-Match": got.headers["ETag"]})
    assert response.status_code == 422
    assert "anna-found-it" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Claim, mine_id).evidence_links == []


def test_confirmed_needs_evidence_from_another_origin(app, api, team):
    """Issue 11: evidence with no recorded origin does not corroborate; origin_source_id (a
    registry entry other than the claim's own origin) does."""
    got = api.get(team.annotation())
    doc = _confirm(got.get_json(force=True), [{"stance": "supports", "url": REPORT}])
    refused = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    assert refused.status_code == 422
    assert "needs corroboration from an origin other than its own" in problem(refused)["detail"]
    with app.app_context():
        origin = other_origin(team.project_id, db.session.get(User, team.user_ids["lead"]))
    doc = _confirm(got.get_json(force=True), [{"stance": "supports", "url": REPORT,
                                               "origin_source_id": origin}])
    saved = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Evidence.origin_source_id)) == origin
