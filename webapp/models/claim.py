"""Claims: spans of an article's text that assert something checkable, with their sourcing
record and verification status. Every change goes through ``services.claims`` and is an event.
"""
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .article import Article
from .evidence import ClaimEvidence
from .figure import ClaimFigure
from .source import Source
from .user import User

CREDIBILITY = {
    "1": "Confirmed by other sources", "2": "Probably true", "3": "Possibly true",
    "4": "Doubtful", "5": "Improbable", "6": "Truth cannot be judged",
}
STATUSES = {
    "unreviewed": "Unreviewed", "in_progress": "In progress", "confirmed": "Confirmed",
    "partly_confirmed": "Partly confirmed", "unconfirmed": "Unconfirmed",
    "disputed": "Disputed", "false": "False", "unverifiable": "Unverifiable",
}
FINAL_STATUSES = {"confirmed", "partly_confirmed", "unconfirmed", "disputed", "false", "unverifiable"}
STATUSES_NEEDING_EVIDENCE = {"confirmed", "partly_confirmed", "disputed", "false"}
INDEPENDENT_SOURCES = {"0": "None", "1": "One", "2+": "Two or more"}
# Second review ("four eyes"): "" none asked; pending; accepted or changed by the second
# reviewer (the final status then counts); sent_back to the author with a comment.
REVIEW_STATES = {"": "No second review", "pending": "Waiting for second review",
                 "accepted": "Second review: accepted", "changed": "Second review: changed",
                 "sent_back": "Sent back"}


class Claim(db.Model):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="span"),
        Index("ix_claims_project_status", "project_id", "status"),
        Index("ix_claims_project_id_id", "project_id", "id"),   # batched exports and lists
        Index("ix_claims_project_status_created", "project_id", "status", "created_at"),  # backlog age
        # The live claims in order, read off the index alone: list counts, pages, exports.
        Index("ix_claims_project_live", "project_id", "id", postgresql_where=text("deleted_at IS NULL"),
              sqlite_where=text("deleted_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    # The span, in code points of the article's text, and context to re-find it.
    quote: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int] = mapped_column()
    end_offset: Mapped[int] = mapped_column()
    prefix: Mapped[str] = mapped_column(default="")
    suffix: Mapped[str] = mapped_column(default="")
    statement: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(60), default="")
    figures: Mapped[str] = mapped_column(Text, default="")
    # The sourcing record.
    attribution_text: Mapped[str] = mapped_column(Text, default="")
    source_type: Mapped[str] = mapped_column(String(60), default="")
    named: Mapped[str] = mapped_column(String(60), default="")
    party: Mapped[str] = mapped_column(String(60), default="")
    access: Mapped[str] = mapped_column(String(60), default="")
    hedging: Mapped[str] = mapped_column(String(500), default="")
    independent_sources: Mapped[str] = mapped_column(String(2), default="")
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    attribution_chain: Mapped[str] = mapped_column(Text, default="")
    credibility: Mapped[str] = mapped_column(String(1), default="6")
    # Verification.
    status: Mapped[str] = mapped_column(String(20), default="unreviewed")
    rationale: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    review_state: Mapped[str] = mapped_column(String(20), default="", server_default="")
    second_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Adjudication of a blind pair: the claim that was not kept points at the one that was.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The article's revision the offsets are in, and how the last re-anchoring found the claim
    # ("" never re-anchored; "orphaned": its words are not in a later revision).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    anchor_state: Mapped[str] = mapped_column(String(12), default="", server_default="")
    # A person's finding about a changed or orphaned claim: "removed" or "changed" in revision
    # ``anchor_finding_revision`` (models.revision.ANCHOR_FINDINGS); "" while none is recorded.
    anchor_finding: Mapped[str] = mapped_column(String(12), default="", server_default="")
    anchor_finding_revision: Mapped[int | None] = mapped_column()
    # Optimistic lock: a save made on an older version is refused (see services.claims).
    version: Mapped[int] = mapped_column(default=1)
    # The claim form's one-time id: the same form posted twice makes one claim.
    submission_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    article: Mapped[Article] = relationship()
    source: Mapped[Source | None] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    last_reviewed_by: Mapped[User | None] = relationship(foreign_keys=[last_reviewed_by_id])
    second_reviewer: Mapped[User | None] = relationship(foreign_keys=[second_reviewer_id])
    evidence_links: Mapped[list[ClaimEvidence]] = relationship(order_by=ClaimEvidence.id)
    # The figures as data; ``figures`` above is the note as written (older claims' only record).
    figure_items: Mapped[list[ClaimFigure]] = relationship(order_by=ClaimFigure.position,
                                                           cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def structured_figures(self) -> list[dict]:
        """The figures as the services compare and record them (``ClaimFigure.as_dict``)."""
        return [f.as_dict() for f in self.figure_items]

    @structured_figures.setter
    def structured_figures(self, figures: list[dict]) -> None:
        """Replace the figures (checked by ``services.figures`` first): the rows at the first
        positions are rewritten in place, so that no two rows ever hold one position."""
        rows = self.figure_items
        for position, figure in enumerate(figures):
            if position < len(rows):
                for key, value in figure.items():
                    setattr(rows[position], key, value)
            else:
                rows.append(ClaimFigure(position=position, **figure))
        del rows[len(figures):]

    @property
    def admiralty_code(self) -> str:
        return (self.source.reliability if self.source else "F") + self.credibility
