"""T08 route walker, with T49/T19/T16 header checks on every response it gets.

The routes come from ``app.url_map``; the expected answer for each role comes from the rule the
view declared (``access.rule_for``). Nothing here lists the app's routes by hand: a new route is
walked as soon as it exists, and fails the walk if it has no declared rule or takes a URL
argument the walker cannot fill.
"""
from urllib.parse import urlsplit

import pytest

from tests.conftest import make_app
from webapp import access

from .conftest import (CSRF_MESSAGE, ROLES, IdFiller, body, is_login_redirect, login,
                       strip_tokens, token_of, url_for_rule, walkable_methods)

RANK = {"viewer": 0, "annotator": 1, "lead": 2}
EVIL_ORIGIN = "http://evil.example"


def rules_of(app):
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))


def expected_outcome(rule_text: str, role: str):
    """'allow', 'login', 401, 403 or 404 — what the declared rule promises this role (signed in
    with a cookie, as this walker is). The JSON API ("api:…" rules) takes tokens only: 401 for
    everyone here; tests/api/test_api_walker.py walks it with tokens."""
    if rule_text == "public":
        return "allow"
    if access.is_api_rule(rule_text):
        return 401
    if role == "anonymous":
        return "login"
    if rule_text == "signed_in":
        return "allow"
    if rule_text == "admin":
        return "allow" if role == "admin" else 403
    if rule_text.startswith("project:"):
        needed = rule_text.split(":", 1)[1]
        if role == "outsider":
            return 404
        effective = "lead" if role == "admin" else role
        return "allow" if RANK[effective] >= RANK[needed] else 403
    raise AssertionError(f"the walker does not know the rule {rule_text!r}")


