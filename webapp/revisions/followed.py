"""How each claim followed one revision, for the diff page: where it was before, where it is in
this revision and in what state — moved (from 112–151 to 140–179), changed ("26" became "23"),
orphaned — read from the claims' anchors in two queries."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import Article, Claim, User
from ..models.revision import ClaimAnchor
from ..services import visibility

SHOWN = ("moved", "changed", "orphaned", "reattached", "unchanged")


@dataclass(frozen=True)
class Followed:
    claim_id: int
    state: str
    before: tuple[int, int, str] | None   # start, end, words in the revision before
    after: tuple[int, int, str] | None    # in this revision (None: orphaned)


def how_claims_followed(article: Article, number: int, user: User, role: str | None) -> list[Followed]:
    """The claims (those this person may see) as re-anchored in revision ``number``, in their
    order in the text; none for revision 1."""
    rows = db.session.execute(
        select(ClaimAnchor.claim_id, ClaimAnchor.state, ClaimAnchor.start_offset,
               ClaimAnchor.end_offset, ClaimAnchor.quote)
        .join(Claim, Claim.id == ClaimAnchor.claim_id)
        .where(Claim.article_id == article.id, ClaimAnchor.revision == number,
               ClaimAnchor.state.in_(SHOWN), visibility.live_and_seen_by(user, role))).all()
    if not rows:
        return []
    before: dict[int, tuple[int, int, str]] = {}
    for claim_id, start, end, quote in db.session.execute(
            select(ClaimAnchor.claim_id, ClaimAnchor.start_offset, ClaimAnchor.end_offset, ClaimAnchor.quote)
            .where(ClaimAnchor.claim_id.in_([r.claim_id for r in rows]), ClaimAnchor.revision < number,
                   ClaimAnchor.start_offset.is_not(None))
            .order_by(ClaimAnchor.claim_id, ClaimAnchor.revision)):
        before[claim_id] = (start, end, quote)   # the last revision before, where it was found
    found = [Followed(r.claim_id, r.state, before.get(r.claim_id),
                      (r.start_offset, r.end_offset, r.quote) if r.start_offset is not None else None)
             for r in rows]
    return sorted(found, key=lambda f: ((f.after or f.before or (0,))[0], f.claim_id))
