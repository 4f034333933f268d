"""Background jobs (bulk imports, fetches by URL, large exports) and their progress.

A job row is where every web worker reads a job's progress: the task queue's worker updates
``done``/``total`` in the same transaction as the work it counts, so the progress bar never
runs ahead of what is stored. The input (an uploaded file) and the output (a prepared export)
are files under ``instance/jobs/`` named by a random key, never by the uploaded file's name.
"""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .user import User

JOB_STATUSES = {"queued": "Waiting for the worker", "running": "Running", "done": "Done",
                "failed": "Failed"}


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(30))            # which handler runs it
    title: Mapped[str] = mapped_column(String(300))          # what the person asked for
    status: Mapped[str] = mapped_column(String(12), default="queued")
    done: Mapped[int] = mapped_column(default=0)             # units of work finished
    total: Mapped[int | None] = mapped_column()              # None while unknown
    message: Mapped[str] = mapped_column(Text, default="")   # the last word, in plain language
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    input_key: Mapped[str | None] = mapped_column(String(64))
    input_name: Mapped[str] = mapped_column(String(255), default="")   # sanitised, display only
    output_key: Mapped[str | None] = mapped_column(String(64))
    output_name: Mapped[str] = mapped_column(String(255), default="")
    output_type: Mapped[str] = mapped_column(String(100), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    created_by: Mapped[User] = relationship()

    @property
    def percent(self) -> int | None:
        if self.status == "done":
            return 100
        if not self.total:
            return None
        return min(100, int(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")
