"""Assignments at the request level: who may assign, reassign, remove and change states (each
role), refusals that change nothing, the annotator permission setting, the settings page,
the article list's filters, the article page and its trail."""
import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Article, ArticleEvent, Assignment, Claim, Project
from webapp.services import assignments as service
from tests.factories import (PASSWORD, add_member, make_article, make_claim, make_project,
                             make_user)
from tests.security.test_access import claim_fields
from tests.views.test_query_counts import count_queries

QUOTE = "26 ISIS militants have been killed"
FORBIDDEN = "Your role in this project does not allow this."
ROLES = {"lead": "lena", "annotator": "anna", "viewer": "vera", "outsider": "oscar"}


class Team:
    """Project ids and user ids for one test (objects do not outlive the app context)."""

    def __init__(self, app):
        with app.app_context():
            users = {n: make_user(n) for n in ("lena", "anna", "ben", "vera", "oscar")}
            project = make_project(users["lena"], "Raqqa")
            make_project(users["oscar"], "Elsewhere")
            add_member(project, users["anna"], "annotator")
            add_member(project, users["ben"], "annotator")
            add_member(project, users["vera"], "viewer")
            articles = [make_article(project, users["lena"], f"Report {i}: thus far, {QUOTE}, "
                                     "a fighter said.", title=f"Report {i}") for i in range(3)]
            self.project = project.id
            self.articles = [a.id for a in articles]
            self.ids = {n: u.id for n, u in users.items()}

    def url(self, tail=""):
        return f"/projects/{self.project}{tail}"

    def article_url(self, tail="", n=0):
        return self.url(f"/articles/{self.articles[n]}{tail}")


@pytest.fixture
def team(app):
    return Team(app)


def sign_in(browser, username):
    assert browser.login(username, PASSWORD).status_code == 302


def post(browser, url, data):
    return browser.post(url, data, form_url="/")


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Assignment.id))),
                db.session.scalar(select(func.count(ArticleEvent.id))),
                db.session.scalar(select(func.count(Claim.id))))


def assign(app, team, username, n=0):
    with app.app_context():
        project = db.session.get(Project, team.project)
        from webapp.models import Article, User
        service.assign_article(project, db.session.get(Article, team.articles[n]),
                               db.session.get(User, team.ids[username]),
                               db.session.get(User, team.ids["lena"]))
        db.session.commit()


def text(response):
    return response.get_data(as_text=True)


