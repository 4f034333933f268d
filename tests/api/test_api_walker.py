"""T08 for the JSON API: every ``/api/`` rule of ``app.url_map``, every method, with the token of
each of six roles (none, outsider, viewer, annotator, lead, admin). The expected answer comes from
the rule the view declared (``api:signed_in``, ``api:project:<role>``, ``public``): 401 without a
token, 404 for the outsider (exactly as for an id that does not exist), 403 below the role, else
access. Every answer is JSON (or empty), with the security headers, and never sets a cookie."""
import pytest

from tests.security.conftest import (MISSING_ID, ROLES, USERNAMES, IdFiller, body, url_for_rule,
                                     walkable_methods, world)  # noqa: F401  (fixture)
from webapp import access
from webapp.extensions import db
from webapp.models import User

from .conftest import make_token

RANK = {"viewer": 0, "annotator": 1, "lead": 2}
REFUSALS = (401, 403, 404, 405)


def api_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.rule.startswith("/api/")),
                  key=lambda r: r.rule)


def expected(rule_text: str, role: str):
    if rule_text == "public":
        return "allow"
    assert access.is_api_rule(rule_text), f"an /api/ route with a non-API rule: {rule_text}"
    if role == "anonymous":
        return 401
    rule = rule_text.removeprefix(access.API_RULE_PREFIX)
    if rule == "signed_in":
        return "allow"
    assert rule.startswith("project:"), f"the API walker does not know {rule_text!r}"
    if role == "outsider":
        return 404
    effective = "lead" if role == "admin" else role
    return "allow" if RANK[effective] >= RANK[rule.split(":", 1)[1]] else 403


def header_problems(response) -> list[str]:
    h, problems = response.headers, []
    ctype = h.get("Content-Type", "")
    if response.status_code != 204 and not ("json" in ctype and "charset=utf-8" in ctype):
        problems.append(f"not JSON with a charset: {ctype!r}")
    if "html" in ctype or "<html" in body(response).lower():
        problems.append("HTML from the API")
    if h.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if h.get("Content-Disposition") != 'attachment; filename="api.json"':
        problems.append("no Content-Disposition: attachment")
    if "Set-Cookie" in h:
        problems.append("the API set a cookie")
    if "no-store" not in h.get("Cache-Control", ""):
        problems.append("no Cache-Control: no-store")
    return problems


def send(client, url, method, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method in ("PUT", "DELETE"):
        headers["If-Match"] = '"not-the-current-etag"'
    data = "{}" if method in ("POST", "PUT") else None
    return client.open(url, method=method, data=data, headers=headers,
                       content_type="application/json" if data else None)


@pytest.mark.parametrize("role", ROLES)
def test_api_walker(app, world, role):
    with app.app_context():
        token = None if role == "anonymous" else make_token(
            db.session.get(User, world.user_ids[role]))
    filler, client, failures, walked = IdFiller(app, world), app.test_client(), [], 0
    for rule in api_rules(app):
        view = app.view_functions[rule.endpoint]
        for method in walkable_methods(rule):
            walked += 1
            want = expected(access.rule_for(view, method), role)
            url = url_for_rule(app, rule, filler.fresh(rule))
            response = send(client, url, method, token)
            where = f"{role} {method} {url} [{access.rule_for(view, method)}]"
            status = response.status_code
            if want == "allow" and (status in REFUSALS or status >= 500):
                failures.append(f"{where}: expected access, got {status}")
            elif want != "allow" and status != want:
                failures.append(f"{where}: expected {want}, got {status}")
            if want != "allow" and any(m in body(response) for m in world.markers):
                failures.append(f"{where}: the refusal shows project A's data")
            if status == 401 and not response.headers.get("WWW-Authenticate", "").startswith("Bearer"):
                failures.append(f"{where}: 401 without a Bearer challenge")
            failures += [f"{where}: {p}" for p in header_problems(response)]
            if role == "outsider" and "project_id" in rule.arguments:
                missing = send(client, url_for_rule(app, rule, filler.missing(rule)), method, token)
                if (missing.status_code, body(missing)) != (status, body(response)):
                    failures.append(f"{where}: answers differently from an id that does not exist")
    assert walked >= 8, "the walker found too few API routes"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["lead", "admin"])
def test_api_ids_that_do_not_exist_are_404(app, world, role):
    with app.app_context():
        token = make_token(db.session.get(User, world.user_ids[role]))
    client, failures = app.test_client(), []
    for rule in api_rules(app):
        if not rule.arguments:
            continue
        for method in walkable_methods(rule):
            url = url_for_rule(app, rule, {arg: MISSING_ID for arg in rule.arguments})
            response = send(client, url, method, token)
            if response.status_code != 404:
                failures.append(f"{role} {method} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_every_api_route_declares_an_api_rule(app):
    for rule in api_rules(app):
        declared = access.rule_for(app.view_functions[rule.endpoint])
        assert declared == "public" or access.is_api_rule(declared), rule.rule
    assert USERNAMES  # the walker's six roles are the security tests' own


def test_the_walker_reaches_the_cluster_writes(app):
    endpoints = {rule.endpoint: walkable_methods(rule) for rule in api_rules(app)}
    assert endpoints["api.cluster_split"] == endpoints["api.cluster_merge"] == ["POST"]
    assert access.rule_for(app.view_functions["api.cluster_split"], "POST") == "api:project:annotator"
    assert access.rule_for(app.view_functions["api.cluster_merge"], "POST") == "api:project:annotator"
