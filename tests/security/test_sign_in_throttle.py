"""T03: repeated wrong passwords make the guessing address wait, never the account's owner
(services/sign_in_throttle.py), counted in the database and shared by every worker. Parallel
attempts are in tests/server/test_parallel_sign_in.py."""
import re
from datetime import timedelta

import pytest

from tests.conftest import Browser, make_app
from tests.factories import PASSWORD, make_user
from webapp.extensions import db
from webapp.models import LoginThrottle
from webapp.models.user import ACCOUNT
from webapp.services import sign_in_throttle

from .conftest import body, strip_tokens

WRONG = "not-the-password-at-all"
HOME, ATTACKER = "192.0.2.10", "203.0.113.66"


def attempt(app, username, password=PASSWORD, address=HOME):
    browser = Browser(app.test_client())
    environ = {"REMOTE_ADDR": address}
    token = browser.token("/login")
    return browser.client.post("/login", data={"csrf_token": token, "username": username,
                                                "password": password}, environ_base=environ)


def fail(app, username, times, address=ATTACKER):
    for _ in range(times):
        response = attempt(app, username, WRONG, address)
        assert response.status_code in (401, 429)
    return response


def later(monkeypatch, seconds):
    real_now = sign_in_throttle.now
    monkeypatch.setattr(sign_in_throttle, "now", lambda: real_now() + timedelta(seconds=seconds))


def rows(app, name):
    with app.app_context():
        found = {r.source: r.failures for r in db.session.query(LoginThrottle)
                 .filter_by(username=name)}
        db.session.rollback()
        return found


def _normalise(page: str, username: str) -> str:
    return re.sub(r"\d+", "N", strip_tokens(page).replace(username, "USER"))


def test_failures_make_that_address_wait_and_then_the_right_password_works(app, tmp_path, monkeypatch):
    with app.app_context():
        make_user("lena")
    limit = app.config["LOGIN_FREE_FAILURES"]
    pages = {}
    for name in ("lena", "nobody"):
        for _ in range(limit):
            response = attempt(app, name, WRONG, ATTACKER)
            assert response.status_code == 401
            assert "Wrong username or password." in body(response)
        pages[name, "failed"] = _normalise(body(response), name)
        response = attempt(app, name, PASSWORD, ATTACKER)  # even the right password, from there
        assert response.status_code == 429, name
        retry = int(response.headers["Retry-After"])
        assert 0 < retry <= app.config["LOGIN_LOCK_SECONDS"] + 1
        assert "Too many failed sign-ins" in body(response)
        pages[name, "locked"] = _normalise(body(response), name)
    # No enumeration: an unknown name fails and waits exactly like a real account.
    assert pages["lena", "failed"] == pages["nobody", "failed"]
    assert pages["lena", "locked"] == pages["nobody", "locked"]
    assert rows(app, "lena") == {ATTACKER: limit, ACCOUNT: limit}  # the 429 was not counted

    # Shared through the database: another instance (another worker) sees the wait.
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "other")
    assert attempt(other, "lena", PASSWORD, ATTACKER).status_code == 429
    with other.app_context():
        db.session.remove()
        db.engine.dispose()

    later(monkeypatch, app.config["LOGIN_LOCK_SECONDS"] + 5)
    assert attempt(app, "lena", PASSWORD, ATTACKER).status_code == 302
    assert rows(app, "lena") == {ACCOUNT: limit}   # that address starts again; the name keeps its count


def test_an_attacker_elsewhere_cannot_keep_the_owner_out(app):
    """The admin included: the attacker's address waits, the owner's is heard at once."""
    with app.app_context():
        make_user("root", admin=True)
    fail(app, "root", 30, ATTACKER)
    assert attempt(app, "root", PASSWORD, ATTACKER).status_code == 429
    assert attempt(app, "root", PASSWORD, HOME).status_code == 302


