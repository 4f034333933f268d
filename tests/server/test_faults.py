"""Faults: a lock held too long (T42), double submits (T41), workers killed mid-write (T43)."""
import random
import sqlite3
import threading
import time

import requests
from sqlalchemy import text

from webapp.extensions import db
from webapp.models import Article, Claim, ClaimEvent
from tests.factories import PASSWORD, make_article, make_claim, make_project, make_user
from .conftest import CSRF, VERSION, signed_in_session


# What a browser sends for the claim form's selects left at "—".
EMPTY_LISTS = {f: "" for f in ("kind", "source_type", "named", "party", "access", "independent_sources")}


def _count(model, app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_lock_held_too_long_gives_503_and_saves_nothing(app, browser, db_url):
    if not db_url.startswith("sqlite"):
        # PostgreSQL has no file lock; the same situation is a row lock, which a save waits for.
        return _postgres_row_lock_waits_instead(app, browser)
    with app.app_context():
        lead = make_user("lena")
        article = make_article(make_project(lead), lead)
        claim = make_claim(article, lead, "26 ISIS militants")
        url = f"/projects/{article.project_id}/claims/{claim.id}"
    browser.login("lena", PASSWORD)
    page = browser.get(url).get_data(as_text=True)
    data = {"csrf_token": CSRF.search(page).group(1), "version": VERSION.search(page).group(1),
            "statement": "changed while locked", "status": "unreviewed", "credibility": "6",
            "source_id": "", "evidence_stance": "supports", **EMPTY_LISTS}
    side = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    side.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        response = browser.client.post(url, data=data)
        waited = time.monotonic() - started
    finally:
        side.execute("ROLLBACK")
        side.close()
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "nothing was saved" in body and "Traceback" not in body
    assert 4.5 <= waited <= app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000 + 1
    assert _count(ClaimEvent, app) == 1
    # Once the lock is gone the same save goes through.
    assert browser.client.post(url, data=data).status_code == 302


def _postgres_row_lock_waits_instead(app, browser):
    """On PostgreSQL a save waits for the row lock and then goes through."""
    with app.app_context():
        lead = make_user("lena")
        article = make_article(make_project(lead), lead)
        claim = make_claim(article, lead, "26 ISIS militants")
        url, claim_id = f"/projects/{article.project_id}/claims/{claim.id}", claim.id
    browser.login("lena", PASSWORD)
    page = browser.get(url).get_data(as_text=True)
    with app.app_context():
        side = db.engine.connect()
        tx = side.begin()
        side.execute(text("SELECT id FROM claims WHERE id = :id FOR UPDATE"), {"id": claim_id})
        threading.Timer(1.0, tx.rollback).start()
        response = browser.client.post(url, data={
            "csrf_token": CSRF.search(page).group(1), "version": VERSION.search(page).group(1),
            "statement": "after the lock", "status": "unreviewed", "credibility": "6",
            "source_id": "", "evidence_stance": "supports", **EMPTY_LISTS})
        side.close()
    assert response.status_code == 302
    assert _count(ClaimEvent, app) == 2


def test_the_same_text_imported_twice_at_once_is_stored_once(server, server_app):
    with server_app.app_context():
        project_id = make_project(make_user("lena")).id
    server.start()
    page = f"{server.url}/projects/{project_id}/articles/new"
    sessions = [signed_in_session(server.url, "lena", PASSWORD) for _ in range(2)]
    pairs = 10
    outcomes = []
    for n in range(pairs):
        tokens = [CSRF.search(s.get(page).text).group(1) for s in sessions]
        barrier = threading.Barrier(2)

        def post(i):
            barrier.wait()
            r = sessions[i].post(page, data={"paste-csrf_token": tokens[i], "paste-title": f"T{n}",
                                             "paste-text": f"Identical article number {n}."},
                                 allow_redirects=False, timeout=20)
            outcomes.append((n, r.status_code, "already in the project" in r.text))

        threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
        [t.start() for t in threads]
        [t.join() for t in threads]
    assert _count(Article, server_app) == pairs
    for n in range(pairs):
        mine = sorted((status, dup) for m, status, dup in outcomes if m == n)
        assert mine == [(302, False), (409, True)], outcomes


def test_killing_the_server_mid_write_leaves_a_consistent_database(server, server_app, db_url):
    with server_app.app_context():
        lead = make_user("lena")
        project = make_project(lead)
        words = [f"Sentence {i} reports fighting near the river." for i in range(200)]
        article = make_article(project, lead, " ".join(words))
        project_id, article_id, text_ = project.id, article.id, article.text
    rng = random.Random(7)
    for trial in range(5):
        server.start()
        session = signed_in_session(server.url, "lena", PASSWORD)
        read = f"{server.url}/projects/{project_id}/articles/{article_id}"
        stop = threading.Event()

        def save_claims():
            i = 0
            while not stop.is_set():
                quote = f"Sentence {rng.randrange(200)} reports"
                start = text_.index(quote)
                try:
                    token = CSRF.search(session.get(read, timeout=5).text).group(1)
                    session.post(read + "/claims", data={
                        "csrf_token": token, "quote": quote, "start": start, "end": start + len(quote),
                        "statement": f"trial {trial} save {i}", "status": "unreviewed",
                        "credibility": "6", "source_id": "", "evidence_stance": "supports",
                        **EMPTY_LISTS},
                        allow_redirects=False, timeout=5)
                except (requests.RequestException, AttributeError):
                    pass  # the server died under us: that is the point
                i += 1

        worker = threading.Thread(target=save_claims)
        worker.start()
        time.sleep(rng.uniform(0.3, 1.2))
        server.kill()
        stop.set()
        worker.join()
        _check_consistent(server_app, db_url)
    assert _count(Claim, server_app) > 0


def _check_consistent(app, db_url):
    if db_url.startswith("sqlite"):
        con = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        con.close()
    with app.app_context():
        db.session.rollback()
        claims = db.session.execute(text(
            "SELECT c.id, c.version, (SELECT count(*) FROM claim_events e WHERE e.claim_id = c.id "
            "AND e.action = 'created') FROM claims c")).all()
        # Every claim has its creation event: never one without the other.
        assert all(created == 1 for _id, _v, created in claims), claims
        orphans = db.session.scalar(text(
            "SELECT count(*) FROM claim_events e LEFT JOIN claims c ON c.id = e.claim_id WHERE c.id IS NULL"))
        assert orphans == 0
