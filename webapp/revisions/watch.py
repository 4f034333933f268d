"""Watching articles that came from an address (issue 12, 4): a watched article's page is
fetched again on a schedule (``schedule``) through the guarded fetcher (``refetch``), at most
``watch_per_minute`` fetches a minute per project.

``due(now, limit)`` picks the due watches in SQL (indexed ``next_check_at``, ranked per project
under its allowance for this minute); ``check_due(now)`` checks them, each in a transaction of
its own, so one page that fails never stops the others. Each check is made as the person who
started the watch (``started_by``: a capture names who made it). A page found removed is
checked again only at the project's upper bound, in case it comes back.
"""
from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select, true, update

from ..database import end_transaction_keeping_loaded
from ..extensions import db
from ..models import Article, Project, User
from ..models._time import aware, utcnow
from ..models.revision import ArticleWatch
from ..services.assignments import record as record_article_event
from ..services.errors import Invalid
from . import schedule

if TYPE_CHECKING:   # the fetcher (httpx, trafilatura) loads where pages are fetched, not in web workers
    from .refetch import Check

log = logging.getLogger("claimtrail.watching")
LEASE = timedelta(minutes=15)   # a picked watch is not picked again meanwhile (a killed worker)
NO_ADDRESS = "Only an article imported from an address can be watched; this one has none."


def get_watch(article_id: int) -> ArticleWatch | None:
    return db.session.get(ArticleWatch, article_id)


def since(article: Article, row: ArticleWatch | None) -> datetime:
    """Where the article's age counts from: its first capture, or its last change seen."""
    changed = aware(row.last_changed_at) if row is not None else None
    return max(aware(article.captured_at), changed) if changed else aware(article.captured_at)


def watch(article: Article, user: User, now: datetime | None = None) -> ArticleWatch:
    """Start watching the article (an event in its history); a watch already on stays as it is."""
    if not article.url:
        raise Invalid({"url": NO_ADDRESS})
    now = now or utcnow()
    row = get_watch(article.id)
    if row is not None and row.active:
        return row
    project = db.session.get(Project, article.project_id)
    first = schedule.first_check(now, since(article, row), project.watch_min_minutes)
    if row is None:
        row = ArticleWatch(article_id=article.id, project_id=article.project_id, checks=0,
                           failures=0, last_result="", last_note="", next_check_at=first)
        db.session.add(row)
    row.active, row.started_by_id, row.failures, row.next_check_at = True, user.id, 0, first
    record_article_event(article, user, "watch_started", {"watched": [False, True]})
    return row


def unwatch(article: Article, user: User) -> bool:
    """Stop watching (an event in its history); False when it was not watched."""
    row = get_watch(article.id)
    if row is None or not row.active:
        return False
    row.active = False
    record_article_event(article, user, "watch_stopped", {"watched": [True, False]})
    return True


def due(now: datetime, limit: int) -> list[int]:
    """Ids of articles whose watch is due, earliest first: per project at most its
    ``watch_per_minute`` less the checks of the last minute."""
    minute_ago = now - timedelta(minutes=1)
    recent = (select(ArticleWatch.project_id, func.count().label("n"))
              .where(ArticleWatch.last_checked_at > minute_ago)
              .group_by(ArticleWatch.project_id).subquery())
    ranked = (select(ArticleWatch.article_id, ArticleWatch.project_id, ArticleWatch.next_check_at,
                     func.row_number().over(partition_by=ArticleWatch.project_id, order_by=(
                         ArticleWatch.next_check_at, ArticleWatch.article_id)).label("rank"))
              .where(ArticleWatch.active == true(), ArticleWatch.next_check_at <= now).subquery())
    query = (select(ranked.c.article_id).join(Project, Project.id == ranked.c.project_id)
             .outerjoin(recent, recent.c.project_id == ranked.c.project_id)
             .where(ranked.c.rank <= Project.watch_per_minute - func.coalesce(recent.c.n, 0))
             .order_by(ranked.c.next_check_at, ranked.c.article_id).limit(limit))
    return list(db.session.scalars(query))


def check_due(now: datetime | None = None, limit: int = 100) -> Counter:
    """Check up to ``limit`` due watches, each committed on its own: how many of each result."""
    now = now or utcnow()
    ids = due(now, limit)
    if ids:   # leased first, so that a second worker or a killed one does not pick them twice
        db.session.execute(update(ArticleWatch).where(ArticleWatch.article_id.in_(ids))
                           .values(next_check_at=now + LEASE))
    db.session.commit()
    return Counter(check_one(article_id, now).result for article_id in ids)


def check_one(article_id: int, now: datetime | None = None, how: str = "watch",
              user: User | None = None) -> Check:
    """Fetch one article again and record the result on its watch (if any); committed."""
    from .refetch import Check, check_article
    now = now or utcnow()
    article = db.session.get(Article, article_id)
    row = get_watch(article_id)
    user = user or _who(article, row)
    end_transaction_keeping_loaded()   # no lock held while the page is fetched
    try:
        check = check_article(article, user, how)
    except Exception:   # a bug must not stop the other watches; logged with its traceback
        log.exception("check of article %s failed", article_id)
        db.session.rollback()
        check = Check("failed", "The check stopped because of an internal error; it was logged.", None)
        article, row = db.session.get(Article, article_id), get_watch(article_id)
    if row is not None:
        record_check(row, article, check, now)
    db.session.commit()
    return check


def articles_to_check(project_id: int, every: bool = False) -> list[int]:
    """The project's watched articles, or (``every``) all its articles with an address."""
    if every:
        query = select(Article.id).where(Article.project_id == project_id, Article.url != "")
    else:
        query = select(ArticleWatch.article_id).where(ArticleWatch.project_id == project_id,
                                                      ArticleWatch.active == true())
    return list(db.session.scalars(query.order_by(query.selected_columns[0])))


def _who(article: Article, row: ArticleWatch | None) -> User:
    started = db.session.get(User, row.started_by_id) if row and row.started_by_id else None
    return started or article.imported_by


def record_check(row: ArticleWatch, article: Article, check: Check, now: datetime) -> None:
    """The watch's counters and the next check after this one."""
    row.checks += 1
    row.last_checked_at, row.last_result, row.last_note = now, check.result, check.note[:2000]
    row.failures = row.failures + 1 if check.result == "failed" else 0
    if check.result == "revision":
        row.last_changed_at = now
    project = db.session.get(Project, row.project_id)
    if check.result == "removed":   # rarely, in case the page comes back
        row.next_check_at = now + timedelta(minutes=project.watch_max_minutes)
        return
    row.next_check_at = schedule.next_check(now, since(article, row), project.watch_min_minutes,
                                            project.watch_max_minutes, row.failures)
