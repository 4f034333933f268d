"""Personal API tokens: made in the account settings and shown once, stored only as a digest,
revoked at once; a deactivated account's tokens stop working; the session cookie is no token."""
import hashlib
import re

from sqlalchemy import select, text

from tests.factories import PASSWORD, make_user
from webapp.extensions import db
from webapp.models.token import ApiToken
from webapp.services import users as user_service

from .conftest import problem

TOKEN_RE = re.compile(r'data-token>(ct_[A-Za-z0-9_-]+)<')


def _all_token_columns(app) -> str:
    with app.app_context():
        rows = db.session.execute(text("SELECT * FROM api_tokens")).all()
        db.session.rollback()
        return repr(rows)


def _stored(app):
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        return token and (token.id, token.token_hash, token.prefix)


def test_token_page_makes_a_token_shown_once_and_revokes_it(app, browser):
    with app.app_context():
        make_user("lena")
    browser.login("lena", PASSWORD)
    assert browser.get("/account/tokens").status_code == 200
    made = browser.post("/account/tokens", {"name": "my notebook"})
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    raw = TOKEN_RE.search(made.get_data(as_text=True)).group(1)
    assert len(raw) >= 40

    # The database holds the digest and a short prefix, never the token itself.
    token_id, token_hash, prefix = _stored(app)
    assert token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in _all_token_columns(app) and raw.startswith(prefix)

    # Shown once: the list names it, but not its secret.
    listing = browser.get("/account/tokens").get_data(as_text=True)
    assert "my notebook" in listing and prefix in listing and raw not in listing
    assert "never" in listing

    client = app.test_client()
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/projects", headers=auth).status_code == 200
    assert "never" not in browser.get("/account/tokens").get_data(as_text=True)  # last used

    revoked = browser.post("/account/tokens/revoke", {"token_id": str(token_id)},
                           form_url="/account/tokens")
    assert revoked.status_code == 302
    response = client.get("/api/v1/projects", headers=auth)
    assert response.status_code == 401 and "invalid_token" in response.headers["WWW-Authenticate"]
    problem(response)
    page = browser.get("/account/tokens").get_data(as_text=True)
    assert "revoked" in page and "You have no tokens" in page


def test_someone_elses_token_cannot_be_revoked(app, browser, api, team):
    with app.app_context():
        make_user("mallory")
        lead_token = db.session.scalar(select(ApiToken.id).where(
            ApiToken.user_id == team.user_ids["lead"]))
    browser.login("mallory", PASSWORD)
    browser.post("/account/tokens/revoke", {"token_id": str(lead_token)}, form_url="/account/tokens")
    assert api.get("/api/v1/projects").status_code == 200


def test_a_token_needs_a_name(app, browser):
    with app.app_context():
        make_user("lena")
    browser.login("lena", PASSWORD)
    response = browser.post("/account/tokens", {"name": "  "})
    assert response.status_code == 422 and not TOKEN_RE.search(response.get_data(as_text=True))
    assert _stored(app) is None


def test_deactivated_users_token_stops_working_at_once(app, api, team):
    assert api.get("/api/v1/projects", role="annotator").status_code == 200
    with app.app_context():
        user_service.set_active(db.session.get(user_service.User, team.user_ids["annotator"]), False)
        db.session.commit()
    response = api.get("/api/v1/projects", role="annotator")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_no_token_or_a_wrong_one_is_401_with_bearer_challenge(api, team):
    for headers in ({}, {"Authorization": "Bearer ct_not-a-real-token"},
                    {"Authorization": f"Basic {team.tokens['lead']}"},
                    {"Authorization": "Bearer"}, {"Authorization": "Bearer " + "x" * 5000}):
        response = api.get("/api/v1/projects", role=None, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"].startswith('Bearer realm="claimtrail"')
        assert "token" in problem(response)["detail"]


def test_session_cookie_alone_is_not_enough(app, api, team, browser):
    browser.login("lena", PASSWORD)
    for url in ("/api/v1/projects", team.container):
        response = browser.get(url)
        assert response.status_code == 401, url
        problem(response)
    # And a cookie-authenticated write is refused before anything happens (no CSRF needed).
    response = browser.client.post(team.container, data="{}", content_type="application/json")
    assert response.status_code == 401
    assert "Set-Cookie" not in api.get("/api/v1/projects").headers