def outcome_problem(response, expected, method) -> str | None:
    status = response.status_code
    if expected == "login":
        if not (is_login_redirect(response) or status == 401):
            return f"expected a redirect to sign-in or 401, got {status}"
    elif expected in (401, 403, 404):
        if status != expected:
            return f"expected {expected}, got {status}"
    else:
        if status >= 500 or status in (401, 403, 404, 405) or is_login_redirect(response):
            return f"expected access, got {status} {response.headers.get('Location', '')}"
        if method == "GET" and status >= 400:
            return f"expected a page, got {status}"
        if status == 400 and CSRF_MESSAGE in body(response):
            return "refused as CSRF although the walker sent a valid token"
    return None


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def header_problems(response, signed_in: bool, static: bool) -> list[str]:
    h, problems = response.headers, []
    ctype = h.get("Content-Type", "")
    if not ctype:
        problems.append("no Content-Type")
    elif (ctype.startswith("text/") or "json" in ctype) and "charset=" not in ctype:
        problems.append(f"Content-Type without charset: {ctype}")
    if h.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if h.get("X-Frame-Options") != "DENY":
        problems.append("no X-Frame-Options: DENY")
    if not h.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if "Content-Security-Policy-Report-Only" in h:
        problems.append("a report-only CSP")
    if any(name.lower().startswith("access-control-") for name in h.keys()):
        problems.append("CORS headers present for a foreign Origin")
    if ctype.startswith("text/html"):
        csp = csp_directives(h.get("Content-Security-Policy", ""))
        script = csp.get("script-src")
        if script is None or "'self'" not in script:
            problems.append("CSP without script-src 'self'")
        elif any(v in script for v in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")):
            problems.append(f"CSP script-src too wide: {script}")
        for directive in ("object-src", "base-uri", "frame-ancestors"):
            if csp.get(directive) != ["'none'"]:
                problems.append(f"CSP {directive} is not 'none'")
    if signed_in and not static:
        if "no-store" not in h.get("Cache-Control", ""):
            problems.append("signed-in response without Cache-Control: no-store")
        if "cookie" not in h.get("Vary", "").lower():
            problems.append("signed-in response without Vary: Cookie")
    return problems


def test_every_endpoint_declares_an_access_rule(app):
    undeclared = sorted(endpoint for endpoint in app.view_functions
                        if access.rule_for(app.view_functions[endpoint]) is None)
    assert undeclared == [], f"endpoints without a declared access rule: {undeclared}"
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        for method in walkable_methods(rule):
            assert access.rule_for(view, method) is not None


def test_an_undeclared_route_is_detected_and_refused(db_url, tmp_path):
    """Positive control for the check above, and fail-closed at request time."""
    app = make_app(db_url, tmp_path / "instance")
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret data")
    app.add_url_rule("/declared", "declared", access.public(lambda: "open data"))
    undeclared = [e for e in app.view_functions if access.rule_for(app.view_functions[e]) is None]
    assert undeclared == ["forgotten"]
    client = app.test_client()
    response = client.get("/forgotten")
    assert response.status_code == 404 and "secret data" not in body(response)
    assert client.get("/declared").status_code == 200


def test_walker_can_fill_every_url_argument(app, world):
    unknown = IdFiller(app, world).unknown(app.url_map.iter_rules())
    assert unknown == set(), f"teach the walker how to fill these URL arguments: {unknown}"


@pytest.mark.parametrize("role", ROLES)
def test_route_walker(app, world, role):
    filler = IdFiller(app, world)
    browser = login(app, role)
    token = token_of(browser)
    failures = []

    def relogin():
        nonlocal browser, token
        browser = login(app, role)
        token = token_of(browser)

    for rule in rules_of(app):
        view = app.view_functions[rule.endpoint]
        methods = walkable_methods(rule) + (["HEAD"] if role in ("anonymous", "outsider")
                                            and "HEAD" in rule.methods else [])
        for method in methods:
            rule_text = access.rule_for(view, method)
            expected = expected_outcome(rule_text, role)
            url = url_for_rule(app, rule, filler.fresh(rule))
            where = f"{role} {method} {url} [{rule.endpoint}, {rule_text}]"
            if method in ("GET", "HEAD"):
                response = browser.client.open(url, method=method, headers={"Origin": EVIL_ORIGIN})
            else:
                response = browser.client.open(url, method=method, data={"csrf_token": token})
            problem = outcome_problem(response, expected, method)
            if problem:
                failures.append(f"{where}: {problem}")
            static = rule.endpoint == "static"
            failures += [f"{where}: {p}" for p in header_problems(response, role != "anonymous", static)]
            if expected != "allow" and any(m in body(response) for m in world.markers):
                failures.append(f"{where}: the refusal shows project A's data")
            if role == "outsider" and "project_id" in rule.arguments and method != "HEAD":
                # No existence oracle: A's objects answer exactly like ids that do not exist.
                missing = browser.client.open(url_for_rule(app, rule, filler.missing(rule)),
                                              method=method, data={"csrf_token": token})
                if (missing.status_code, strip_tokens(body(missing))) != (
                        response.status_code, strip_tokens(body(response))):
                    failures.append(f"{where}: answers differently from a non-existent id "
                                    f"({response.status_code} vs {missing.status_code})")
                missing.close()
            # A streamed download left unread must end here, inside this request's turn (left
            # to the garbage collector, it would pop its request context during a later one).
            response.close()
            signed_out = (response.status_code == 302 and
                          urlsplit(response.headers.get("Location", "")).path == "/login")
            if role != "anonymous" and signed_out:
                relogin()   # the walk just signed this role out (POST /logout)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["lead", "admin"])
def test_ids_that_do_not_exist_are_404_even_for_leads_and_admins(app, world, role):
    filler = IdFiller(app, world)
    browser = login(app, role)
    token = token_of(browser)
    failures = []
    for rule in rules_of(app):
        if not (rule.arguments & {"project_id", "article_id", "claim_id", "link_id", "source_id",
                                  "item_id", "membership_id", "user_id", "evidence_id", "job_id",
                                  "cluster_id"}):
            continue
        if access.rule_for(app.view_functions[rule.endpoint]) == "admin" and role != "admin":
            continue
        if access.is_api_rule(access.rule_for(app.view_functions[rule.endpoint])):
            continue   # 401 to a cookie; tests/api/test_api_walker.py checks 404 with tokens
        for method in walkable_methods(rule):
            url = url_for_rule(app, rule, filler.missing(rule))
            response = browser.client.open(url, method=method, data={"csrf_token": token})
            if response.status_code != 404:
                failures.append(f"{role} {method} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_cors_preflight_gets_no_allow_origin(app, world):
    browser = login(app, "lead")
    for rule in rules_of(app):
        url = url_for_rule(app, rule, IdFiller(app, world).existing(rule, world.a))
        response = browser.client.options(url, headers={
            "Origin": EVIL_ORIGIN, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "X-CSRFToken"})
        assert not [k for k in response.headers.keys() if k.lower().startswith("access-control-")], url
        assert not any(m in body(response) for m in world.markers), url


def test_viewers_are_read_only_in_the_permission_table(app):
    """A viewer reads; any project route that accepts a write must ask for more than viewer."""
    too_open = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        for method in walkable_methods(rule):
            if method != "GET" and access.rule_for(view, method) in ("project:viewer",
                                                                   "api:project:viewer"):
                too_open.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert too_open == [], f"writes open to viewers: {too_open}"
