"""Who works on which article, and how far they are; and the article-level trail."""
from datetime import datetime

from sqlalchemy import DDL, JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .article import Article
from .user import User

ASSIGNMENT_STATES = {"assigned": "Assigned", "in_progress": "In progress", "done": "Done"}


class Assignment(db.Model):
    """One article given to one member. Reassigning moves the row to the new assignee and
    keeps the claims already made (they belong to the article, not to the assignment)."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("article_id", "assignee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    assignee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="assigned")
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    article: Mapped[Article] = relationship()
    assignee: Mapped[User] = relationship(foreign_keys=[assignee_id])


class ArticleEvent(db.Model):
    """The article's trail (assigned, reassigned, unassigned, started, done, reopened):
    who, when, what changed ``{field: [before, after]}``, why. Append-only like claim events."""

    __tablename__ = "article_events"
    __table_args__ = (Index("ix_article_events_project_id_id", "project_id", "id"),)   # data version

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(30))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User] = relationship()


for _sql in (
    "CREATE TRIGGER article_events_no_update BEFORE UPDATE ON article_events "
    "BEGIN SELECT RAISE(ABORT, 'article_events is append-only'); END",
    "CREATE TRIGGER article_events_no_delete BEFORE DELETE ON article_events "
    "BEGIN SELECT RAISE(ABORT, 'article_events is append-only'); END",
):
    event.listen(ArticleEvent.__table__, "after_create", DDL(_sql).execute_if(dialect="sqlite"))
event.listen(ArticleEvent.__table__, "after_create", DDL(
    "CREATE OR REPLACE FUNCTION append_only() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
).execute_if(dialect="postgresql"))
event.listen(ArticleEvent.__table__, "after_create", DDL(
    "CREATE TRIGGER article_events_append_only BEFORE UPDATE OR DELETE ON article_events "
    "FOR EACH ROW EXECUTE FUNCTION append_only()").execute_if(dialect="postgresql"))
