"""The API's writes read and check first and hold the write lock only to store
(``webapp.database.writing``): a POST answers with exactly what a GET reads back (same body,
same ETag, whatever the database's time zone), an annotation that is refused never waits for
the write lock, and noting a token's use waits its turn instead of failing the request."""
import sqlite3
import threading
import time

import pytest
from sqlalchemy import select, text

from webapp.extensions import db
from webapp.models import Article, Assignment, Project, User
from webapp.models.token import ApiToken
from webapp.services import assignments as assignment_service

from .conftest import TEXT, new_annotation, problem

SOURCING = {"source_type": "armed_group", "named": "unnamed", "party": "party",
            "access": "firsthand", "hedging": "said", "independent_sources": "0",
            "attribution_text": "a fighter said", "attribution_chain": "", "credibility": "3",
            "figures": "26"}


def _coded(quote: str) -> dict:
    """An annotation carrying every kind of claim field: list codes, a final status, sourcing."""
    doc = new_annotation(TEXT, quote, "Twenty-six militants were killed.")
    doc["body"] += [
        {"type": "TextualBody", "purpose": "tagging", "value": "Casualty figure",
         "claimtrail:code": "casualty_figure"},
        {"type": "TextualBody", "purpose": "assessing", "value": "Unconfirmed",
         "claimtrail:status": "unconfirmed", "claimtrail:rationale": "One fighter's word."},
        {"type": "TextualBody", "purpose": "classifying", "value": "",
         "claimtrail:sourcing": SOURCING}]
    return doc


def _read_back(api, response, role):
    again = api.get(response.headers["Location"].replace("http://localhost", ""), role=role)
    assert again.status_code == 200
    return again


@pytest.mark.parametrize("role, second_review", [("annotator", False), ("lead", True)])
def test_post_answers_what_a_get_reads_back(app, api, team, role, second_review):
    with app.app_context():
        project = db.session.get(Project, team.project_id)
        assignment_service.update_settings(project, True, second_review)
        db.session.commit()
    for doc in (new_annotation(TEXT, "dozens more injured"), _coded("26 ISIS militants")):
        response = api.post(team.container, doc, role=role)
        assert response.status_code == 201, response.get_data(as_text=True)
        again = _read_back(api, response, role)
        assert response.get_json(force=True) == again.get_json(force=True)
        assert response.headers["ETag"] == again.headers["ETag"]
    created = response.get_json(force=True)
    assessing = next(b for b in created["body"] if b["purpose"] == "assessing")
    assert assessing.get("claimtrail:reviewState", "") == ("pending" if second_review else "")
    assert created["body"][1]["value"] == "Casualty figure"   # the list's label, not the code


def test_post_by_the_assignee_starts_the_assignment_and_answers_what_a_get_reads(app, api, team):
    with app.app_context():
        project = db.session.get(Project, team.project_id)
        article = db.session.get(Article, team.article_id)
        anna = db.session.get(User, team.user_ids["annotator"])
        assignment_service.update_settings(project, False, False)
        assignment_service.assign_article(project, article, anna, article.imported_by)
        db.session.commit()
    response = api.post(team.container, new_annotation(TEXT, "a fighter said"), role="annotator")
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.headers["ETag"] == _read_back(api, response, "annotator").headers["ETag"]
    with app.app_context():
        assert db.session.scalar(select(Assignment.state)) == "in_progress"


def test_post_and_get_agree_when_the_database_is_in_another_time_zone(app, api, team):
    if db_name := _postgres_database(app):
        _set_database_time_zone(app, db_name, "'America/New_York'")
    try:
        response = api.post(team.container, new_annotation(TEXT, "dozens more injured"))
        again = _read_back(api, response, "lead")
        assert response.headers["ETag"] == again.headers["ETag"]
        assert again.get_json(force=True)["created"].endswith("Z")
    finally:
        if db_name:
            _set_database_time_zone(app, db_name, "DEFAULT")


def _postgres_database(app) -> str | None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return None
        return db.session.scalar(text("SELECT current_database()"))


def _set_database_time_zone(app, name: str, zone: str) -> None:
    """For connections made from now on (the pool's are closed)."""
    with app.app_context():
        db.session.execute(text(f'ALTER DATABASE "{name}" SET timezone TO {zone}'))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


class HeldWriteLock:
    """Another connection holding SQLite's write lock until ``release`` (or a timer) ends it."""

    def __init__(self, db_url: str):
        self.conn = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None,
                                    check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")
        self.released = threading.Event()

    def release(self):
        if not self.released.is_set():
            self.released.set()
            self.conn.execute("ROLLBACK")
            self.conn.close()

    def release_after(self, seconds: float) -> threading.Timer:
        timer = threading.Timer(seconds, self.release)
        timer.start()
        return timer


# SQLite's one write lock (PostgreSQL locks rows): these run on SQLite only.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@sqlite_only
def test_refused_annotations_and_reads_never_wait_for_the_write_lock(app, api, team, db_url):
    api.get("/api/v1/projects", role="annotator")   # its token's use is noted now, not below
    lock = HeldWriteLock(db_url)
    try:
        started = time.monotonic()
        bad = new_annotation(TEXT, "dozens more injured")
        bad["target"]["selector"][1]["start"] += 1
        bad["target"]["selector"][0]["exact"] += "!"      # nor found by the quote: refused
        assert problem(api.post(team.container, bad, role="annotator"))["status"] == 422
        assert api.get(team.container, role="annotator").status_code == 200
        assert time.monotonic() - started < 2   # the busy timeout is 5 s
        # A valid one waits its turn for the lock and is stored once it is free.
        timer = lock.release_after(0.5)
        response = api.post(team.container, new_annotation(TEXT, "dozens more injured"),
                            role="annotator")
        timer.join()
        assert response.status_code == 201, response.get_data(as_text=True)
    finally:
        lock.release()


@sqlite_only
def test_noting_a_tokens_use_waits_for_the_write_lock_instead_of_failing(app, api, team, db_url):
    lock = HeldWriteLock(db_url)
    try:
        timer = lock.release_after(0.5)
        response = api.get("/api/v1/projects", role="viewer")
        timer.join()
    finally:
        lock.release()
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == team.user_ids["viewer"]))
        assert token.last_used_at is not None
