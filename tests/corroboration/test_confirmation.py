""""Confirmed" needs an independent origin (issue 11, 6): the refusal names the origin the claim
rests on and what would count; evidence from another registry entry or an independent report in
the claim's cluster lifts it; claims confirmed that no longer pass are listed, never changed."""
from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import PASSWORD, make_claim, make_project, make_user, other_origin
from webapp.corroboration import clusters
from webapp.extensions import db
from webapp.models import Claim, ClaimEvent, Evidence
from webapp.services import articles as article_service
from webapp.services import sources as source_service

FIGHTER = "Unnamed Swedish foreign fighter in SDF ranks"
QUOTE = "26 ISIS militants have been killed"


def _world(app):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena)
        fighter = source_service.create_source(project.id, lena, FIGHTER, "person")
        articles = [article_service.import_text(project.id, lena, f"Thus far, {QUOTE}, {who} said.",
                                                article_service.Provenance(title=who, site_name=site))
                    for who, site in (("a fighter", "ANHA"), ("the Observatory", "SOHR"))]
        db.session.commit()
        mine = make_claim(articles[0], lena, QUOTE, source_id=fighter.id)
        other = make_claim(articles[1], lena, QUOTE)
        return project.id, mine.id, other.id, fighter.id, other_origin(project.id, lena)


def _lead(app) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login("lena", PASSWORD).status_code == 302
    return browser


def _confirm(browser, project_id, claim_id, origin=""):
    url = f"/projects/{project_id}/claims/{claim_id}"
    with browser.client.application.app_context():
        claim = db.session.get(Claim, claim_id)
        version, source = claim.version, claim.source_id
    return browser.post(url, {
        "version": version, "statement": "26 killed", "status": "confirmed",
        "rationale": "Checked against a second account.", "credibility": "2",
        "source_id": source or "", "kind": "", "source_type": "", "named": "", "party": "",
        "access": "", "independent_sources": "", "evidence_url": "https://example.org/report",
        "evidence_stance": "supports", "evidence_origin": str(origin)}, form_url=url + "?edit=1")


def test_confirming_on_the_claims_own_origin_is_refused_naming_it(app):
    project_id, mine, _other, fighter_id, _ocha = _world(app)
    lead = _lead(app)
    for origin in ("", fighter_id):          # none recorded, or the very source the claim rests on
        response = _confirm(lead, project_id, mine, origin)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert f"this one rests on {FIGHTER}" in page and "What would count" in page
    with app.app_context():
        assert db.session.get(Claim, mine).status == "unreviewed"
        assert db.session.scalar(select(Evidence.id)) is None
        assert [e.action for e in db.session.scalars(select(ClaimEvent).where(
            ClaimEvent.claim_id == mine))] == ["created"]


def test_evidence_from_another_origin_lifts_the_refusal(app):
    project_id, mine, _other, _fighter, ocha = _world(app)
    response = _confirm(_lead(app), project_id, mine, ocha)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        claim = db.session.get(Claim, mine)
        assert claim.status == "confirmed"
        assert claim.evidence_links[0].evidence.origin_source_id == ocha


def test_an_independent_report_in_the_cluster_lifts_it_and_its_loss_lists_the_claim(app):
    project_id, mine, other, _fighter, _ocha = _world(app)
    lead = _lead(app)
    with app.app_context():
        lena = db.session.get(Claim, mine).created_by
        clusters.link(db.session.get(Claim, mine), db.session.get(Claim, other), lena)
        db.session.commit()
    assert _confirm(lead, project_id, mine).status_code == 302   # SOHR is another origin
    listing = lead.get(f"/projects/{project_id}/clusters/confirmed-for-review").get_data(as_text=True)
    assert "None: every confirmed claim" in listing
    url = f"/projects/{project_id}/claims/{other}"
    lead.post(f"{url}/unlink", {}, form_url=url)                  # the corroboration goes away
    with app.app_context():
        assert db.session.get(Claim, mine).status == "confirmed"  # never changed silently
    listing = lead.get(f"/projects/{project_id}/clusters/confirmed-for-review").get_data(as_text=True)
    assert f"/claims/{mine}" in listing and FIGHTER in listing
