"""Parallel failed sign-ins through gunicorn (two workers): each is answered 401 or 429, never
500, and each failure is counted exactly once, also for a name that has no throttle row yet."""
import threading
from collections import Counter

import requests
from sqlalchemy import select

from tests.factories import make_user
from webapp.extensions import db
from webapp.models import LoginThrottle

from .conftest import CSRF

CLIENTS, ROUNDS = 8, 3


def _wrong_sign_ins(base_url: str, name: str) -> Counter:
    sessions = [requests.Session() for _ in range(CLIENTS)]
    tokens = [CSRF.search(s.get(base_url + "/login").text).group(1) for s in sessions]
    barrier, statuses, lock = threading.Barrier(CLIENTS), Counter(), threading.Lock()

    def client(session, token):
        for _ in range(ROUNDS):
            barrier.wait()
            status = session.post(base_url + "/login", data={
                "csrf_token": token, "username": name, "password": "not-the-password-at-all"},
                allow_redirects=False, timeout=30).status_code
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=client, args=pair) for pair in zip(sessions, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def _counts(app, name):
    with app.app_context():
        found = dict(db.session.execute(select(LoginThrottle.source, LoginThrottle.failures)
                                        .where(LoginThrottle.username == name)).all())
        db.session.rollback()
        return found


def test_parallel_failures_are_counted_once_each(server, server_app):
    with server_app.app_context():
        make_user("lena")
    with open(server.instance / "config.py", "a") as config:   # count without making anyone wait
        config.write("LOGIN_FREE_FAILURES = 1000\nLOGIN_ACCOUNT_FREE_FAILURES = 1000\n")
    server.start()
    for name in ("lena", "nobody"):
        statuses = _wrong_sign_ins(server.url, name)
        assert statuses == {401: CLIENTS * ROUNDS}, statuses
        assert _counts(server_app, name) == {"127.0.0.1": CLIENTS * ROUNDS, "*": CLIENTS * ROUNDS}


def test_parallel_failures_stop_at_the_limit(server, server_app):
    with server_app.app_context():
        make_user("lena")
    server.start()
    statuses = _wrong_sign_ins(server.url, "lena")
    free = server_app.config["LOGIN_FREE_FAILURES"]
    assert statuses == {401: free, 429: CLIENTS * ROUNDS - free}, statuses
    assert _counts(server_app, "lena") == {"127.0.0.1": free, "*": free}
