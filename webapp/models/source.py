"""The project's source registry: people, units, organisations, outlets and accounts.

Source reliability (Admiralty A–F) belongs to the source; every grading is kept as history.
"""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .user import User

RELIABILITY = {
    "A": "Completely reliable", "B": "Usually reliable", "C": "Fairly reliable",
    "D": "Not usually reliable", "E": "Unreliable", "F": "Reliability cannot be judged",
}
SOURCE_ENTRY_KINDS = ("person", "unit", "organisation", "outlet", "account", "other")


class Source(db.Model):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    entry_kind: Mapped[str] = mapped_column(String(20), default="person")
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(default="")
    sensitive: Mapped[bool] = mapped_column(default=False)  # notes never leave the tool
    reliability: Mapped[str] = mapped_column(String(1), default="F")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: before 0006
    # Registered from the claim form in this article: while the article is in its blind double
    # review, only the registrant and leads see the source (``services.visibility``).
    claim_form_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)

    grades: Mapped[list["SourceGrade"]] = relationship(
        back_populates="source", order_by="SourceGrade.id"
    )


class SourceGrade(db.Model):
    """One grading of a source's reliability, with the reason; never changed afterwards."""

    __tablename__ = "source_grades"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    grade: Mapped[str] = mapped_column(String(1))
    reason: Mapped[str] = mapped_column()
    graded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    graded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    source: Mapped[Source] = relationship(back_populates="grades")
    graded_by: Mapped[User] = relationship()