def test_past_the_account_cap_every_address_gets_one_free_failure(app):
    with app.app_context():
        make_user("lena")
    cap, free = app.config["LOGIN_ACCOUNT_FREE_FAILURES"], app.config["LOGIN_FREE_FAILURES"]
    addresses = [f"198.51.100.{n}" for n in range(1, cap // free + 1)]
    for address in addresses:                       # spread to stay under the per-address limit
        fail(app, "lena", free, address)
    assert rows(app, "lena")[ACCOUNT] == cap
    assert attempt(app, "lena", WRONG, "198.51.100.200").status_code == 401    # heard once...
    response = attempt(app, "lena", WRONG, "198.51.100.200")
    assert response.status_code == 429                                          # ...then waits
    assert int(response.headers["Retry-After"]) <= app.config["LOGIN_LOCK_SECONDS"] + 1
    # Below the cap that address would have had five tries; its owner from a new address:
    assert attempt(app, "lena", PASSWORD, "198.51.100.201").status_code == 302


def test_failures_after_the_wait_wait_again_for_longer(app, monkeypatch):
    with app.app_context():
        make_user("lena")
    fail(app, "lena", app.config["LOGIN_FREE_FAILURES"])
    lock = app.config["LOGIN_LOCK_SECONDS"]
    later(monkeypatch, lock + 5)
    assert attempt(app, "lena", WRONG, ATTACKER).status_code == 401
    response = attempt(app, "lena", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert lock < int(response.headers["Retry-After"]) <= 2 * lock + 1  # doubled


def test_the_wait_never_exceeds_the_longest(app, monkeypatch):
    with app.app_context():
        make_user("lena")
    longest = app.config["LOGIN_LOCK_MAX_SECONDS"]
    fail(app, "lena", app.config["LOGIN_FREE_FAILURES"])
    for step in range(1, 12):                       # wait out each lock, fail once more
        later(monkeypatch, step * (longest + 1))
        assert attempt(app, "lena", WRONG, ATTACKER).status_code == 401
    response = attempt(app, "lena", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert longest - 5 <= int(response.headers["Retry-After"]) <= longest + 1


def test_counts_restart_after_a_quiet_day(app, monkeypatch):
    with app.app_context():
        make_user("lena")
    fail(app, "lena", app.config["LOGIN_FREE_FAILURES"] - 1)
    later(monkeypatch, app.config["LOGIN_FORGET_SECONDS"] + 60)
    assert attempt(app, "lena", WRONG, ATTACKER).status_code == 401
    assert rows(app, "lena") == {ATTACKER: 1, ACCOUNT: 1}


def test_addresses_of_one_ipv6_network_count_together(app):
    with app.app_context():
        make_user("lena")
    free = app.config["LOGIN_FREE_FAILURES"]
    for n in range(free):  # a new address of the same /64 for each try
        assert attempt(app, "lena", WRONG, f"2001:db8:1:2::{n + 1:x}").status_code == 401
    assert attempt(app, "lena", PASSWORD, "2001:db8:1:2::ffff").status_code == 429
    assert attempt(app, "lena", PASSWORD, "2001:db8:1:3::1").status_code == 302


@pytest.mark.parametrize("address, source", [
    ("192.0.2.1", "192.0.2.1"), ("::ffff:192.0.2.1", "192.0.2.1"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"), (None, "unknown"), ("not an address", "unknown")])
def test_source_of(address, source):
    assert sign_in_throttle.source_of(address) == source


def test_behind_a_proxy_the_forwarded_address_counts(app, tmp_path):
    with app.app_context():
        make_user("lena")
    proxied = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "proxied", TRUSTED_PROXIES=1)
    client = Browser(proxied.test_client())
    for _ in range(app.config["LOGIN_FREE_FAILURES"]):
        token = client.token("/login")
        client.client.post("/login", data={"csrf_token": token, "username": "lena", "password": WRONG},
                           headers={"X-Forwarded-For": ATTACKER}, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert rows(app, "lena").get(ATTACKER) == app.config["LOGIN_FREE_FAILURES"]
    assert "10.0.0.1" not in rows(app, "lena")
    with proxied.app_context():
        db.session.remove()
        db.engine.dispose()


# --- parallel attempts, each request on its own database connection --------------------------

PARALLEL = 12


def parallel_failures(app, name, address=ATTACKER):
    """PARALLEL wrong passwords for ``name`` sent at the same moment from threads."""
    import threading
    browsers = [Browser(app.test_client()) for _ in range(PARALLEL)]
    tokens = [b.token("/login") for b in browsers]
    barrier, statuses = threading.Barrier(PARALLEL), []

    def send(browser, token):
        barrier.wait()
        response = browser.client.post("/login", data={"csrf_token": token, "username": name,
                                                       "password": WRONG},
                                       environ_base={"REMOTE_ADDR": address})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(browsers, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return sorted(statuses)


@pytest.mark.parametrize("free", [1000, 5])
def test_parallel_first_failures_are_each_counted_once(app, tmp_path, free):
    """No throttle row exists yet; every attempt is answered 401 or 429 (never 500), each one
    heard is counted once, and none slips past the limit."""
    with app.app_context():
        make_user("lena")
    busy = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "busy",
                    LOGIN_FREE_FAILURES=free, LOGIN_ACCOUNT_FREE_FAILURES=free)
    try:
        statuses = parallel_failures(busy, "lena")
        heard = min(free, PARALLEL)
        assert statuses == [401] * heard + [429] * (PARALLEL - heard)
        assert rows(busy, "lena") == {ATTACKER: heard, ACCOUNT: heard}
    finally:
        with busy.app_context():
            db.session.remove()
            db.engine.dispose()
