"""Evidence items and the claims they support or contradict."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow

STANCES = {"supports": "Supports", "contradicts": "Contradicts"}


class Evidence(db.Model):
    """A link or reference (a report, an archived page, a document), kept in the project so
    that one item can later serve several claims."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000), default="")   # stored, never fetched
    reference: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(default="")              # what it shows
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Where the evidence comes from, as an entry of the source registry: evidence counts as
    # corroboration of a claim only from an origin other than the claim's own (issue 11).
    origin_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)


class ClaimEvidence(db.Model):
    __tablename__ = "claim_evidence"
    __table_args__ = (UniqueConstraint("claim_id", "evidence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    stance: Mapped[str] = mapped_column(String(20))

    evidence: Mapped[Evidence] = relationship(lazy="joined")
