"""Who a comment on a claim mentions. The comment itself is a claim event (action
"commented": the text in ``reason``, the comment it answers in ``changes["reply_to"]``), so
comments are threaded in the claim's history and, like every event, never edited."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .event import ClaimEvent
from .user import User


class Mention(db.Model):
    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("claim_events.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    event: Mapped[ClaimEvent] = relationship()
    user: Mapped[User] = relationship()
