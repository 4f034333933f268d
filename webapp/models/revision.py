"""Revisions: an article's later texts, each stored verbatim with its own hash and capture, and
where each claim was found in each (issue 12; see ``webapp.revisions``).

Revision 1 is the article as first captured (``articles.text``, never rewritten); revisions 2,
3 … are rows here. ``articles.revision`` is the latest number; ``claims.revision`` the revision
a claim's offsets are in (the latest, unless the claim was orphaned by a later one), and
``claims.anchor_state`` how the last re-anchoring found it."""
from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .user import User

CAPTURED_BY = {"upload": "uploaded by a person", "fetch": "fetched again from its address",
               "import": "brought by a bulk import", "watch": "fetched by the watch"}
ANCHOR_STATES = {"unchanged": "Unchanged", "moved": "Moved", "changed": "Changed",
                 "orphaned": "Orphaned"}


class ArticleRevision(db.Model):
    __tablename__ = "article_revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    number: Mapped[int] = mapped_column()                    # 2, 3, … (1 is the article itself)
    text: Mapped[str] = mapped_column(Text)                  # verbatim, never rewritten
    content_hash: Mapped[str] = mapped_column(String(64))    # sha256 of the UTF-8 text
    body_start: Mapped[int] = mapped_column(default=0)
    body_end: Mapped[int] = mapped_column(default=0)
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    captured_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    how: Mapped[str] = mapped_column(String(20), default="upload")

    captured_by: Mapped[User] = relationship()


class ClaimAnchor(db.Model):
    """Where a claim is in one revision, and how it was found there ("orphaned": not at all)."""

    __tablename__ = "claim_anchors"
    __table_args__ = (UniqueConstraint("claim_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    revision: Mapped[int] = mapped_column()
    start_offset: Mapped[int | None] = mapped_column()
    end_offset: Mapped[int | None] = mapped_column()
    quote: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12))
    score: Mapped[float] = mapped_column(Float, default=1.0)
    how: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