# name, route tail, form data (built from the team), expected status per role
LEAD_ACTIONS = [
    ("assign one", lambda t: (t.article_url("/assign"), {"assignee": t.ids["anna"]})),
    ("assign ticked", lambda t: (t.url("/articles/assign"),
                                 {"article_ids": t.articles, "assignee": t.ids["anna"]})),
    ("round robin", lambda t: (t.url("/articles/round-robin"),
                               {"article_ids": t.articles, "members": [t.ids["anna"], t.ids["ben"]]})),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, build", LEAD_ACTIONS, ids=[a[0] for a in LEAD_ACTIONS])
def test_only_leads_assign(app, browser, team, role, name, build):
    sign_in(browser, ROLES[role])
    url, data = build(team)
    before = counts(app)
    response = post(browser, url, data)
    if role == "lead":
        assert response.status_code == 302
        assert counts(app)[0] > 0
        return
    assert response.status_code == {"outsider": 404}.get(role, 403)
    if role != "outsider":
        assert FORBIDDEN in text(response)
    assert counts(app) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_leads_reassign_and_remove(app, browser, team, role):
    assign(app, team, "anna")
    sign_in(browser, ROLES[role])
    before = counts(app)
    moved = post(browser, team.article_url("/reassign"),
                 {"assignee": team.ids["anna"], "to": team.ids["ben"], "reason": "leave"})
    if role == "lead":
        assert moved.status_code == 302
        removed = post(browser, team.article_url("/unassign"), {"assignee": team.ids["ben"]})
        assert removed.status_code == 302
        assert counts(app) == (0, before[1] + 2, 0)
        return
    removed = post(browser, team.article_url("/unassign"), {"assignee": team.ids["anna"]})
    expected = 404 if role == "outsider" else 403
    assert (moved.status_code, removed.status_code) == (expected, expected)
    assert counts(app) == before


@pytest.mark.parametrize("role, status", [("annotator", 302), ("lead", 302), ("viewer", 403),
                                          ("outsider", 404)])
def test_the_assignee_or_a_lead_marks_done(app, browser, team, role, status):
    assign(app, team, "anna")
    sign_in(browser, ROLES[role])
    before = counts(app)
    response = post(browser, team.article_url("/state"), {"action": "done", "assignee": team.ids["anna"]})
    assert response.status_code == status
    assert counts(app)[1] == before[1] + (status == 302)
    with app.app_context():
        state = db.session.scalar(select(Assignment.state))
    assert state == ("done" if status == 302 else "assigned")


def test_another_annotator_cannot_change_my_assignment(app, browser, team):
    assign(app, team, "anna")
    sign_in(browser, "ben")
    before = counts(app)
    response = post(browser, team.article_url("/state"), {"action": "done", "assignee": team.ids["anna"]})
    assert response.status_code == 403
    assert "Only the assignee or a lead" in text(response)
    assert counts(app) == before


def test_the_assignee_marks_done_and_reopens_from_the_article_page(app, browser, team):
    assign(app, team, "anna")
    sign_in(browser, "anna")
    page = text(browser.get(team.article_url()))
    assert "Assignments" in page and "Mark done" in page and "Reassign" not in page
    response = post(browser, team.article_url("/state"), {"action": "done"})   # my own
    assert response.status_code == 302
    page = text(browser.get(team.article_url()))
    assert "Reopen" in page and "anna: done." in page
    assert post(browser, team.article_url("/state"), {"action": "reopen"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Assignment.state)) == "in_progress"


@pytest.mark.parametrize("case, data, status, message", [
    ("non-member", lambda t: {"assignee": t.ids["oscar"]}, 400, "member of this project"),
    ("viewer", lambda t: {"assignee": t.ids["vera"]}, 400, "vera is a viewer"),
    ("no assignee", lambda t: {}, 400, "Choose a member"),
    ("not a number", lambda t: {"assignee": "anna"}, 400, "Assign to"),
])
def test_bad_assignments_are_refused_and_change_nothing(app, browser, team, case, data, status, message):
    sign_in(browser, "lena")
    before = counts(app)
    response = post(browser, team.article_url("/assign"), data(team))
    assert response.status_code == status
    assert message in text(response) and "Nothing was changed" in text(response)
    assert counts(app) == before


def test_a_duplicate_assignment_is_refused_with_409(app, browser, team):
    assign(app, team, "anna")
    sign_in(browser, "lena")
    before = counts(app)
    response = post(browser, team.article_url("/assign"), {"assignee": team.ids["anna"]})
    assert response.status_code == 409 and "already assigned to anna" in text(response)
    assert counts(app) == before


def test_articles_of_another_project_are_not_found(app, browser, team):
    with app.app_context():
        from webapp.models import User
        oscar_project = db.session.scalar(select(Project).where(Project.name == "Elsewhere"))
        foreign = make_article(oscar_project, db.session.get(User, team.ids["oscar"]),
                               "Elsewhere: a different text about the dam.").id
    sign_in(browser, "lena")
    before = counts(app)
    assert post(browser, team.url(f"/articles/{foreign}/assign"),
                {"assignee": team.ids["anna"]}).status_code == 404
    bulk = post(browser, team.url("/articles/assign"),
                {"article_ids": [team.articles[0], foreign], "assignee": team.ids["anna"]})
    assert bulk.status_code == 404 and "not in this project" in text(bulk)
    assert counts(app) == before


def test_round_robin_needs_members_and_refuses_viewers(app, browser, team):
    sign_in(browser, "lena")
    before = counts(app)
    none = post(browser, team.url("/articles/round-robin"), {"article_ids": team.articles})
    assert none.status_code == 400 and "at least one member" in text(none)
    viewer = post(browser, team.url("/articles/round-robin"),
                  {"article_ids": team.articles, "members": [team.ids["anna"], team.ids["vera"]]})
    assert viewer.status_code == 400 and "viewer" in text(viewer)
    assert counts(app) == before


def test_round_robin_over_every_article_matching_the_filter(app, browser, team):
    assign(app, team, "anna", n=0)
    sign_in(browser, "lena")
    response = post(browser, team.url("/articles/round-robin?unassigned=1"),
                    {"scope": "matching", "members": [team.ids["anna"], team.ids["ben"]]})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("?unassigned=1")
    assert "Spread 2 articles: anna 1, ben 1." in text(browser.get(response.headers["Location"]))


def test_bulk_assign_reports_what_it_skipped(app, browser, team):
    assign(app, team, "anna", n=0)
    sign_in(browser, "lena")
    response = post(browser, team.url("/articles/assign"),
                    {"article_ids": team.articles, "assignee": team.ids["anna"]})
    page = text(browser.get(response.headers["Location"]))
    assert "Assigned 2 articles to anna. 1 article already assigned to them stayed" in page
    assert counts(app)[0] == 3


def test_reassign_keeps_claims_and_is_in_the_article_history(app, browser, team):
    assign(app, team, "anna")
    with app.app_context():
        from webapp.models import Article, User
        make_claim(db.session.get(Article, team.articles[0]), db.session.get(User, team.ids["anna"]), QUOTE)
    sign_in(browser, "lena")
    response = post(browser, team.article_url("/reassign"),
                    {"assignee": team.ids["anna"], "to": team.ids["ben"], "reason": "Anna is away"})
    assert response.status_code == 302
    assert counts(app) == (1, 2, 1)
    history = text(browser.get(team.article_url("/history")))
    assert "Reassigned" in history and "anna → ben" in history and "Anna is away" in history


@pytest.mark.parametrize("role, status", [("lead", 200), ("annotator", 403), ("viewer", 403),
                                          ("outsider", 404)])
def test_settings_page_is_for_leads(app, browser, team, role, status):
    sign_in(browser, ROLES[role])
    assert browser.get(team.url("/settings")).status_code == status
    response = post(browser, team.url("/settings"), {"second_review_required": "y"})
    assert response.status_code == (302 if status == 200 else status)
    with app.app_context():
        project = db.session.get(Project, team.project)
        changed = (project.annotators_edit_all, project.second_review_required) == (False, True)
    assert changed == (status == 200)


def edit_all(app, team, allowed: bool):
    with app.app_context():
        service.update_settings(db.session.get(Project, team.project), allowed, False)
        db.session.commit()


def claim_data(app, team):
    with app.app_context():
        from webapp.models import Article
        start = db.session.get(Article, team.articles[0]).text.index(QUOTE)
    return {"quote": QUOTE, "start": start, "end": start + len(QUOTE), **claim_fields()}


@pytest.mark.parametrize("who, allowed", [("lena", True), ("anna", True), ("ben", False)])
def test_the_setting_blocks_unassigned_annotators(app, browser, team, who, allowed):
    assign(app, team, "anna")
    edit_all(app, team, False)
    sign_in(browser, who)
    before = counts(app)
    response = post(browser, team.article_url("/claims"), claim_data(app, team))
    if allowed:
        assert response.status_code == 302
        assert counts(app)[2] == before[2] + 1
        return
    assert response.status_code == 403
    assert "only in the articles assigned to them" in text(response)
    assert counts(app) == before
    page = text(browser.get(team.article_url()))
    assert 'id="claim-form"' not in page and "not assigned to you" in page


def test_the_setting_blocks_edits_deletes_and_evidence_in_unassigned_articles(app, browser, team):
    with app.app_context():
        from webapp.models import Article, User
        claim = make_claim(db.session.get(Article, team.articles[0]),
                           db.session.get(User, team.ids["lena"]), QUOTE)
        from webapp.services import claims as claim_service
        claim_service.add_evidence(claim, claim.created_by, claim.version, stance="supports",
                                   url="https://example.org/e")
        db.session.commit()
        claim_id, version, link_id = claim.id, claim.version, claim.evidence_links[0].id
    edit_all(app, team, False)
    sign_in(browser, "ben")
    before = counts(app)
    attempts = {
        f"/claims/{claim_id}": {"statement": "changed", "version": version, "status": "unreviewed",
                                "credibility": "6"},
        f"/claims/{claim_id}/delete": {"version": version},
        f"/claims/{claim_id}/evidence": {"version": version, "evidence_url": "https://example.org/x",
                                         "evidence_stance": "supports"},
        f"/claims/{claim_id}/evidence/{link_id}/remove": {"version": version},
    }
    for tail, data in attempts.items():
        response = post(browser, team.url(tail), data)
        assert response.status_code == 403, tail
        assert "not assigned to you" in text(response), tail
    assert counts(app) == before
    edit_all(app, team, True)   # positive control: with the setting on, ben may edit
    assert post(browser, team.url(f"/claims/{claim_id}/delete"), {"version": version}).status_code == 302


def test_a_claim_saved_by_the_assignee_starts_the_assignment(app, browser, team):
    assign(app, team, "anna")
    sign_in(browser, "anna")
    assert post(browser, team.article_url("/claims"), claim_data(app, team)).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Assignment.state)) == "in_progress"
        actions = list(db.session.scalars(select(ArticleEvent.action).order_by(ArticleEvent.id)))
    assert actions == ["assigned", "started"]


