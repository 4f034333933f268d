"""An article whose page changed or was removed waits in the queue of its assignees and of the
project's leads (``services.queue``) until one of them looks: opening what changed, or the
revisions page, takes it off (``looked_at``). Viewers and other annotators looking leave it."""
from sqlalchemy import exists, select, update

from ..extensions import db
from ..models import Article, Assignment, User

STATES = ("changed", "removed")


def needs_look_by(article: Article, user: User, role: str | None) -> bool:
    """Whether this person's look clears the article's attention (a lead, or an assignee)."""
    if article.attention not in STATES:
        return False
    return role == "lead" or bool(db.session.scalar(select(exists().where(
        Assignment.article_id == article.id, Assignment.assignee_id == user.id))))


def looked_at(article_id: int) -> None:
    """Clear the attention; the caller commits."""
    db.session.execute(update(Article).where(Article.id == article_id, Article.attention.in_(STATES))
                       .values(attention="").execution_options(synchronize_session=False))
