"""Evidence shared across claims: one item used by claims in two articles, its page listing them
(only claims the person may see), the project's evidence list, attaching an existing item from
the claim page, and items of another project answering 404."""
import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent, ClaimEvidence, User
from webapp.services import claims as claim_service
from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user
from tests.security.conftest import diff, snapshot

PEOPLE = {"lead": "lena", "annotator": "anna", "viewer": "vera", "outsider": "oscar"}


@pytest.fixture
def shared(app):
    """Project "Raqqa": a UN report supporting a claim in one article and contradicting a claim
    in another; a third claim without it. Project "Elsewhere" (oscar's) has its own item."""
    with app.app_context():
        users = {role: make_user(name) for role, name in PEOPLE.items()}
        project = make_project(users["lead"], "Raqqa")
        add_member(project, users["annotator"], "annotator")
        add_member(project, users["viewer"], "viewer")
        first = make_article(project, users["lead"], "Thus far, 26 ISIS militants were killed.",
                             title="First report")
        second = make_article(project, users["lead"], "Officials say 3 fighters died there.",
                              title="Second report")
        a = make_claim(first, users["annotator"], "26 ISIS militants were killed")
        claim_service.add_evidence(a, users["annotator"], a.version, stance="supports",
                                   reference="UN OCHA report 12", summary="Counts 26 dead")
        db.session.commit()
        un = a.evidence_links[0].evidence
        b = make_claim(second, users["annotator"], "3 fighters died")
        claim_service.add_evidence(b, users["annotator"], b.version, stance="contradicts",
                                   evidence_id=un.id)
        c = make_claim(second, users["annotator"], "Officials say")
        other_project = make_project(users["outsider"], "Elsewhere")
        elsewhere = make_claim(make_article(other_project, users["outsider"], "Far away text here."),
                               users["outsider"], "Far away")
        claim_service.add_evidence(elsewhere, users["outsider"], 1, stance="supports",
                                   reference="FOREIGN-ITEM")
        db.session.commit()
        p = project.id
        return {"project_id": p, "evidence_id": un.id, "claims": {"a": a.id, "b": b.id, "c": c.id},
                "foreign_evidence_id": elsewhere.evidence_links[0].evidence_id,
                "other_project_id": other_project.id,
                "evidence_url": f"/projects/{p}/evidence/{un.id}",
                "claim_url": f"/projects/{p}/claims/{c.id}"}


def as_(app, role) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(PEOPLE[role], PASSWORD).status_code == 302
    return browser


def version_of(app, claim_id) -> int:
    with app.app_context():
        return db.session.get(Claim, claim_id).version


def attach(browser, shared, claim_key="c", **data):
    claim_id = shared["claims"][claim_key]
    data.setdefault("version", version_of(browser.client.application, claim_id))
    data.setdefault("evidence_stance", "supports")
    url = f"/projects/{shared['project_id']}/claims/{claim_id}"
    return browser.post(f"{url}/evidence/attach", data, form_url=url)


