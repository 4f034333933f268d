"""The attribution chain as data: the hops a claim passed through, from the outlet that
published it to the original source. Each hop is an entry of the project's source registry,
or an entry the page does not name ("original outlet not named"), with how the claim passed
from the next hop into this one. See ``webapp.corroboration.chains``."""
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .source import Source

# How a hop got the claim from the next one; the last hop (the original source) has none.
HOP_RELATIONS = {"republished": "republished", "citing": "citing", "quoting": "quoting"}


class ClaimHop(db.Model):
    __tablename__ = "claim_hops"
    __table_args__ = (UniqueConstraint("claim_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    position: Mapped[int] = mapped_column()            # 0: the publishing outlet
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    # For a hop the page does not name (no registry entry): what it is ("outlet", "person" …).
    entry_kind: Mapped[str] = mapped_column(String(20), default="outlet")
    relation: Mapped[str] = mapped_column(String(20), default="")

    source: Mapped[Source | None] = relationship()
