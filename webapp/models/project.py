"""Projects, their members with roles, and their editable lists of values."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint, false as sa_false, true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .user import User

ROLES = ("viewer", "annotator", "lead")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}


class Project(db.Model):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Settings a lead changes on the project's settings page.
    # Annotators may mark claims in any article (True) or only in those assigned to them.
    annotators_edit_all: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    # Final statuses count only after a second person has reviewed the claim ("four eyes").
    second_review_required: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # Watching (issue 12): every new article from an address is watched; how often a watched
    # page is fetched again lies between these bounds (minutes); at most so many fetches a minute.
    watch_new: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    watch_min_minutes: Mapped[int] = mapped_column(default=30, server_default="30")
    watch_max_minutes: Mapped[int] = mapped_column(default=10080, server_default="10080")
    watch_per_minute: Mapped[int] = mapped_column(default=30, server_default="30")
    # A bulk import bringing a known address with other text: "revision" of that article, or
    # a separate "article".
    # Suggestions (issue 13): likely claims pointed out on import; a lead may turn them off.
    suggestions_enabled: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    same_url_import: Mapped[str] = mapped_column(String(10), default="revision", server_default="revision")

    memberships: Mapped[list["Membership"]] = relationship(back_populates="project")


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    # Who added the member and when (None for a project's first lead and for older rows):
    # the member sees it in their list of projects.
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    project: Mapped[Project] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])


class ListItem(db.Model):
    """One value of one of a project's lists (claim kind, source type, named, party, access).

    Claims store ``key``; a lead may rename the ``label`` or retire the value, never delete
    one that claims use, so old claims keep their meaning.
    """

    __tablename__ = "list_items"
    __table_args__ = (UniqueConstraint("project_id", "list_name", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    list_name: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)
