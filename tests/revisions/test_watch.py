"""Watching on SQLite and PostgreSQL with a fake clock (``now``): watch / unwatch, due watches
chosen in SQL under each project's fetches a minute, and checks against a local page that
changes, then disappears."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.fetch.conftest import serve  # noqa: F401 (the fixture)
from webapp.extensions import db
from webapp.models import Article, ArticleEvent
from webapp.models._time import aware, utcnow
from webapp.models.revision import ArticleWatch
from webapp.revisions import watch
from webapp.services.errors import Invalid
from tests.factories import make_article

from .watching import FIRST, SECOND, import_from, page, world


@pytest.fixture
def server(serve):  # noqa: F811
    return serve({"/story": page(FIRST)})


def events(article_id):
    return [e.action for e in db.session.scalars(select(ArticleEvent).where(
        ArticleEvent.article_id == article_id).order_by(ArticleEvent.id))]


def test_watching_and_stopping_are_events_and_need_an_address(app, server):
    with app.app_context():
        project, lena, article = world(app, server)
        row = watch.watch(article, lena)
        db.session.commit()
        assert row.active and row.started_by_id == lena.id
        assert aware(row.next_check_at) >= aware(article.captured_at) + timedelta(minutes=30)
        assert watch.watch(article, lena) is row                    # already on: no second event
        assert watch.unwatch(article, lena) and not watch.unwatch(article, lena)
        db.session.commit()
        assert events(article.id) == ["watch_started", "watch_stopped"]
        pasted = make_article(project, lena, "A pasted text, no address.")
        with pytest.raises(Invalid):
            watch.watch(pasted, lena)


def test_due_watches_come_earliest_first_and_at_most_the_rate_per_project(app, server):
    with app.app_context():
        project, lena, first = world(app, server)
        project.watch_per_minute = 2
        now = utcnow()
        rows = []
        for n in range(4):
            a = first if n == 0 else make_article(project, lena, f"Text {n} of a page.", f"Page {n}")
            a.url = f"http://example.org/{n}"
            rows.append(watch.watch(a, lena, now - timedelta(days=1)))
            rows[-1].next_check_at = now - timedelta(minutes=10 - n)
        db.session.commit()
        ids = [r.article_id for r in rows]
        assert watch.due(now, 10) == ids[:2]                         # the rate: 2 a minute
        assert watch.due(now - timedelta(seconds=570), 10) == ids[:1]   # only those due by then
        rows[0].last_checked_at = now - timedelta(seconds=30)         # one fetch this minute
        rows[0].next_check_at = now + timedelta(hours=1)
        db.session.commit()
        assert watch.due(now, 10) == ids[1:2]
        assert watch.due(now + timedelta(seconds=31), 10) == ids[1:3]  # a minute later
        rows[1].active = False
        db.session.commit()
        assert watch.due(now + timedelta(minutes=2), 1) == ids[2:3]


def test_a_changing_page_makes_a_revision_then_its_removal_is_recorded(app, serve):  # noqa: F811
    routes = {"/story": page(FIRST)}
    server = serve(routes)
    with app.app_context():
        project, lena, article = world(app, server)
        row = watch.watch(article, lena)
        db.session.commit()
        now = aware(row.next_check_at)
        assert watch.check_due(now - timedelta(minutes=1)) == {}     # not due yet
        assert watch.check_due(now) == {"unchanged": 1}
        routes["/story"] = page(SECOND)
        later = aware(db.session.get(ArticleWatch, article.id).next_check_at)
        assert watch.check_due(later) == {"revision": 1}
        article = db.session.get(Article, article.id)
        row = db.session.get(ArticleWatch, article.id)
        assert (article.revision, article.attention) == (2, "changed")
        assert (row.checks, row.last_result, aware(row.last_changed_at)) == (2, "revision", later)
        assert aware(row.next_check_at) == later + timedelta(minutes=30)   # young again
        del routes["/story"]                                             # the server answers 404
        gone = aware(row.next_check_at)
        assert watch.check_due(gone) == {"removed": 1}
        article, row = db.session.get(Article, article.id), db.session.get(ArticleWatch, article.id)
        assert article.removed_at is not None and article.attention == "removed"
        assert "404" in article.removed_reason and row.active
        assert aware(row.next_check_at) == gone + timedelta(days=7)     # rarely: it may come back
        routes["/story"] = page(SECOND)
        assert watch.check_due(gone + timedelta(days=7)) == {"unchanged": 1}
        assert db.session.get(Article, article.id).removed_at is None   # back again


def test_a_failing_page_backs_off_and_never_stops_the_others(app, serve):  # noqa: F811
    routes = {"/story": page(FIRST), "/other": page(SECOND)}
    server = serve(routes)
    with app.app_context():
        project, lena, article = world(app, server)
        other = import_from(server.url("/other"), project, lena)
        for a in (article, other):
            watch.watch(a, lena)
        db.session.commit()
        routes["/story"] = lambda handler: handler.send_error(503)
        now = utcnow() + timedelta(hours=2)
        assert watch.check_due(now) == {"failed": 1, "unchanged": 1}
        waits = []
        for _ in range(3):
            row = db.session.get(ArticleWatch, article.id)
            waits.append(aware(row.next_check_at) - now)
            now = aware(row.next_check_at)
            assert watch.check_due(now)["failed"] == 1
        assert waits == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=4)]
        row = db.session.get(ArticleWatch, article.id)
        assert row.failures == 4 and "503" in row.last_note and row.active
