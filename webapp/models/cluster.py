"""Claim clusters: the reports of one claim across the project's articles (an "incident" in
Airwars' and Iraq Body Count's words). Each report stays a claim of its own article, with its
quote, figure, source and status; the cluster counts their independent origins and carries a
grade computed by a published rule (``webapp.corroboration.grades``), recomputed on every change.
Linking, unlinking, splitting and merging are events in the trail of each claim concerned."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow
from .claim import Claim

GRADES = {"single_origin": "Single origin", "corroborated": "Corroborated",
          "contested": "Contested", "admitted": "Admitted"}


class ClaimCluster(db.Model):
    __tablename__ = "claim_clusters"
    __table_args__ = (Index("ix_claim_clusters_project_grade", "project_id", "grade"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The grade as last computed (on every change), kept for lists, the dashboard and exports.
    grade: Mapped[str] = mapped_column(String(20), default="single_origin")
    grade_reason: Mapped[str] = mapped_column(Text, default="")
    reports: Mapped[int] = mapped_column(default=0)
    origins: Mapped[int] = mapped_column(default=0)

    members: Mapped[list["ClusterMember"]] = relationship(back_populates="cluster",
                                                          order_by="ClusterMember.claim_id")


class ClusterMember(db.Model):
    """One report in a cluster (a claim is in one cluster at most)."""

    __tablename__ = "cluster_members"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("claim_clusters.id"), index=True)
    # The report is the admission of the party concerned (it accepted what it is accused of).
    admission: Mapped[bool] = mapped_column(default=False, server_default=false())
    linked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    cluster: Mapped[ClaimCluster] = relationship(back_populates="members")
    claim: Mapped[Claim] = relationship()
