"""Revisions: an article's later texts, each stored verbatim with its own hash and capture, and
where each claim was found in each (issue 12; see ``webapp.revisions``).

Revision 1 is the article as first captured (``articles.text``, never rewritten); revisions 2,
3 … are rows here. ``articles.revision`` is the latest number; ``claims.revision`` the revision
a claim's offsets are in (the latest, unless the claim was orphaned by a later one), and
``claims.anchor_state`` how the last re-anchoring found it."""
from datetime import datetime

from sqlalchemy import (DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .user import User

CAPTURED_BY = {"upload": "uploaded by a person", "fetch": "fetched again from its address",
               "import": "brought by a bulk import", "watch": "fetched by the watch"}
ANCHOR_STATES = {"unchanged": "Unchanged", "moved": "Moved", "changed": "Changed",
                 "orphaned": "Orphaned", "reattached": "Re-attached"}   # re-attached: by a person
# What a person found about a changed or orphaned claim (``claims.anchor_finding``): its words
# were removed from revision N, or changed in it ("26" became "23").
ANCHOR_FINDINGS = {"removed": "Removed", "changed": "Changed"}


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


class ArticleCapture(db.Model):
    """Proof of capture: one fetch of an article's address as received — the request and the
    response with their headers and body — kept as a gzipped WARC file (``warc``) with its
    SHA-256; ``revision`` is the revision whose text came from it (None when the fetch found
    the page unchanged or gone)."""

    __tablename__ = "article_captures"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    revision: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(2000))
    status: Mapped[int] = mapped_column(default=200)
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    how: Mapped[str] = mapped_column(String(20), default="fetch")   # a key of CAPTURED_BY
    warc: Mapped[bytes] = mapped_column(LargeBinary)
    warc_sha256: Mapped[str] = mapped_column(String(64))           # of the WARC file's bytes
    payload_sha256: Mapped[str] = mapped_column(String(64))        # of the body as received


class ArticleWatch(db.Model):
    """An article whose address is fetched again on a schedule (``webapp.revisions.watch``)."""

    __tablename__ = "article_watches"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    next_check_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checks: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)              # in a row
    last_result: Mapped[str] = mapped_column(String(20), default="")   # revision/unchanged/removed/failed
    last_note: Mapped[str] = mapped_column(Text, default="")
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