@pytest.mark.parametrize("query, message", [
    ("?colour=red", "Unknown filter “colour”"),
    ("?state=finished", "Unknown state “finished”"),
    ("?assignee=nobody", "No member of this project has the username “nobody”"),
    ("?assignee=oscar", "No member of this project"),
    ("?unassigned=yes", "takes the value 1"),
    ("?unassigned=1&assignee=anna", "cannot be combined"),
    ("?q=a&q=b", "more than once"),
])
def test_unknown_or_bad_filters_are_refused(app, browser, team, query, message):
    sign_in(browser, "vera")
    response = browser.get(team.url(query))
    assert response.status_code == 400
    assert message in text(response)


def test_filters_select_articles(app, browser, team):
    assign(app, team, "anna", n=0)
    assign(app, team, "ben", n=1)
    with app.app_context():
        from webapp.models import Article, User
        service.change_state(db.session.get(Article, team.articles[1]), team.ids["ben"], "done",
                             db.session.get(User, team.ids["ben"]), "annotator")
        db.session.commit()
    sign_in(browser, "vera")

    def titles(query):
        page = text(browser.get(team.url(query)))
        return sorted(t for t in ("Report 0", "Report 1", "Report 2") if f">{t}</a>" in page)

    assert titles("") == ["Report 0", "Report 1", "Report 2"]
    assert titles("?assignee=anna") == ["Report 0"]
    assert titles("?state=done") == ["Report 1"]
    assert titles("?state=open") == ["Report 0"]
    assert titles("?assignee=ben&state=open") == []
    assert titles("?unassigned=1") == ["Report 2"]
    assert titles("?q=report+1") == ["Report 1"]
    assert titles("?q=%25") == []                      # a % is searched for, not a wildcard
    assert titles("?q=&assignee=&state=&page=1") == ["Report 0", "Report 1", "Report 2"]
    page = text(browser.get(team.url()))
    assert "anna · Assigned" in page and "ben · Done" in page and "Unassigned" in page
    assert 'name="article_ids"' not in page            # viewers get no assigning tools


