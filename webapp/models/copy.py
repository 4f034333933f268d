"""Copies: articles of a project that carry one text (wire copy, a republished page, a rewrite
that keeps most of the wording), found by comparing their texts (``webapp.corroboration``).

Copies are not corroboration (DOMAIN.md, "One claim, many reports"): a report and its copies
share one origin. A republication the provenance records (read on one site, first published by
another outlet) is a copy relation too; it is read from the article itself, never stored here.
"""
from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .article import Article
from .user import User

COPY_STATES = {"suggested": "Found, not yet checked", "confirmed": "Confirmed by a lead",
               "split": "Split: not a copy"}
FOUND_BY = {"text": "the text", "text+provenance": "the text and the provenance"}


class ArticleSignature(db.Model):
    """An article's MinHash signature over its body's 5-word shingles, kept so that a later
    run compares new articles without reading the old texts again."""

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))   # of the text it was computed from
    signature: Mapped[bytes] = mapped_column(LargeBinary)   # NUM_PERM little-endian uint32
    shingles: Mapped[int] = mapped_column(default=0)        # how many the body has


class ArticleCopy(db.Model):
    """Two articles found to share most of their text: ``original`` is the one published first
    (then captured first), ``copy`` the later. A group of copies is every article linked by
    pairs that were not split. A lead's decision is recorded here and as an article event."""

    __tablename__ = "article_copies"
    __table_args__ = (UniqueConstraint("original_id", "copy_id"),
                      Index("ix_article_copies_project_copy", "project_id", "copy_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    original_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    copy_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    share: Mapped[float] = mapped_column(Float)      # Jaccard of the two bodies' 5-word shingles
    found_by: Mapped[str] = mapped_column(String(20), default="text")
    state: Mapped[str] = mapped_column(String(12), default="suggested")
    found_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    original: Mapped[Article] = relationship(foreign_keys=[original_id])
    copy: Mapped[Article] = relationship(foreign_keys=[copy_id])
    decided_by: Mapped[User | None] = relationship()
