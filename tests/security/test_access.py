"""T09 cross-project id swapping, T10 removed and deactivated users, T11 role × action matrix.

Requests carry valid data and valid CSRF tokens, so a refusal is the access check's doing; every
refusal is checked against a full snapshot of the database (nothing written, no event).
"""
import pytest
from sqlalchemy import select

from webapp import access
from webapp.extensions import db
from webapp.models import Claim

from .conftest import (IdFiller, body, diff, event_count, is_login_redirect, login, snapshot,
                       token_of, url_for_rule, walkable_methods)

FORBIDDEN = "Your role in this project does not allow this."
NOT_FOUND = "There is nothing here"
OBJECT_ARGS = {"article_id", "claim_id", "link_id", "source_id", "item_id", "membership_id"}


def claim_fields(**extra) -> dict:
    return {"statement": "Militants were killed", "kind": "casualty_figure",
            "source_type": "combatant", "named": "unnamed", "party": "party", "access": "unknown",
            "independent_sources": "1", "credibility": "3", "status": "unreviewed",
            "rationale": "", "source_id": "", "evidence_stance": "supports", **extra}


def version_of(app, claim_id: int) -> int:
    with app.app_context():
        return db.session.get(Claim, claim_id).version


def quote_data(app, article_id: int) -> dict:
    from webapp.models import Article
    from .conftest import QUOTE
    with app.app_context():
        start = db.session.get(Article, article_id).text.index(QUOTE)
    return {"quote": QUOTE, "start": start, "end": start + len(QUOTE)}


# name, least role, URL arguments, and how to build (path, data) from fresh objects of project A
ACTIONS = [
    ("create a claim", "annotator", {"article_id"}, lambda app, p, o: (
        f"/projects/{p}/articles/{o['article_id']}/claims",
        {**quote_data(app, o["article_id"]), **claim_fields()})),
    ("edit a claim", "annotator", {"claim_id"}, lambda app, p, o: (
        f"/projects/{p}/claims/{o['claim_id']}",
        claim_fields(version=version_of(app, o["claim_id"]), statement="Changed", reason="r"))),
    ("delete a claim", "annotator", {"claim_id"}, lambda app, p, o: (
        f"/projects/{p}/claims/{o['claim_id']}/delete",
        {"version": version_of(app, o["claim_id"]), "reason": "duplicate"})),
    ("add evidence", "annotator", {"claim_id"}, lambda app, p, o: (
        f"/projects/{p}/claims/{o['claim_id']}/evidence",
        {"version": version_of(app, o["claim_id"]), "evidence_url": "https://example.org/e",
         "evidence_stance": "contradicts"})),
    ("remove evidence", "annotator", {"claim_id", "link_id"}, lambda app, p, o: (
        f"/projects/{p}/claims/{o['claim_id']}/evidence/{o['link_id']}/remove",
        {"version": version_of(app, o["claim_id"])})),
    ("import an article", "annotator", set(), lambda app, p, o: (
        f"/projects/{p}/articles/new",
        {"paste-title": "Imported", "paste-text": "A brand new article text to import."})),
    ("register a source", "annotator", set(), lambda app, p, o: (
        f"/projects/{p}/sources/",
        {"name": "New source", "entry_kind": "person", "reliability": "C", "reason": "known"})),
    ("grade a source", "annotator", {"source_id"}, lambda app, p, o: (
        f"/projects/{p}/sources/{o['source_id']}", {"reliability": "B", "reason": "track record"})),
    ("add a member", "lead", set(), lambda app, p, o: (
        f"/projects/{p}/members", {"username": "newcomer", "role": "lead"})),
    ("change a member's role", "lead", {"membership_id"}, lambda app, p, o: (
        f"/projects/{p}/members/{o['membership_id']}/role", {"role": "lead"})),
    ("remove a member", "lead", {"membership_id"}, lambda app, p, o: (
        f"/projects/{p}/members/{o['membership_id']}/remove", {})),
    ("add a list value", "lead", set(), lambda app, p, o: (
        f"/projects/{p}/lists/kind", {"label": "Brand new kind"})),
    ("rename a list value", "lead", {"item_id"}, lambda app, p, o: (
        f"/projects/{p}/lists/items/{o['item_id']}", {"label": "Renamed", "action": "rename"})),
    ("retire a list value", "lead", {"item_id"}, lambda app, p, o: (
        f"/projects/{p}/lists/items/{o['item_id']}", {"action": "retire"})),
]
RANK = {"viewer": 0, "annotator": 1, "lead": 2}


