"""What an admin does about access: unlock a name's sign-in, set someone's password (typed, or
random and shown once), both from *Users* and the command line; each ends what it must."""
import re

import pytest
from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import PASSWORD, make_user
from webapp.extensions import db
from webapp.models import LoginThrottle, User
from webapp.services import tokens as token_service
from webapp.services import users as user_service

from .conftest import body, diff, is_login_redirect, snapshot
from .test_sign_in_throttle import ATTACKER, HOME, WRONG, attempt, fail

NEW = "a brand new passphrase"


@pytest.fixture
def people(app):
    with app.app_context():
        return {u.username: u.id for u in (make_user("root", admin=True), make_user("lena"),
                                           make_user("omar"))}


def signed_in(app, username, password=PASSWORD) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, password).status_code == 302
    return browser


def is_signed_in(browser) -> bool:
    return browser.get("/").status_code == 200


def throttle_rows(app, name) -> int:
    with app.app_context():
        count = len(db.session.scalars(select(LoginThrottle).where(
            LoginThrottle.username == name)).all())
        db.session.rollback()
        return count


# --- unlock ---------------------------------------------------------------------------------

def test_admin_sees_failed_sign_ins_and_unlocks_them(app, people):
    admin = signed_in(app, "root")
    fail(app, "lena", app.config["LOGIN_FREE_FAILURES"], ATTACKER)
    assert attempt(app, "lena", PASSWORD, ATTACKER).status_code == 429
    page = body(admin.get("/admin/users"))
    row = re.search(r"<td>lena</td>.*?</tr>", page, re.S).group(0)
    assert "5 · 1 address waiting" in row and "Unlock" in row
    assert "Unlock" not in re.search(r"<td>omar</td>.*?</tr>", page, re.S).group(0)

    url = f"/admin/users/{people['lena']}/unlock"
    refused = admin.client.post(url, data={})               # no CSRF token
    assert refused.status_code == 400 and throttle_rows(app, "lena") == 2
    response = admin.post(url, form_url="/admin/users")
    assert response.status_code == 302
    assert "Sign-in for lena is unlocked (1 address cleared)." in body(admin.get("/admin/users"))
    assert throttle_rows(app, "lena") == 0
    assert attempt(app, "lena", PASSWORD, ATTACKER).status_code == 302


def test_only_admins_unlock(app, people):
    fail(app, "omar", app.config["LOGIN_FREE_FAILURES"], ATTACKER)
    lena = signed_in(app, "lena", PASSWORD)
    response = lena.post(f"/admin/users/{people['omar']}/unlock", form_url="/account/password")
    assert response.status_code == 403 and throttle_rows(app, "omar") == 2


def test_unlock_from_the_command_line(app, people):
    fail(app, "lena", app.config["LOGIN_FREE_FAILURES"], ATTACKER)
    result = app.test_cli_runner().invoke(args=["unlock-user", "Lena"])
    assert result.exit_code == 0, result.output
    assert "Sign-in for lena is unlocked (1 address cleared)." in result.output
    assert attempt(app, "lena", PASSWORD, ATTACKER).status_code == 302


# --- an admin sets someone's password --------------------------------------------------------

def test_admin_sets_a_typed_password_and_the_users_sessions_end(app, people):
    lena = signed_in(app, "lena")
    cookie = lena.client.get_cookie("session").value
    fail(app, "lena", app.config["LOGIN_FREE_FAILURES"], ATTACKER)
    admin = signed_in(app, "root")
    url = f"/admin/users/{people['lena']}/password"
    response = admin.post(url, {"password": NEW})
    assert response.status_code == 302
    assert "The password of lena is set; their sessions were signed out." in body(admin.get("/admin/users"))
    assert not is_signed_in(lena)
    replay = Browser(app.test_client())
    replay.client.set_cookie("session", cookie)
    assert is_login_redirect(replay.get("/"))
    assert attempt(app, "lena", PASSWORD, HOME).status_code == 401
    assert attempt(app, "lena", NEW, ATTACKER).status_code == 302   # and the name is unlocked
    assert is_signed_in(admin)


def test_admin_gets_a_random_password_shown_once(app, people):
    admin = signed_in(app, "root")
    url = f"/admin/users/{people['omar']}/password"
    page = body(admin.post(url, {"password": ""}))
    shown = re.search(r'<code class="secret">([^<]+)</code>', page).group(1)
    assert len(shown) >= 16 and "shown only this once" in page
    assert attempt(app, "omar", shown).status_code == 302
    assert shown not in body(admin.get(url)) and shown not in body(admin.get("/admin/users"))


def test_a_set_password_follows_the_rules(app, people):
    admin = signed_in(app, "root")
    before = snapshot(app)
    response = admin.post(f"/admin/users/{people['lena']}/password", {"password": "short"})
    assert response.status_code == 200 and "Use at least 12 characters." in body(response)
    assert diff(before, snapshot(app)) == {}


