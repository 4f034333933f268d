"""T14: every state-changing route needs a valid CSRF token (walker over url_map).

Signed in as A's lead (the admin for admin routes), each POST rule is sent with no token, with
another session's token and with an expired token: 400 with a clear page, nothing written, the
session untouched. The same requests with a valid token then pass the CSRF check — the positive
control showing the token was the only thing missing.
"""
import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from webapp import access

from .conftest import (CSRF_MESSAGE, IdFiller, body, diff, login, snapshot, token_of,
                       url_for_rule)

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def expired_token(app, client, monkeypatch) -> str:
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp",
                      lambda self: int(time.time()) - app.config["WTF_CSRF_TIME_LIMIT"] - 60)
        return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def write_rules(app):
    """Every write route of the HTML app. The JSON API is exempt from CSRF: it ignores the
    cookie and takes a bearer token (tests/api/test_tokens.py: a cookie alone gets 401)."""
    return [(rule, method) for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
            for method in sorted(rule.methods & WRITE_METHODS)
            if not access.is_api_rule(access.rule_for(app.view_functions[rule.endpoint]))]


def test_every_write_route_refuses_a_missing_foreign_or_expired_token(app, world, monkeypatch):
    filler = IdFiller(app, world)
    rules = write_rules(app)
    assert len(rules) >= 10, "the walker found too few write routes"
    browsers = {"lead": login(app, "lead"), "admin": login(app, "admin")}
    for browser in browsers.values():
        token_of(browser)  # the session now holds its raw CSRF token
    foreign = token_of(login(app, "annotator"))
    failures = []
    for rule, method in rules:
        actor = "admin" if access.rule_for(app.view_functions[rule.endpoint]) == "admin" else "lead"
        client = browsers[actor].client
        variants = {"no token": {}, "another session's token": {"csrf_token": foreign},
                    "expired token": {"csrf_token": expired_token(app, client, monkeypatch)}}
        for name, data in variants.items():
            url = url_for_rule(app, rule, filler.fresh(rule))
            before = snapshot(app)
            response = client.open(url, method=method, data={**data, "reason": "x", "label": "x"})
            where = f"{actor} {method} {url} with {name}"
            if response.status_code != 400 or CSRF_MESSAGE not in body(response):
                failures.append(f"{where}: {response.status_code}, not the CSRF refusal page")
            if changed := diff(before, snapshot(app)):
                failures.append(f"{where}: wrote {changed}")
    for actor, browser in browsers.items():
        assert browser.get("/").status_code == 200, f"{actor} was signed out by a refused POST"
    # Positive control: with a valid token the same requests get past the CSRF check.
    for rule, method in rules:
        actor = "admin" if access.rule_for(app.view_functions[rule.endpoint]) == "admin" else "lead"
        browser = browsers[actor] = (browsers[actor] if browsers[actor].get("/").status_code == 200
                                     else login(app, actor))
        url = url_for_rule(app, rule, filler.fresh(rule))
        response = browser.client.open(url, method=method, data={"csrf_token": token_of(browser)})
        if response.status_code == 400 and CSRF_MESSAGE in body(response):
            failures.append(f"{actor} {method} {url} with a valid token: refused as CSRF")
    assert not failures, "\n".join(failures)


def test_csrf_refusal_page_is_clear_and_logged(app, world, security_log):
    browser = login(app, "lead")
    response = browser.client.post(f"/projects/{world.a.project_id}/lists/kind", data={"label": "New"})
    assert response.status_code == 400
    page = body(response)
    assert "security token" in page and "Nothing was saved" in page and "Claimtrail" in page
    assert "csrf_failure route=/projects/" in security_log.text