def post(browser, path, data):
    token = token_of(browser)
    return browser.client.post(path, data={"csrf_token": token, "paste-csrf_token": token, **data})


@pytest.mark.parametrize("role", ["viewer", "annotator", "lead"])
def test_role_action_matrix(app, world, role):
    """T11: below the needed role → 403 with the message and nothing written; at or above it
    the same request succeeds (the positive control)."""
    from tests.factories import make_user
    with app.app_context():
        make_user("newcomer")
    filler = IdFiller(app, world)
    browser = login(app, role)
    failures = []
    for name, least, args, build in ACTIONS:
        objects = filler.make(args)
        path, data = build(app, world.a.project_id, objects)
        before, events = snapshot(app), event_count(app)
        response = post(browser, path, data)
        changed = diff(before, snapshot(app))
        if RANK[role] < RANK[least]:
            if response.status_code != 403 or FORBIDDEN not in body(response):
                failures.append(f"{role} may not {name}, got {response.status_code}")
            if changed or event_count(app) != events:
                failures.append(f"{role} may not {name}, yet it wrote {changed}")
        elif response.status_code != 302 or not changed:
            failures.append(f"{role} may {name}: got {response.status_code}, wrote {bool(changed)}")
    assert not failures, "\n".join(failures)


def test_lead_of_another_project_cannot_reach_a_by_swapping_ids(app, world):
    """T09, generic: every route taking project B's id and an object id from A answers 404 to
    B's lead, writes nothing and shows nothing of A."""
    filler = IdFiller(app, world)
    browser = login(app, "outsider")
    token = token_of(browser)
    failures, walked = [], 0
    for rule in app.url_map.iter_rules():
        if "project_id" not in rule.arguments or not rule.arguments & OBJECT_ARGS:
            continue
        if access.is_api_rule(access.rule_for(app.view_functions[rule.endpoint])):
            continue   # the API with tokens: tests/api/test_api_walker.py
        values = filler.existing(rule, world.a, project_id=world.b.project_id)
        url = url_for_rule(app, rule, values)
        for method in walkable_methods(rule):
            walked += 1
            before = snapshot(app)
            response = browser.client.open(url, method=method, data={
                "csrf_token": token, "version": 2, "label": "Hijacked", "action": "retire",
                "role": "viewer", "reason": "hijack", "reliability": "A"})
            if response.status_code != 404:
                failures.append(f"{method} {url}: {response.status_code}")
            if "ALPHA-" in body(response):
                failures.append(f"{method} {url}: shows project A's data")
            if changed := diff(before, snapshot(app)):
                failures.append(f"{method} {url}: wrote {changed}")
    assert walked >= 8, "the walker found too few object routes"
    assert not failures, "\n".join(failures)


def test_claim_cannot_be_created_in_another_projects_article(app, world):
    browser = login(app, "outsider")
    for project_id in (world.a.project_id, world.b.project_id):
        path = f"/projects/{project_id}/articles/{world.a.ids['article_id']}/claims"
        before, events = snapshot(app), event_count(app)
        response = post(browser, path, {**quote_data(app, world.a.ids["article_id"]), **claim_fields()})
        assert response.status_code == 404, path
        assert NOT_FOUND in body(response) or "No such article." in body(response)
        assert "ALPHA-" not in body(response)
        assert diff(before, snapshot(app)) == {} and event_count(app) == events


def test_claim_in_b_cannot_cite_a_source_of_a(app, world):
    browser = login(app, "outsider")
    article_b = world.b.ids["article_id"]
    path = f"/projects/{world.b.project_id}/articles/{article_b}/claims"
    before, events = snapshot(app), event_count(app)
    response = post(browser, path, {**quote_data(app, article_b),
                                    **claim_fields(source_id=str(world.a.ids["source_id"]))})
    assert response.status_code in (400, 404, 422)
    assert "Not a valid choice" in body(response) or "registry" in body(response)
    assert diff(before, snapshot(app)) == {} and event_count(app) == events
    # Positive control: the same claim without A's source is accepted.
    response = post(browser, path, {**quote_data(app, article_b), **claim_fields()})
    assert response.status_code == 302 and event_count(app) == events + 1


