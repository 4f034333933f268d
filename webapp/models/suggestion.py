"""Machine suggestions (issue 13): likely claims pointed out in an article before anyone reads
it — the span to mark, with its figures, attribution and hedges as the rules read them. A
suggestion is never a claim until a person accepts it; what was suggested, accepted and
rejected is kept for the lead's figures (``webapp.suggestions``).

``status``: "open" (shown), "accepted" (``claim_id`` is the claim made from it), "rejected"
(remembered for the article: the same words are never suggested there again). Offsets count
code points in revision ``revision`` of the article."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._time import utcnow

STATUSES = ("open", "accepted", "rejected")
# What a suggestion carries, for the per-kind figures: a figure, an attribution, a hedge.
PARTS = ("figure", "attribution", "hedge")


class Suggestion(db.Model):
    __tablename__ = "suggestions"
    __table_args__ = (Index("ix_suggestions_article_status", "article_id", "status"),
                      Index("ix_suggestions_project_status", "project_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    revision: Mapped[int] = mapped_column(default=1)
    start_offset: Mapped[int] = mapped_column()
    end_offset: Mapped[int] = mapped_column()
    quote: Mapped[str] = mapped_column(Text)
    # What the rules read, as the claim form would take it (list keys of the project's lists).
    kind: Mapped[str] = mapped_column(String(60), default="")           # claim kind key
    figures: Mapped[list] = mapped_column(JSON, default=list)           # structured figure dicts
    attribution_text: Mapped[str] = mapped_column(Text, default="")
    speaker: Mapped[str] = mapped_column(Text, default="")
    source_type: Mapped[str] = mapped_column(String(60), default="")
    named: Mapped[str] = mapped_column(String(60), default="")
    hedging: Mapped[str] = mapped_column(String(500), default="")
    # Where each part is, for drawing and measuring: [{"part": "figure", "start": …, "end": …}].
    parts: Mapped[list] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(10), default="en")
    rules_version: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
