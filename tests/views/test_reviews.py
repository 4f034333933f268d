"""Second review through the browser's requests: what each role sees and may do on the claim
page, one event per action, and refusals (own claim, viewer, outsider, stale version, nothing
pending) that change nothing."""
import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent
from webapp.services.assignments import update_settings
from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user
from tests.security.conftest import diff, snapshot

QUOTE = "26 ISIS militants"
PEOPLE = {"lead": "lena", "author": "anna", "annotator": "omar", "viewer": "vera",
          "outsider": "oscar"}


@pytest.fixture
def team(app):
    """A project that requires second review; anna (annotator) marked a claim as unconfirmed,
    so it waits for a second review."""
    with app.app_context():
        users = {role: make_user(name) for role, name in PEOPLE.items()}
        project = make_project(users["lead"], "Raqqa")
        add_member(project, users["author"], "annotator")
        add_member(project, users["annotator"], "annotator")
        add_member(project, users["viewer"], "viewer")
        make_project(users["outsider"], "Elsewhere")
        update_settings(project, True, True)
        db.session.commit()
        article = make_article(project, users["lead"], title="Raqqa report")
        claim = make_claim(article, users["author"], QUOTE, status="unconfirmed",
                           rationale="Looked for a second source, found none.")
        return {"project_id": project.id, "claim_id": claim.id,
                "url": f"/projects/{project.id}/claims/{claim.id}",
                "ids": {role: u.id for role, u in users.items()}}


def as_(app, role) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(PEOPLE[role], PASSWORD).status_code == 302
    return browser


def claim_of(app, team) -> Claim:
    with app.app_context():
        claim = db.session.get(Claim, team["claim_id"])
        db.session.expunge(claim)
        return claim


def actions_of(app, team) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(ClaimEvent.action).where(
            ClaimEvent.claim_id == team["claim_id"]).order_by(ClaimEvent.id)))


def review(browser, team, action, **data):
    data.setdefault("version", claim_of(browser.client.application, team).version)
    return browser.post(f"{team['url']}/review/{action}", data, form_url=team["url"])


def page(browser, team) -> str:
    response = browser.get(team["url"])
    assert response.status_code == 200
    return response.get_data(as_text=True)


ACTION_DATA = {"accept": {}, "send-back": {"comment": "Which report?"},
               "change": {"status": "unverifiable", "rationale": "Cannot be checked."}}


def test_an_eligible_reviewer_sees_the_state_and_the_three_actions(app, team):
    html = page(as_(app, "annotator"), team)
    assert "Waiting for second review" in html
    assert "The final status does not count yet" in html
    for action in ("accept", "change", "send-back"):
        assert f'action="{team["url"]}/review/{action}"' in html
    assert "Accept the verdict</button>" in html and "Send back</button>" in html


@pytest.mark.parametrize("role,sees", [
    ("author", "You marked this claim: its second review must come from someone else."),
    ("viewer", "Only annotators and leads give second reviews."),
])
def test_the_author_and_viewers_see_why_they_cannot_review(app, team, role, sees):
    html = page(as_(app, role), team)
    assert "Waiting for second review" in html and sees in html
    assert "/review/accept" not in html


@pytest.mark.parametrize("role", ["annotator", "lead"])
def test_accept_by_an_annotator_or_a_lead(app, team, role):
    browser = as_(app, role)
    response = review(browser, team, "accept", comment="Checked both reports.")
    assert response.status_code == 302
    assert actions_of(app, team) == ["created", "second_review_accepted"]
    claim = claim_of(app, team)
    assert (claim.review_state, claim.second_reviewer_id, claim.version) == (
        "accepted", team["ids"][role], 2)
    html = page(browser, team)
    assert f"Accepted by {PEOPLE[role].title()}" in html and "Checked both reports." in html
    assert "The final status counts." in html and "/review/accept" not in html


@pytest.mark.parametrize("action", list(ACTION_DATA))
@pytest.mark.parametrize("role,status,message", [
    ("viewer", 403, "Your role in this project does not allow this."),
    ("outsider", 404, "There is nothing here"),
    ("author", 422, "You marked this claim: its second review must come from someone else."),
])
def test_refused_reviews_change_nothing(app, team, action, role, status, message):
    browser = as_(app, role)
    before = snapshot(app)
    response = review(browser, team, action, **ACTION_DATA[action])
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert diff(before, snapshot(app)) == {}


@pytest.mark.parametrize("action", list(ACTION_DATA))
def test_a_stale_version_is_refused_with_409_and_nothing_is_written(app, team, action):
    author, reviewer = as_(app, "author"), as_(app, "annotator")
    version = claim_of(app, team).version
    reviewer_page = page(reviewer, team)  # the reviewer opens the claim …
    assert "Waiting for second review" in reviewer_page
    with app.app_context():  # … and meanwhile the author adds a piece of evidence
        from webapp.services import claims as claim_service
        claim = db.session.get(Claim, team["claim_id"])
        claim_service.add_evidence(claim, claim.created_by, version, stance="supports",
                                   reference="SOHR report")
        db.session.commit()
    before = snapshot(app)
    response = review(reviewer, team, action, version=version, **ACTION_DATA[action])
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed by someone else since you opened it" in html and "SOHR report" in html
    assert diff(before, snapshot(app)) == {}
    assert author  # the author's session is untouched by the refusal