def test_evidence_of_a_cannot_be_removed_through_b(app, world):
    browser = login(app, "outsider")
    b, a = world.b, world.a
    paths = [
        (f"/projects/{b.project_id}/claims/{b.ids['claim_id']}/evidence/{a.ids['link_id']}/remove",
         b.ids["claim_id"]),
        (f"/projects/{b.project_id}/claims/{a.ids['claim_id']}/evidence/{a.ids['link_id']}/remove",
         a.ids["claim_id"]),
    ]
    for path, claim_id in paths:
        before, events = snapshot(app), event_count(app)
        response = post(browser, path, {"version": version_of(app, claim_id), "reason": "x"})
        assert response.status_code == 404, path
        assert diff(before, snapshot(app)) == {} and event_count(app) == events


def test_list_value_of_a_cannot_be_renamed_or_retired_through_b(app, world):
    browser = login(app, "outsider")
    path = f"/projects/{world.b.project_id}/lists/items/{world.a.ids['item_id']}"
    for data in ({"label": "Hijacked", "action": "rename"}, {"action": "retire"}):
        before = snapshot(app)
        response = post(browser, path, data)
        assert response.status_code == 404
        assert diff(before, snapshot(app)) == {}
    # Positive control: B's own value can be renamed by B's lead.
    response = post(browser, f"/projects/{world.b.project_id}/lists/items/{world.b.ids['item_id']}",
                    {"label": "Renamed", "action": "rename"})
    assert response.status_code == 302


def test_claim_edit_cannot_move_a_claim_into_another_project(app, world):
    """Mass assignment: extra fields naming A's project or article are ignored."""
    browser = login(app, "outsider")
    claim_id = world.b.ids["claim_id"]
    response = post(browser, f"/projects/{world.b.project_id}/claims/{claim_id}", claim_fields(
        version=version_of(app, claim_id), statement="Edited in B", project_id=world.a.project_id,
        article_id=world.a.ids["article_id"], created_by_id=world.user_ids["lead"]))
    assert response.status_code == 302
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert (claim.project_id, claim.article_id, claim.statement) == (
            world.b.project_id, world.b.ids["article_id"], "Edited in B")
        assert claim.created_by_id == world.user_ids["outsider"]


def test_removed_member_loses_access_on_the_next_request(app, world):
    """T10: the role is read on every request, never cached in the session."""
    member = login(app, "annotator")
    project = f"/projects/{world.a.project_id}"
    assert member.get(project).status_code == 200
    lead = login(app, "lead")
    with app.app_context():
        from webapp.models import Membership
        membership_id = db.session.scalar(select(Membership.id).where(
            Membership.project_id == world.a.project_id,
            Membership.user_id == world.user_ids["annotator"]))
    assert post(lead, f"{project}/members/{membership_id}/remove", {}).status_code == 302
    assert member.get(project).status_code == 404
    article_id = world.a.ids["article_id"]
    before, events = snapshot(app), event_count(app)
    response = post(member, f"{project}/articles/{article_id}/claims",
                    {**quote_data(app, article_id), **claim_fields()})
    assert response.status_code == 404
    assert diff(before, snapshot(app)) == {} and event_count(app) == events


def test_deactivated_user_is_signed_out_and_cannot_sign_in(app, world):
    viewer = login(app, "viewer")
    assert viewer.get("/").status_code == 200
    admin = login(app, "admin")
    toggle = f"/admin/users/{world.user_ids['viewer']}/active"
    assert post(admin, toggle, {}).status_code == 302
    assert is_login_redirect(viewer.get("/"))
    assert is_login_redirect(viewer.get(f"/projects/{world.a.project_id}"))
    from tests.factories import PASSWORD
    again = login(app, "anonymous").login("vera", PASSWORD)
    assert again.status_code == 401 and "Wrong username or password." in body(again)
    # Positive control: reactivated, the same password works again.
    assert post(admin, toggle, {}).status_code == 302
    assert login(app, "anonymous").login("vera", PASSWORD).status_code == 302


def test_each_role_sees_only_its_own_projects(app, world):
    outsider = login(app, "outsider")
    page = body(outsider.get("/"))
    assert "Bravo project" in page and "ALPHA-" not in page
    admin_page = body(login(app, "admin").get("/"))
    assert "Bravo project" in admin_page and "ALPHA-PROJECT" in admin_page


def test_rule_declaration_with_write_role(app):
    view = app.view_functions["sources.index"]
    assert access.rule_for(view) == "project:viewer; writes: project:annotator"
    assert access.rule_for(view, "GET") == "project:viewer"
    assert access.rule_for(view, "POST") == "project:annotator"