def test_admins_change_their_own_password_with_the_current_one(app, people):
    admin = signed_in(app, "root")
    before = snapshot(app)
    response = admin.post(f"/admin/users/{people['root']}/password", {"password": NEW})
    assert "Change your own password on your account page." in body(response)
    assert diff(before, snapshot(app)) == {}


def test_only_admins_set_passwords_and_only_with_a_token(app, people):
    lena = signed_in(app, "lena")
    url = f"/admin/users/{people['omar']}/password"
    assert lena.get(url).status_code == 403
    assert lena.post(url, {"password": NEW}, form_url="/account/password").status_code == 403
    admin = signed_in(app, "root")
    assert admin.client.post(url, data={"password": NEW}).status_code == 400
    assert attempt(app, "omar", PASSWORD).status_code == 302          # unchanged


def test_a_placeholder_gets_a_password_and_is_reactivated(app, people):
    """Imported placeholder accounts are inactive: a password alone does not let them in."""
    with app.app_context():
        user_service.set_active(db.session.get(User, people["omar"]), False)
        db.session.commit()
    admin = signed_in(app, "root")
    page = body(admin.post(f"/admin/users/{people['omar']}/password", {"password": ""}))
    assert "the account is still deactivated" in page
    shown = re.search(r'<code class="secret">([^<]+)</code>', page).group(1)
    assert attempt(app, "omar", shown).status_code == 401
    admin.post(f"/admin/users/{people['omar']}/active", form_url="/admin/users")
    assert attempt(app, "omar", shown).status_code == 302


# --- flask set-password ----------------------------------------------------------------------

def test_set_password_prompts_twice_and_ends_sessions(app, people):
    root = signed_in(app, "root")
    fail(app, "root", app.config["LOGIN_FREE_FAILURES"], ATTACKER)
    result = app.test_cli_runner().invoke(args=["set-password", "root"], input=f"{NEW}\n{NEW}\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("New password") == 1 and "Repeat for confirmation" in result.output
    assert NEW not in result.output                                  # typed unseen
    assert "Password of root set; their sessions were signed out." in result.output
    assert not is_signed_in(root)
    assert attempt(app, "root", NEW, ATTACKER).status_code == 302


@pytest.mark.parametrize("typed, message", [
    (f"{NEW}\nsomething else entirely\n", "The two entered values do not match"),
    ("short\nshort\n", "Use at least 12 characters."),
    ("password1234\npassword1234\n", "common passwords")])
def test_set_password_refuses(app, people, typed, message):
    before = snapshot(app)
    result = app.test_cli_runner().invoke(args=["set-password", "lena"], input=typed)
    assert message in result.output, result.output
    assert result.exit_code != 0
    assert diff(before, snapshot(app)) == {}


def test_set_password_for_an_unknown_name(app, people):
    result = app.test_cli_runner().invoke(args=["set-password", "nobody"], input=f"{NEW}\n{NEW}\n")
    assert result.exit_code != 0 and "There is no account 'nobody'." in result.output


# --- API tokens after a reset ------------------------------------------------------------------

def _token_of(app, username) -> str:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        raw = token_service.create_token(user, "script")[1]
        db.session.commit()
        return raw


def _api_status(app, raw) -> int:
    return app.test_client().get("/api/v1/projects",
                                 headers={"Authorization": f"Bearer {raw}"}).status_code


def test_an_admins_reset_revokes_the_persons_api_tokens(app, people):
    lena_token, second = _token_of(app, "lena"), _token_of(app, "lena")
    other = _token_of(app, "omar")
    assert _api_status(app, lena_token) == 200
    admin = signed_in(app, "root")
    response = admin.post(f"/admin/users/{people['lena']}/password", {"password": NEW})
    assert response.status_code == 302
    assert ("The password of lena is set; their sessions were signed out and 2 API tokens "
            "revoked.") in body(admin.get("/admin/users"))
    assert _api_status(app, lena_token) == 401 and _api_status(app, second) == 401
    assert _api_status(app, other) == 200                            # nobody else's
    # A random password: the page says so too.
    page = body(admin.post(f"/admin/users/{people['omar']}/password", {"password": ""}))
    assert "signed out and 1 API token revoked" in page
    assert _api_status(app, other) == 401


def test_changing_ones_own_password_keeps_ones_tokens(app, people):
    raw = _token_of(app, "lena")
    with app.app_context():
        user_service.change_password(db.session.get(User, people["lena"]), PASSWORD, NEW)
        db.session.commit()
    assert _api_status(app, raw) == 200


@pytest.mark.parametrize("flag, works", [([], 200), (["--revoke-tokens"], 401)])
def test_set_password_revokes_tokens_when_asked(app, people, flag, works):
    raw = _token_of(app, "lena")
    result = app.test_cli_runner().invoke(args=["set-password", "lena", *flag],
                                          input=f"{NEW}\n{NEW}\n")
    assert result.exit_code == 0, result.output
    assert ("and 1 API token revoked" in result.output) == bool(flag)
    assert _api_status(app, raw) == works
