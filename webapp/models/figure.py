"""A claim's figures as data, and the project's table that codes vague quantities.

``ClaimFigure`` fields (``webapp.corroboration.figures`` documents the shapes):
- ``position``: the figure's place among the claim's figures, from 0;
- ``kind``: exact, about, at_least, more_than, at_most, up_to, range, vague;
- ``low`` / ``high``: the numbers the kind fills (exact and about: both, equal; a lower bound:
  ``low``; an upper bound: ``high``; a range: both; vague: neither);
- ``term``: the vague quantity ("dozens"), coded by the project's ``VagueTerm`` table;
- ``counts``: killed, injured, captured, … ("" when not said); ``who``: civilians, …, unknown;
- ``text``: the figure as written.
Rows are replaced as a whole when a claim's figures change (``Claim.structured_figures``),
and every change is in the claim's trail.
"""
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..corroboration.figures import KINDS
from ..extensions import db

_KIND_LIST = ", ".join(f"'{k}'" for k in KINDS)


class ClaimFigure(db.Model):
    __tablename__ = "claim_figures"
    __table_args__ = (
        UniqueConstraint("claim_id", "position"),
        CheckConstraint(f"kind IN ({_KIND_LIST})", name="kind"),
        CheckConstraint("low IS NULL OR high IS NULL OR low <= high", name="low_high"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    position: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(20))
    low: Mapped[int | None] = mapped_column()
    high: Mapped[int | None] = mapped_column()
    term: Mapped[str] = mapped_column(String(60), default="")
    counts: Mapped[str] = mapped_column(String(30), default="")
    who: Mapped[str] = mapped_column(String(30), default="unknown")
    text: Mapped[str] = mapped_column(Text, default="")

    def as_dict(self) -> dict:
        return {"kind": self.kind, "low": self.low, "high": self.high, "term": self.term,
                "counts": self.counts, "who": self.who, "text": self.text}


class VagueTerm(db.Model):
    """One vague quantity of a project's table ("dozens" → 12). A lead changes the number or
    adds terms; a term that figures use is never removed, so they keep their meaning."""

    __tablename__ = "project_vague_terms"
    __table_args__ = (UniqueConstraint("project_id", "term"),
                      CheckConstraint("value >= 0", name="value"))

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    term: Mapped[str] = mapped_column(String(60))
    value: Mapped[int] = mapped_column()
