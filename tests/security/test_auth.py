"""Group A: secret key (T01), bootstrap (T02), throttle (T03), sessions (T04), open redirect
(T06), password policy (T07) and security logging (T48)."""
import hashlib
import os
import re
import shutil
import stat
import subprocess
import time
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from flask.json.tag import TaggedJSONSerializer
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select, text

from tests.conftest import TEST_SETTINGS, Browser, make_app
from tests.factories import PASSWORD, make_user
from webapp import create_app
from webapp.extensions import db
from webapp.models import User
from webapp.services import users as user_service

from .conftest import body, diff, is_login_redirect, snapshot

ROOT = Path(__file__).resolve().parents[2]
WRONG = "not-the-password-at-all"


def fresh_instance(db_uri: str, path: Path, **settings):
    """An instance as deployed: no secret key in the configuration."""
    return create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": db_uri, **settings},
                      instance_path=str(path))


def signed_in(client) -> bool:
    response = client.get("/")
    assert response.status_code < 500
    return response.status_code == 200


def login(app, username, password=PASSWORD, next_=None):
    browser = Browser(app.test_client())
    url = "/login" + (f"?next={quote(next_, safe='')}" if next_ is not None else "")
    return browser, browser.post(url, {"username": username, "password": password})


def logout(browser):
    token = browser.token("/account/password")
    return browser.client.post("/logout", data={"csrf_token": token})


# --- T01: secret key ------------------------------------------------------------------------

def test_each_instance_generates_its_own_private_secret_key(tmp_path):
    uri = f"sqlite:///{tmp_path}/unused.db"
    first = fresh_instance(uri, tmp_path / "one")
    second = fresh_instance(uri, tmp_path / "two")
    for app, folder in ((first, "one"), (second, "two")):
        key_file = tmp_path / folder / "secret_key"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert key_file.read_text().strip() == app.secret_key
        assert re.fullmatch(r"[0-9a-f]{64}", app.secret_key)
    assert first.secret_key != second.secret_key
    assert fresh_instance(uri, tmp_path / "one").secret_key == first.secret_key  # kept on restart


def test_a_key_file_readable_by_others_is_narrowed_to_0600(tmp_path):
    folder = tmp_path / "instance"
    folder.mkdir()
    (folder / "secret_key").write_text("a" * 64)
    os.chmod(folder / "secret_key", 0o644)
    app = fresh_instance(f"sqlite:///{tmp_path}/x.db", folder)
    assert app.secret_key == "a" * 64
    assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600


@pytest.mark.parametrize("key", ["dev", "change-me-in-production", "", "secret", "short-key"])
def test_create_app_refuses_known_or_empty_keys(tmp_path, key):
    with pytest.raises(RuntimeError, match="secret key"):
        fresh_instance(f"sqlite:///{tmp_path}/x.db", tmp_path / "instance", SECRET_KEY=key)


def test_create_app_refuses_a_known_key_in_the_instance_file(tmp_path):
    folder = tmp_path / "instance"
    folder.mkdir()
    (folder / "secret_key").write_text("change-me-in-production\n")
    with pytest.raises(RuntimeError, match="secret key"):
        fresh_instance(f"sqlite:///{tmp_path}/x.db", folder)


