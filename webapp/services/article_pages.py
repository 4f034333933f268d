"""Reads for the API: a project's articles page by page (without their text), counts."""
from sqlalchemy import func, select
from sqlalchemy.orm import defer

from ..extensions import db
from ..models import Article, Project, User


def fetch_article_page(project_id: int, offset: int, limit: int) -> tuple[list[tuple[Article, str, int]], int]:
    """``(article, imported by, length of its text)`` in import order, and how many there are."""
    total = db.session.scalar(select(func.count(Article.id)).where(Article.project_id == project_id))
    rows = db.session.execute(
        select(Article, User.username, func.length(Article.text))
        .join(User, User.id == Article.imported_by_id)
        .where(Article.project_id == project_id).options(defer(Article.text))
        .order_by(Article.id).offset(offset).limit(limit)).all()
    return [tuple(row) for row in rows], total or 0


def count_articles(project_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(select(Article.project_id, func.count(Article.id))
                              .where(Article.project_id.in_(project_ids))
                              .group_by(Article.project_id))
    return dict(rows.all())


def get_project(project_id: int) -> Project | None:
    return db.session.get(Project, project_id)


def count_visible_claims(article_id: int, user: User, role: str) -> int:
    """How many of the article's live claims the person may see (``services.visibility``)."""
    from ..models import Claim
    from . import visibility
    return db.session.scalar(select(func.count(Claim.id)).where(
        Claim.article_id == article_id, visibility.live_and_seen_by(user, role))) or 0