def test_leads_get_the_assigning_tools_and_pages_keep_the_filter(app, browser, team):
    app.config["PAGE_SIZE"] = 2
    sign_in(browser, "lena")
    page = text(browser.get(team.url("?q=report")))
    assert 'name="article_ids"' in page and "Spread evenly" in page and "Assign selected" in page
    assert f'href="/projects/{team.project}?page=2&amp;q=report"' in page
    assert f'action="/projects/{team.project}/articles/assign?q=report"' in page


def test_the_assign_panel_is_one_line_until_there_is_something_to_share_out(app, browser, team):
    """Issue 10: in a one-member project, or before anything is assigned, the panel is a closed
    <details> (the tools one click away); with several members and assignments it is open."""
    def panel():
        page = text(browser.get(team.url()))
        tag = page[page.index('<details class="card assign-tools"'):].split(">", 1)[0]
        assert "Assign selected" in page and "Spread evenly" in page   # still there, inside
        return tag

    sign_in(browser, "lena")
    assert " open" not in panel() and "nothing assigned yet" in text(browser.get(team.url()))
    with app.app_context():
        from webapp.models import User
        project, lena = db.session.get(Project, team.project), db.session.get(User, team.ids["lena"])
        article = db.session.get(Article, team.articles[0])
        service.assign_article(project, article, db.session.get(User, team.ids["anna"]), lena)
        db.session.commit()
    assert " open" in panel()
    with app.app_context():
        solo = make_project(db.session.get(User, team.ids["lena"]), "Solo")
        solo_id = solo.id
    page = text(browser.get(f"/projects/{solo_id}"))
    tag = page[page.index('<details class="card assign-tools"'):].split(">", 1)[0]
    assert " open" not in tag and "1 member to assign to" in page


def test_article_list_makes_the_same_number_of_queries_whatever_the_assignments(app, browser, team):
    sign_in(browser, "lena")
    measured = []
    for extra in (0, 12):
        with app.app_context():
            from webapp.models import User
            project = db.session.get(Project, team.project)
            lena = db.session.get(User, team.ids["lena"])
            ids = [make_article(project, lena, f"Batch {extra}-{i}: some words.", title=f"B{extra}-{i}").id
                   for i in range(extra)]
            if ids:
                service.round_robin(project, ids, [db.session.get(User, team.ids[n]) for n in ("anna", "ben")], lena)
                db.session.commit()
        with count_queries(app) as counter:
            assert browser.get(team.url()).status_code == 200
        measured.append(counter["n"])
    assert measured[0] == measured[1], measured


def test_article_history_is_readable_by_viewers(app, browser, team):
    assign(app, team, "anna")
    sign_in(browser, "vera")
    page = text(browser.get(team.article_url("/history")))
    assert "Assigned" in page and "anna" in page and "Lena" in page
    assert browser.get(team.url("/articles/987654/history")).status_code == 404
