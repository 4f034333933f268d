"""Captured articles: the exact text as received, with where and when it came from."""
from datetime import date, datetime

from sqlalchemy import (Date, DateTime, ForeignKey, Index, LargeBinary, String, Text,
                        UniqueConstraint, false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .user import User


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("project_id", "content_hash"),
                      Index("ix_articles_project_published", "project_id", "published_on"),  # date filters
                      Index("ix_articles_project_captured", "project_id", "captured_at", "id"),  # the list
                      Index("ix_articles_project_site", "project_id", "site_name"),        # outlet choices
                      Index("ix_articles_project_outlet", "project_id", "original_outlet"),
                      Index("ix_articles_attention", "attention"))   # the queue's changed pages

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    site_name: Mapped[str] = mapped_column(String(200), default="")   # where we read it
    original_outlet: Mapped[str] = mapped_column(String(200), default="")  # who first said it
    url: Mapped[str] = mapped_column(String(2000), default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    published_on: Mapped[date | None] = mapped_column(Date)
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Verbatim; never rewritten once claims point into it. Offsets count code points.
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))   # sha256 of the UTF-8 text
    body_start: Mapped[int] = mapped_column(default=0)      # the article body, without
    body_end: Mapped[int] = mapped_column(default=0)        # the site chrome around it
    # Blind double review: its annotators mark it without seeing each other's claims until
    # every assignment of the article is done; then a lead compares and adjudicates.
    double_review: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The latest revision's number: 1 is this text; later ones are article_revisions rows.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    # When a fetch found the page gone (404, 410, or its main text vanished), and why in words.
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    removed_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # "changed" or "removed" until a person has looked (the queue shows it); see models.revision.
    attention: Mapped[str] = mapped_column(String(12), default="", server_default="")

    imported_by: Mapped[User] = relationship()
    original: Mapped["ArticleOriginal | None"] = relationship(back_populates="article")


class ArticleOriginal(db.Model):
    """The uploaded file as received; only ever served as a download."""

    __tablename__ = "article_originals"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))   # sanitised, for display only
    media_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    article: Mapped[Article] = relationship(back_populates="original")
