"""An article's revisions, and a new one recorded with its claims re-anchored in the same
transaction (issue 12).

Revision 1 is the article row as first captured; later ones are ``ArticleRevision`` rows, each
verbatim with its own hash. A new revision is made only when the text differs from the latest.
Every live claim is then re-anchored (``webapp.revisions.anchoring``) from the text of the
revision its offsets are in: one that is found takes its offsets in the new revision, one that
is not keeps the old ones and is *orphaned*; both places are kept in ``claim_anchors`` and the
result is an event in the claim's trail ("reanchored": unchanged, moved, changed, orphaned). A
changed claim whose figures were read from its quote has them read from the new one in the same
event (``figures``), and its cluster's grade follows. The article's history records the revision.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Article, ArticleEvent, Claim, User
from ..models._time import utcnow
from ..models.revision import CAPTURED_BY, ArticleRevision, ClaimAnchor
from ..services.articles import content_hash, find_body
from ..services.assignments import record as record_article_event
from ..services.claims import record_event
from ..services.errors import Invalid
from ..services.text_checks import check_storable
from ..suggestions import store as suggestion_store
from . import anchoring, figures
from .texts import Revision, get_revision, latest, of_row  # noqa: F401 (Revision: the type)

CONTEXT = 32


@dataclass
class Outcome:
    revision: Revision
    placements: dict[int, anchoring.Placement]   # claim id → where it was found

    def count(self, state: str) -> int:
        return sum(p.state == state for p in self.placements.values())

    def summary(self) -> str:
        """How the claims followed, in words: "1 moved, 1 changed, 1 orphaned"."""
        parts = [f"{self.count(s)} {s}" for s in ("unchanged", "moved", "changed", "orphaned")
                 if self.count(s)]
        return ", ".join(parts) or "no claims to re-anchor"


def add_revision(article: Article, text: str, user: User, how: str = "upload",
                 captured_at: datetime | None = None, suggest: bool = True) -> Outcome | None:
    """Record ``text`` as the article's next revision and re-anchor its claims, or None when
    it is the latest revision's text already. The caller commits (one transaction). With
    ``suggest`` the new revision's suggestions are made too, after the re-anchoring (a web
    request passes False and hands the article to the worker once it has committed: pages
    never load the rules; ``webapp.suggestions.store``)."""
    if how not in CAPTURED_BY:
        raise ValueError(how)
    check_storable("text", text)
    if not text.strip():
        raise Invalid({"text": "The new version has no text."})
    limit = current_app.config["MAX_ARTICLE_CHARS"]
    if len(text) > limit:
        raise Invalid({"text": f"The new version is longer than {limit:,} characters."})
    db.session.refresh(article, with_for_update=True)   # one new revision at a time
    current = latest(article)
    digest = content_hash(text)
    if digest == current.content_hash:
        return None
    body_start, body_end = find_body(text)
    row = ArticleRevision(article_id=article.id, number=article.revision + 1, text=text,
                          content_hash=digest, body_start=body_start, body_end=body_end,
                          captured_at=captured_at or utcnow(), captured_by_id=user.id, how=how)
    db.session.add(row)
    article.revision = row.number
    if how != "upload":   # a person who uploads it has seen it; a fetch or an import asks for a look
        article.attention = "changed"
    db.session.flush()
    revision = of_row(row)
    placements = _reanchor(article, revision, user)
    if suggest:   # the claims are where they now are: suggestions leave their words alone
        suggestion_store.make_for_article(article)
    outcome = Outcome(revision, placements)
    record_article_event(article, user, "revision_added", {
        "revision": [current.number, revision.number], "claims": [None, outcome.summary()]},
        CAPTURED_BY[how])
    return outcome


def _reanchor(article: Article, revision: Revision, user: User) -> dict[int, anchoring.Placement]:
    claims = db.session.scalars(select(Claim).where(
        Claim.article_id == article.id, Claim.deleted_at.is_(None)).order_by(Claim.id)).all()
    by_revision: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_revision[claim.revision].append(claim)
    found: dict[int, anchoring.Placement] = {}
    terms = figures.Terms(article.project_id)
    recorded = set(db.session.scalars(select(ClaimAnchor.claim_id).where(
        ClaimAnchor.claim_id.in_([c.id for c in claims]))))
    for number, group in by_revision.items():
        old = get_revision(article, number)
        spans = [anchoring.Span(c.start_offset, c.end_offset, c.quote, c.prefix, c.suffix) for c in group]
        for claim, placement in zip(group, anchoring.reanchor(old.text, revision.text, spans)):
            if claim.id not in recorded:   # where it was, before its first re-anchoring
                db.session.add(ClaimAnchor(claim_id=claim.id, revision=claim.revision,
                                           start_offset=claim.start_offset, end_offset=claim.end_offset,
                                           quote=claim.quote, state="marked", score=1.0,
                                           how="as marked"))
            db.session.add(ClaimAnchor(claim_id=claim.id, revision=revision.number,
                                       start_offset=placement.start, end_offset=placement.end,
                                       quote=placement.quote, state=placement.state,
                                       score=placement.score, how=placement.how))
            _apply(claim, placement, revision, user, terms)
            found[claim.id] = placement
    return found


def _apply(claim: Claim, placement: anchoring.Placement, revision: Revision, user: User,
           terms: figures.Terms) -> None:
    """The claim at its place in the new revision (or left where it was, orphaned), and the
    event that says so: its revision, state, the offsets and words that changed, and its
    figures when they came from the words that changed (``figures.follow``)."""
    changes = {"revision": [claim.revision, revision.number],
               "anchor_state": [claim.anchor_state, _state(claim, placement)]}
    if placement.anchored:
        for key, value in (("start_offset", placement.start), ("end_offset", placement.end),
                           ("quote", placement.quote)):
            if getattr(claim, key) != value:
                changes[key] = [getattr(claim, key), value]
        text = revision.text
        claim.start_offset, claim.end_offset = placement.start, placement.end
        claim.quote = placement.quote
        claim.prefix = text[max(0, placement.start - CONTEXT):placement.start]
        claim.suffix = text[placement.end:placement.end + CONTEXT]
        claim.revision = revision.number
        if "quote" in changes:
            changes.update(figures.follow(claim, *changes["quote"], terms))
    else:
        changes["revision"] = [claim.revision, claim.revision]   # its offsets stay in that one
    claim.anchor_state = _state(claim, placement)
    claim.updated_at = utcnow()
    db.session.flush()
    record_event(claim, user, "reanchored", changes, placement.how)


def _state(claim: Claim, placement: anchoring.Placement) -> str:
    """How the claim stands after this re-anchoring: a *changed* claim no person has resolved
    stays changed when a later revision keeps its (new) words, so that it waits in Orphans."""
    if claim.anchor_state == "changed" and not claim.anchor_finding and placement.state in ("unchanged", "moved"):
        return "changed"
    return placement.state


def revision_events(article_id: int) -> list:
    """The article's "revision_added" events, newest first (who, when, how claims fared)."""
    return list(db.session.scalars(select(ArticleEvent).where(
        ArticleEvent.article_id == article_id, ArticleEvent.action == "revision_added")
        .options(selectinload(ArticleEvent.actor)).order_by(ArticleEvent.id.desc())))
