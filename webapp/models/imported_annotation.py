"""Another tool's annotation that an import made into a claim, remembered by the annotation's
own ``id`` so that importing the same file again makes no second claim (issue 10)."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._time import utcnow

MAX_ID_CHARS = 500     # a longer id is remembered by its SHA-256 ("sha256:…")


class ImportedAnnotation(db.Model):
    __tablename__ = "imported_annotations"
    __table_args__ = (UniqueConstraint("article_id", "annotation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    annotation_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS))   # as the other tool wrote it
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