@pytest.mark.parametrize("role", ["viewer", "annotator", "lead"])
def test_the_evidence_page_lists_every_claim_using_it_across_articles(app, shared, role):
    response = as_(app, role).get(shared["evidence_url"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "UN OCHA report 12" in html and "Counts 26 dead" in html
    assert "Claims using it (2)" in html
    assert "First report" in html and "Second report" in html
    assert "26 ISIS militants were killed" in html and "3 fighters died" in html
    assert "Supports" in html and "Contradicts" in html
    assert "Officials say" not in html  # the claim that does not use it


def test_deleted_claims_leave_the_evidence_page(app, shared):
    with app.app_context():
        claim = db.session.get(Claim, shared["claims"]["b"])
        claim_service.delete_claim(claim, db.session.get(User, claim.created_by_id), claim.version)
        db.session.commit()
    html = as_(app, "lead").get(shared["evidence_url"]).get_data(as_text=True)
    assert "Claims using it (1)" in html and "3 fighters died" not in html


def test_another_projects_evidence_is_404(app, shared):
    """Asked through a project the person is in, an item of another project does not exist."""
    foreign = f"/projects/{shared['project_id']}/evidence/{shared['foreign_evidence_id']}"
    response = as_(app, "lead").get(foreign)
    assert response.status_code == 404 and "FOREIGN-ITEM" not in response.get_data(as_text=True)
    # oscar leads the other project: Raqqa's item through his project is 404 too, and
    # Raqqa's pages are 404 to him, exactly like ids that do not exist.
    oscar = as_(app, "outsider")
    swapped = f"/projects/{shared['other_project_id']}/evidence/{shared['evidence_id']}"
    assert oscar.get(swapped).status_code == 404
    assert oscar.get(shared["evidence_url"]).status_code == 404
    missing = oscar.get(f"/projects/{shared['project_id']}/evidence/987654")
    assert missing.status_code == 404
    assert oscar.get(f"/projects/{shared['project_id']}/evidence/").status_code == 404


def test_the_evidence_list_shows_items_with_their_claim_counts_and_searches(app, shared):
    browser = as_(app, "viewer")
    html = browser.get(f"/projects/{shared['project_id']}/evidence/").get_data(as_text=True)
    assert "UN OCHA report 12" in html and "FOREIGN-ITEM" not in html
    assert f'href="{shared["evidence_url"]}"' in html
    assert '<td class="num">2</td>' in html
    found = browser.get(f"/projects/{shared['project_id']}/evidence/?q=ocha").get_data(as_text=True)
    assert "UN OCHA report 12" in found
    none = browser.get(f"/projects/{shared['project_id']}/evidence/?q=100%25_x").get_data(as_text=True)
    assert "UN OCHA report 12" not in none and "Nothing matches." in none
    too_long = browser.get(f"/projects/{shared['project_id']}/evidence/?q={'x' * 201}")
    assert too_long.status_code == 422 and "at most 200 characters" in too_long.get_data(as_text=True)


def test_the_claim_page_offers_the_projects_evidence(app, shared):
    html = as_(app, "annotator").get(shared["claim_url"]).get_data(as_text=True)
    assert f'<option value="{shared["evidence_id"]}">' in html and "UN OCHA report 12" in html
    assert "FOREIGN-ITEM" not in html
    searched = as_(app, "annotator").get(shared["claim_url"] + "?evidence_q=nothing-like-it")
    assert "UN OCHA report 12" not in searched.get_data(as_text=True)
    viewer = as_(app, "viewer").get(shared["claim_url"]).get_data(as_text=True)
    assert "/evidence/attach" not in viewer


@pytest.mark.parametrize("role", ["annotator", "lead"])
def test_attaching_an_existing_item_links_it_and_writes_one_event(app, shared, role):
    before_version = version_of(app, shared["claims"]["c"])
    response = attach(as_(app, role), shared, evidence_id=shared["evidence_id"],
                      evidence_stance="contradicts")
    assert response.status_code == 302
    with app.app_context():
        events = list(db.session.scalars(select(ClaimEvent).where(
            ClaimEvent.claim_id == shared["claims"]["c"]).order_by(ClaimEvent.id)))
        assert [e.action for e in events] == ["created", "evidence_added"]
        assert events[-1].changes["evidence"][1]["id"] == shared["evidence_id"]
        assert events[-1].changes["evidence"][1]["stance"] == "contradicts"
        assert db.session.scalar(select(func.count()).select_from(ClaimEvidence).where(
            ClaimEvidence.evidence_id == shared["evidence_id"])) == 3
    assert version_of(app, shared["claims"]["c"]) == before_version + 1
    html = as_(app, "viewer").get(shared["evidence_url"]).get_data(as_text=True)
    assert "Claims using it (3)" in html and "Officials say" in html


@pytest.mark.parametrize("case,status,message", [
    ("viewer", 403, "Your role in this project does not allow this."),
    ("outsider", 404, "There is nothing here"),
    ("stale", 409, "You saved this claim in another tab or window"),  # the same annotator saved it
    ("foreign", 422, "Choose an evidence item of this project."),
    ("already", 422, "This evidence is already on the claim."),
    ("no_stance", 422, "supports or contradicts"),
    ("no_item", 422, "Choose an evidence item."),
])
def test_refused_attachments_change_nothing(app, shared, case, status, message):
    role = case if case in ("viewer", "outsider") else "annotator"
    browser = as_(app, role)
    data = {"evidence_id": shared["evidence_id"]}
    claim_key = "c"
    if case == "stale":  # the annotator saw version 1, then edited the claim elsewhere
        data["version"] = version_of(app, shared["claims"]["c"])
        with app.app_context():
            claim = db.session.get(Claim, shared["claims"]["c"])
            claim_service.update_claim(claim, claim.created_by, {"statement": "meanwhile"},
                                       claim.version)
            db.session.commit()
    elif case == "foreign":
        data["evidence_id"] = shared["foreign_evidence_id"]
    elif case == "already":
        claim_key = "b"
    elif case == "no_stance":
        data["evidence_stance"] = "maybe"
    elif case == "no_item":
        data["evidence_id"] = ""
    before = snapshot(app)
    response = attach(browser, shared, claim_key, **data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert diff(before, snapshot(app)) == {}


def test_evidence_of_claims_hidden_by_blind_double_review_stays_hidden(app, shared):
    """During blind double review an annotator does not see the other reviewer's claims, so
    neither the evidence found for them (list, picker, page); the lead sees everything."""
    from webapp.services.double_review import set_up_double_review
    with app.app_context():
        lead, anna = (db.session.scalar(select(User).where(User.username == n)) for n in ("lena", "anna"))
        omar = make_user("omar")
        from webapp.models import Project
        add_member(db.session.get(Project, shared["project_id"]), omar, "annotator")
        article = make_article(db.session.get(Project, shared["project_id"]), lead,
                               "A blind text about the dam.", title="Blind report")
        set_up_double_review(shared["project_id"], lead, "lead", [anna.id, omar.id],
                             article_ids=[article.id])
        db.session.commit()
        hidden = make_claim(article, omar, "about the dam")
        claim_service.add_evidence(hidden, omar, 1, stance="supports", reference="OMAR-FINDING")
        db.session.commit()
        item_url = f"/projects/{shared['project_id']}/evidence/{hidden.evidence_links[0].evidence_id}"
    anna_browser = as_(app, "annotator")
    assert "OMAR-FINDING" not in anna_browser.get(
        f"/projects/{shared['project_id']}/evidence/").get_data(as_text=True)
    assert "OMAR-FINDING" not in anna_browser.get(shared["claim_url"]).get_data(as_text=True)
    assert anna_browser.get(item_url).status_code == 404
    before = snapshot(app)
    response = attach(anna_browser, shared, evidence_id=int(item_url.rsplit("/", 1)[1]))
    assert response.status_code == 422 and "OMAR-FINDING" not in response.get_data(as_text=True)
    assert diff(before, snapshot(app)) == {}
    lead_browser = as_(app, "lead")
    assert "OMAR-FINDING" in lead_browser.get(f"/projects/{shared['project_id']}/evidence/").get_data(as_text=True)
    assert lead_browser.get(item_url).status_code == 200