def test_create_app_refuses_to_start_when_the_key_cannot_be_written(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(RuntimeError, match="cannot be created"):
        fresh_instance(f"sqlite:///{tmp_path}/x.db", blocker / "instance")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_instance_database_files_are_private(tmp_path, monkeypatch):
    """claimtrail.db, its -wal and -shm, and tasks.db are 0600 like the secret key, whatever
    the umask; files made readable by others before are narrowed at the next start."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    old_umask = os.umask(0o022)
    try:
        folder = tmp_path / "instance"
        app = create_app(dict(TEST_SETTINGS), instance_path=str(folder))
        assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{folder / 'claimtrail.db'}"
        with app.app_context():
            db.session.execute(text("CREATE TABLE t (x)"))
            db.session.execute(text("INSERT INTO t VALUES (1)"))
            db.session.commit()
            files = {p.name: _mode(p) for p in folder.iterdir() if p.name.startswith("claimtrail.db")}
            assert set(files) == {"claimtrail.db", "claimtrail.db-wal", "claimtrail.db-shm"}
            assert set(files.values()) == {0o600}, files
            db.session.remove()
            db.engine.dispose()

        monkeypatch.setenv("CLAIMTRAIL_INSTANCE", str(folder))
        monkeypatch.setenv("CLAIMTRAIL_TASKS_IMMEDIATE", "0")
        from webapp.tasks import make_huey
        huey = make_huey()
        huey.storage.enqueue(b"job")
        assert huey.storage.queue_size() == 1
        assert _mode(folder / "tasks.db") == 0o600
        assert {_mode(p) for p in folder.glob("tasks.db*")} == {0o600}

        os.chmod(folder / "claimtrail.db", 0o644)             # made by an older version
        create_app(dict(TEST_SETTINGS), instance_path=str(folder))
        assert _mode(folder / "claimtrail.db") == 0o600
    finally:
        os.umask(old_umask)


def test_instance_folder_is_ignored_by_git():
    def ignored(path):
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0
    for path in ("instance/secret_key", "instance/config.py", "instance/claimtrail.db"):
        assert ignored(path), f"{path} is not git-ignored"
    assert not ignored("webapp/config.py")  # positive control: the check can say no
    tracked = subprocess.run(["git", "ls-files", "instance"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    assert tracked == ["instance/README.md"]


def _cookie_serializer(key) -> URLSafeTimedSerializer:
    """Exactly the signer of Flask's SecureCookieSessionInterface, with any key."""
    return URLSafeTimedSerializer(key, salt="cookie-session", serializer=TaggedJSONSerializer(),
                                  signer_kwargs={"key_derivation": "hmac",
                                                 "digest_method": hashlib.sha1})


def test_session_cookie_of_one_instance_is_anonymous_on_another(app, tmp_path):
    with app.app_context():
        make_user("lena")
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    a = fresh_instance(uri, tmp_path / "a")
    b = fresh_instance(uri, tmp_path / "b")
    _, response = login(a, "lena")
    assert response.status_code == 302
    client_a = a.test_client()
    client_a.get("/login")
    cookie = response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    payload = a.session_interface.get_signing_serializer(a).loads(cookie)
    assert payload["_user_id"]  # a real, live sign-in ticket (shared database)
    # Positive control: re-signed with A's key, the payload is signed in on A.
    forged_a = _cookie_serializer(a.secret_key).dumps(payload)
    replay = a.test_client()
    replay.set_cookie("session", forged_a)
    assert signed_in(replay)
    for key in (a.secret_key, "dev", "change-me-in-production", ""):
        client = b.test_client()
        client.set_cookie("session", _cookie_serializer(key).dumps(payload))
        response = client.get("/")
        assert is_login_redirect(response), f"cookie signed with {key!r} was accepted by B"


# --- T02: first admin ------------------------------------------------------------------------

def _bootstrap(app):
    result = app.test_cli_runner().invoke(args=["bootstrap"])
    assert result.exit_code == 0, result.output
    return result.output


def _second_database(request, app, db_url, tmp_path) -> str:
    if db_url.startswith("sqlite"):
        path = tmp_path / "second.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    with app.app_context():
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
    return db_url


def test_bootstrap_prints_a_random_admin_password_once(app, db_url, tmp_path, request, security_log):
    output = _bootstrap(app)
    passwords = re.findall(r"password: (\S+)", output)
    assert len(passwords) == 1 and len(passwords[0]) >= 16
    first = passwords[0]
    for guess in ("admin", "password", "changeme", "admin123"):
        _, response = login(app, "admin", guess)
        assert response.status_code == 401
    _, response = login(app, "admin", first)
    assert response.status_code == 302
    assert first not in security_log.text

    before = snapshot(app)
    again = _bootstrap(app)
    assert "password" not in again.lower() and first not in again
    assert diff(before, snapshot(app)) == {}  # creates nothing, changes nothing

    other = make_app(_second_database(request, app, db_url, tmp_path), tmp_path / "instance2")
    second = re.findall(r"password: (\S+)", _bootstrap(other))
    assert len(second) == 1 and second[0] != first
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


# --- T04: sessions ---------------------------------------------------------------------------

def test_a_copied_cookie_stops_working_at_logout(app):
    with app.app_context():
        make_user("lena")
    browser, response = login(app, "lena")
    cookie = browser.client.get_cookie("session").value
    copy = app.test_client()
    copy.set_cookie("session", cookie)
    assert signed_in(copy)  # positive control: the copy works while the session lives
    response = logout(browser)
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert is_login_redirect(replay.get("/"))
    assert not signed_in(copy)


def test_password_change_ends_every_other_session(app):
    with app.app_context():
        make_user("lena")
    first, _ = login(app, "lena")
    second, _ = login(app, "lena")
    old_cookie = first.client.get_cookie("session").value
    new_password = "a brand new passphrase"
    response = second.post("/account/password", {"current_password": PASSWORD,
                                                  "new_password": new_password})
    assert response.status_code == 302
    assert not signed_in(first.client)
    replay = app.test_client()
    replay.set_cookie("session", old_cookie)
    assert not signed_in(replay)
    assert signed_in(second.client)  # the session that changed it goes on
    assert login(app, "lena")[1].status_code == 401
    assert login(app, "lena", new_password)[1].status_code == 302


def test_password_change_needs_the_current_password(app):
    with app.app_context():
        make_user("lena")
    browser, _ = login(app, "lena")
    before = snapshot(app)
    response = browser.post("/account/password", {"current_password": WRONG,
                                                   "new_password": "a brand new passphrase"})
    assert response.status_code == 200 and "current password is not right" in body(response)
    assert not diff(before, snapshot(app)).get("users")


def test_session_cookie_flags_and_lifetime(app):
    with app.app_context():
        make_user("lena")
    assert app.config["PERMANENT_SESSION_LIFETIME"] <= timedelta(hours=12)
    assert app.config["SESSION_IDLE_TIMEOUT"] <= timedelta(hours=12)
    _, response = login(app, "lena")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    attributes = {p.strip().split("=")[0].lower(): p.strip() for p in session_cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "samesite=lax"
    expires = parsedate_to_datetime(attributes["expires"].split("=", 1)[1])
    assert expires <= datetime.now(timezone.utc) + timedelta(hours=12, minutes=1)
    assert not any(c.startswith("remember_token=") for c in cookies)


def test_secure_cookie_and_hsts_under_the_tls_configuration(app, tmp_path):
    with app.app_context():
        make_user("lena")
    tls = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "tls",
                   SESSION_COOKIE_SECURE=True, WTF_CSRF_SSL_STRICT=False)
    client = tls.test_client()
    page = client.get("/login", base_url="https://localhost")
    assert "max-age=" in page.headers["Strict-Transport-Security"]
    assert "; Secure" in page.headers["Set-Cookie"]
    with tls.app_context():
        db.session.remove()
        db.engine.dispose()


def test_idle_session_is_signed_out(app):
    with app.app_context():
        make_user("lena")
    browser, _ = login(app, "lena")
    assert signed_in(browser.client)
    idle = app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    with browser.client.session_transaction() as session:
        session["seen"] = time.time() - idle - 60
    assert is_login_redirect(browser.get("/"))


def test_session_ends_at_the_absolute_lifetime(app, monkeypatch):
    with app.app_context():
        make_user("lena")
    browser, _ = login(app, "lena")
    real_now = user_service._now
    monkeypatch.setattr(user_service, "_now", lambda: real_now() + app.config[
        "PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1))
    assert is_login_redirect(browser.get("/"))


def test_sign_in_starts_a_new_session(app):
    """Session fixation: nothing from the anonymous session survives sign-in."""
    with app.app_context():
        make_user("lena")
    browser = Browser(app.test_client())
    token = browser.token("/login")
    with browser.client.session_transaction() as session:
        anonymous_raw = session["csrf_token"]
        session["planted"] = "by an attacker"
    browser.client.post("/login", data={"csrf_token": token, "username": "lena",
                                        "password": PASSWORD})
    browser.token("/account/password")
    with browser.client.session_transaction() as session:
        assert "planted" not in session
        assert session["csrf_token"] != anonymous_raw


# --- T06: open redirect ----------------------------------------------------------------------

@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example",
                                    "javascript:alert(1)", "\\\\evil.example", "/\t/evil.example",
                                    "http:evil.example", " //evil.example"])
def test_sign_in_never_redirects_off_site(app, target):
    with app.app_context():
        make_user("lena")
    _, response = login(app, "lena", next_=target)
    assert response.status_code == 302
    location = response.headers["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location
    assert "evil" not in location


def test_sign_in_follows_a_local_next(app):
    """Positive control for the redirect checks."""
    with app.app_context():
        make_user("lena")
    _, response = login(app, "lena", next_="/account/password")
    assert response.headers["Location"] == "/account/password"


# --- T07: password policy --------------------------------------------------------------------

COMMON = "password1234"
POLICY_CASES = [
    ("elevenchars", False, "at least 12"),
    ("twelve-chars", True, None),
    ("x7" * 32, True, None),                        # 64
    ("y" * 127 + "z", True, None),                 # 128
    ("y" * 128 + "z", False, "at most 128"),       # 129
    ("horse\u00a0battery 🐎 staple", True, None),    # NBSP and an emoji
    (COMMON, False, "common passwords"),
]


def test_common_password_is_on_the_shipped_list():
    assert COMMON in user_service._common_passwords()


def _variants(password: str) -> list[str]:
    """Near misses that must not sign in: no normalisation, no truncation."""
    return [v for v in {password.replace("\u00a0", " "), password[:-1], password[:12],
                        password.upper()} if v != password]


@pytest.mark.parametrize("index", range(len(POLICY_CASES)))
def test_password_policy_through_the_admin_form(app, index):
    password, accepted, message = POLICY_CASES[index]
    with app.app_context():
        make_user("root", admin=True)
    admin, _ = login(app, "root")
    username = f"user{index}"
    response = admin.post("/admin/users", {"username": username, "display_name": "U",
                                           "password": password})
    with app.app_context():
        exists = db.session.scalar(select(func.count()).where(User.username == username))
    if not accepted:
        assert response.status_code == 200 and message in body(response)
        assert exists == 0
        return
    assert response.status_code == 302 and exists == 1
    assert login(app, username, password)[1].status_code == 302
    for variant in _variants(password):
        assert login(app, username, variant)[1].status_code == 401, repr(variant)


def test_password_policy_through_the_cli(app):
    runner = app.test_cli_runner()
    for index, (password, accepted, message) in enumerate(POLICY_CASES):
        result = runner.invoke(args=["create-user", f"cli{index}", "--password", password])
        if accepted:
            assert result.exit_code == 0, (password, result.output)
        else:
            assert result.exit_code != 0 and message in result.output, (password, result.output)
    with app.app_context():
        names = set(db.session.scalars(select(User.username)))
    assert names == {f"cli{i}" for i, case in enumerate(POLICY_CASES) if case[1]}
    assert login(app, "cli5", POLICY_CASES[5][0])[1].status_code == 302


# --- T48: security logging -------------------------------------------------------------------

def test_logs_hold_no_password_and_no_session_cookie(app, security_log):
    with app.app_context():
        make_user("lena")
    _, failed = login(app, "lena", WRONG)
    browser, ok = login(app, "lena")
    assert failed.status_code == 401 and ok.status_code == 302
    cookie = browser.client.get_cookie("session").value
    token = browser.token("/account/password")
    log = security_log.text
    assert "login_failed user=lena" in log and "login_ok user_id=" in log  # positive control
    parts = [part for part in cookie.split(".") if len(part) >= 8]  # payload and signature
    for secret in (PASSWORD, WRONG, cookie, token, *parts):
        assert secret not in log
    for record in security_log.records:
        assert PASSWORD not in repr(record.args) and WRONG not in repr(record.args)


@pytest.mark.parametrize("separator", ["\r\n", "\n", "\u2028", "\x85"])
def test_line_breaks_in_a_username_cannot_forge_log_lines(app, security_log, separator):
    forged = f"eve{separator}login_ok user_id=1 ip=10.0.0.1"
    _, response = login(app, forged, WRONG)
    assert response.status_code == 401
    lines = [r.getMessage() for r in security_log.records if r.name.startswith("claimtrail")]
    assert any(line.startswith("login_failed user=eve\\") for line in lines)
    for line in lines:
        assert len(line.splitlines()) == 1 and separator not in line
        assert not line.startswith("login_ok")
