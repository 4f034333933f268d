"""T13 for the source registry: during blind double review, a source that one reviewer registers
from the claim form is hidden from the other reviewer and from viewers — in the registry list,
on the source page, in the claim form's picker — as that reviewer's claims are; the registrant
and leads see it; once both reviews are done everyone does. Sources registered elsewhere (the
registry page, a claim form outside double review) are seen by every member as before."""
import pytest
from sqlalchemy import select

from tests.conftest import Browser
from tests.double_review_data import double, finish, team
from tests.factories import PASSWORD, make_article
from webapp.extensions import db
from webapp.models import Article, Claim, Source, User
from webapp.services import claims as claim_service
from webapp.services import sources as source_service
from webapp.services.errors import Invalid

QUOTE = "26 ISIS militants have been killed"
SECRET = "Swedish volunteer Erik in SDF ranks"
FIELDS = {"kind": "casualty_figure", "source_type": "combatant", "named": "unnamed", "party": "party",
          "access": "unknown", "credibility": "3", "status": "unreviewed", "independent_sources": "1",
          "evidence_stance": "supports"}


def _as(app, username) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def _mark_with_new_source(browser, project_id, article_id, text, name=SECRET):
    read_url = f"/projects/{project_id}/articles/{article_id}"
    start = text.index(QUOTE)
    response = browser.post(f"{read_url}/claims", {
        "quote": QUOTE, "start": start, "end": start + len(QUOTE), "statement": "26 killed",
        "source_id": "new", "new_source_name": name, "new_source_kind": "person",
        "new_source_reliability": "F", **FIELDS}, form_url=read_url)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def _world(app):
    """anna (A) registers a source from the claim form of an article under blind double review
    by anna and omar; lena leads, vera views. Also a source every member sees."""
    with app.app_context():
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        source_service.create_source(project.id, lena, "Syrian Observatory for Human Rights",
                                     "organisation")
        db.session.commit()
        ids = project.id, article.id, article.text
    _mark_with_new_source(_as(app, "anna"), *ids)
    with app.app_context():
        source = db.session.scalar(select(Source).where(Source.name == SECRET))
        assert source.claim_form_article_id == ids[1]
        return ids[0], ids[1], source.id


def _sees(browser, project_id, article_id, source_id) -> dict[str, bool]:
    registry = browser.get(f"/projects/{project_id}/sources/").get_data(as_text=True)
    assert "Syrian Observatory for Human Rights" in registry       # the page works for them
    page = browser.get(f"/projects/{project_id}/sources/{source_id}")
    reading = browser.get(f"/projects/{project_id}/articles/{article_id}").get_data(as_text=True)
    assert page.status_code in (200, 404)
    return {"registry": SECRET in registry, "page": page.status_code == 200 and SECRET in page.get_data(as_text=True),
            "picker": SECRET in reading}


def test_a_source_registered_in_a_blind_review_is_hidden_like_its_claims(app):
    project_id, article_id, source_id = _world(app)
    hidden = {"registry": False, "page": False, "picker": False}
    shown = {"registry": True, "page": True, "picker": True}
    for username, expected in (("omar", hidden), ("vera", hidden), ("anna", shown), ("lena", shown)):
        assert _sees(_as(app, username), project_id, article_id, source_id) == expected, username
    with app.app_context():
        finish(db.session.get(Article, article_id))
    assert _sees(_as(app, "omar"), project_id, article_id, source_id) == shown
    assert _sees(_as(app, "vera"), project_id, article_id, source_id) == {
        "registry": True, "page": True, "picker": False}          # a viewer has no claim form


def test_the_other_reviewer_cannot_cite_the_hidden_source(app):
    project_id, article_id, source_id = _world(app)
    omar = _as(app, "omar")
    read_url = f"/projects/{project_id}/articles/{article_id}"
    with app.app_context():
        text = db.session.get(Article, article_id).text
    start = text.index("Hamrat")
    response = omar.post(f"{read_url}/claims", {
        "quote": "Hamrat", "start": start, "end": start + 6, "source_id": str(source_id),
        **FIELDS}, form_url=read_url)
    assert response.status_code == 422
    assert SECRET not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Claim).where(Claim.quote == "Hamrat")) is None


def test_the_service_refuses_a_hidden_source_as_if_it_did_not_exist(app):
    """The same rule where no picker is involved (the API sends ``source_id``)."""
    project_id, article_id, source_id = _world(app)
    with app.app_context():
        omar = db.session.scalar(select(User).where(User.username == "omar"))
        article = db.session.get(Article, article_id)
        start = article.text.index("Hamrat")
        with pytest.raises(Invalid) as refused:
            claim_service.create_claim(article, omar, start, start + 6, "Hamrat",
                                       {"source_id": source_id})
        assert refused.value.reasons == {"source_id": "Choose a source from this project's registry."}


def test_sources_registered_outside_blind_review_stay_visible_to_every_member(app):
    with app.app_context():
        project, lena, _anna, _omar, _vera = team()
        article = make_article(project, lena, "Thus far, 26 ISIS militants have been killed.")
        ids = project.id, article.id, article.text
    _mark_with_new_source(_as(app, "anna"), *ids, name=SECRET)
    with app.app_context():
        source_id = db.session.scalar(select(Source.id).where(Source.name == SECRET))
    for username in ("omar", "vera"):
        registry = _as(app, username).get(f"/projects/{ids[0]}/sources/").get_data(as_text=True)
        assert SECRET in registry
        assert _as(app, username).get(f"/projects/{ids[0]}/sources/{source_id}").status_code == 200