def test_send_back_needs_a_comment_then_the_author_sees_it_and_resubmits(app, team):
    reviewer = as_(app, "annotator")
    response = review(reviewer, team, "send-back", comment="  ")
    assert response.status_code == 422
    assert "a comment is needed to send a claim back" in response.get_data(as_text=True)
    assert actions_of(app, team) == ["created"]

    assert review(reviewer, team, "send-back", comment="Which <b>report</b>?").status_code == 302
    assert actions_of(app, team) == ["created", "sent_back"]
    author = as_(app, "author")
    html = page(author, team)
    assert "Sent back by Omar" in html and "Which &lt;b&gt;report&lt;/b&gt;?" in html
    assert "Which <b>report</b>?" not in html

    # The author edits and saves a final status again: the claim waits for review again.
    response = author.post(team["url"], {
        "version": claim_of(app, team).version, "status": "unconfirmed", "credibility": "6",
        "rationale": "Searched the UN and SOHR reports: nothing.", "evidence_stance": "supports",
        "source_id": "", "kind": "", "source_type": "", "named": "", "party": "", "access": "",
        "independent_sources": "", "reason": "answered the review"}, form_url=team["url"])
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert claim_of(app, team).review_state == "pending"
    assert "Waiting for second review" in page(reviewer, team)


def test_change_saves_the_reviewers_verdict_with_its_evidence_in_one_event(app, team):
    reviewer = as_(app, "annotator")
    response = review(reviewer, team, "change", status="false", rationale="The UN report says 3.",
                      evidence_url="https://example.org/un", evidence_stance="contradicts",
                      comment="Numbers differ.")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert actions_of(app, team) == ["created", "second_review_changed"]
    claim = claim_of(app, team)
    assert (claim.status, claim.review_state, claim.last_reviewed_by_id) == (
        "false", "changed", team["ids"]["annotator"])
    html = page(reviewer, team)
    assert "Changed by Omar" in html and "https://example.org/un" in html
    # The earlier verdict stays readable in the history.
    history = reviewer.get(f"{team['url']}/history").get_data(as_text=True)
    assert "Second review changed" in history and "Unconfirmed" in history and "False" in history
    assert "Looked for a second source, found none." in history and "Numbers differ." in history
    assert "Second review: changed" in history and "Second reviewer" in history


def test_change_that_breaks_the_evidence_rule_is_refused_with_the_form_kept(app, team):
    reviewer = as_(app, "annotator")
    before = snapshot(app)
    response = review(reviewer, team, "change", status="false", rationale="Contradicted by UN.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "needs at least one piece of evidence" in html
    assert "Contradicted by UN." in html  # the reviewer's rationale is still in the form
    assert diff(before, snapshot(app)) == {}


def test_no_second_review_when_none_is_pending(app, team):
    reviewer = as_(app, "annotator")
    assert review(reviewer, team, "accept").status_code == 302
    lead = as_(app, "lead")
    before = snapshot(app)
    response = lead.post(f"{team['url']}/review/accept", {"version": claim_of(app, team).version},
                         form_url=team["url"])
    assert response.status_code == 422
    assert "not waiting for a second review" in response.get_data(as_text=True)
    assert diff(before, snapshot(app)) == {}


def test_the_lead_who_set_the_status_cannot_review_it(app, team):
    with app.app_context():
        from webapp.services import claims as claim_service
        from webapp.models import User
        claim = db.session.get(Claim, team["claim_id"])
        lead = db.session.get(User, team["ids"]["lead"])
        claim_service.update_claim(claim, lead, {"status": "unverifiable",
                                                 "rationale": "No access."}, claim.version)
        db.session.commit()
    lead = as_(app, "lead")
    assert "You set this claim&#39;s status" in page(lead, team)
    before = snapshot(app)
    response = review(lead, team, "accept")
    assert response.status_code == 422 and diff(before, snapshot(app)) == {}
    assert review(as_(app, "annotator"), team, "accept").status_code == 302


def test_without_the_setting_final_statuses_count_at_once(app, team):
    with app.app_context():
        from webapp.models import Project
        update_settings(db.session.get(Project, team["project_id"]), True, False)
        db.session.commit()
        from webapp.models import Article, User
        article = db.session.scalars(select(Article)).first()
        claim = make_claim(article, db.session.get(User, team["ids"]["author"]), "a fighter said",
                           status="unverifiable", rationale="No access.")
        url = f"/projects/{team['project_id']}/claims/{claim.id}"
    html = as_(app, "annotator").get(url).get_data(as_text=True)
    assert "The final status counts." in html and "This project does not ask for second reviews." in html
    assert "/review/accept" not in html
