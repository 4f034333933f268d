"""A dashboard's figures as last counted, so a team lead on a project of a million claims gets
the page at once (issue 5, "At scale").

One row per project, scope (``lead``: everything; ``user:<id>``: what that member may see) and
filters. ``version`` is the project's data version when the figures were counted
(``services.dashboard_snapshots.data_version``): when it differs, the figures are stale and are
recounted in the background while the page shows them with their time.
"""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._time import utcnow


class DashboardSnapshot(db.Model):
    __tablename__ = "dashboard_snapshots"
    __table_args__ = (UniqueConstraint("project_id", "scope", "filters_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    scope: Mapped[str] = mapped_column(String(40))
    filters_key: Mapped[str] = mapped_column(String(1200))   # the filters as a sorted query string
    version: Mapped[str] = mapped_column(String(200))
    figures: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seconds: Mapped[float] = mapped_column(default=0.0)      # how long the count took
    refresh_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
