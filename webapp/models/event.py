"""The review trail: one row per change to a claim, never updated or deleted.

Fields:
- ``action``: created, edited, status_changed, evidence_added, evidence_removed, deleted;
  second_review_accepted, second_review_changed, sent_back (services.reviews); commented
  (the text in ``reason``, ``changes["reply_to"]`` for a reply); adjudicated, merged, kept,
  dropped (services.double_review).
- ``version``: the claim's version after this change (events since a version explain an
  edit conflict).
- ``changes``: ``{field: [before, after]}`` for every field the change touched.
- ``reason``: why, in the reviewer's words (optional except where a rule asks for it).

The database refuses UPDATE and DELETE on this table (triggers below, on SQLite and
PostgreSQL), so the trail holds even against code that bypasses the services.
"""
from datetime import datetime

from sqlalchemy import DDL, JSON, DateTime, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .user import User


class ClaimEvent(db.Model):
    __tablename__ = "claim_events"
    # Throughput on the dashboard: a project's status changes by time.
    __table_args__ = (Index("ix_claim_events_project_action_created", "project_id", "action", "created_at"),
                      Index("ix_claim_events_project_id_id", "project_id", "id"))   # data version

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column()
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User] = relationship()


SQLITE_TRIGGERS = [
    "CREATE TRIGGER claim_events_no_update BEFORE UPDATE ON claim_events "
    "BEGIN SELECT RAISE(ABORT, 'claim_events is append-only'); END",
    "CREATE TRIGGER claim_events_no_delete BEFORE DELETE ON claim_events "
    "BEGIN SELECT RAISE(ABORT, 'claim_events is append-only'); END",
]
POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION claim_events_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'claim_events is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER claim_events_append_only BEFORE UPDATE OR DELETE ON claim_events "
    "FOR EACH ROW EXECUTE FUNCTION claim_events_append_only()",
]

for _sql in SQLITE_TRIGGERS:
    event.listen(ClaimEvent.__table__, "after_create", DDL(_sql).execute_if(dialect="sqlite"))
for _sql in POSTGRES_TRIGGERS:
    event.listen(ClaimEvent.__table__, "after_create", DDL(_sql).execute_if(dialect="postgresql"))
