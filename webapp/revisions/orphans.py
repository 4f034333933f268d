"""Orphans: claims whose words a new revision removed (*orphaned*) or changed (*changed*), each
resolved by a person (issue 12, 3).

A person either **re-attaches** the claim by selecting its words in the latest revision (the
claim takes that place: offsets, quote, context and revision, state *reattached*), or records a
**finding** — *removed in revision N* or *changed in revision N* — which the claim keeps
(``claims.anchor_finding`` / ``anchor_finding_revision``) and its page, its cluster, the
dashboard and the exports show: "the outlet removed a casualty figure on 2 May". Both are events
in the claim's trail (``reattached``, ``anchor_finding``) with before → after, refused on a
version older than the one stored. Re-attaching clears a finding, so a finding recorded by
mistake is undone by re-attaching the claim. The caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Article, Claim, ClaimEvent, User
from ..models._time import utcnow
from ..models.revision import ANCHOR_FINDINGS, ClaimAnchor
from ..services import visibility
from ..services.claims import check_current, record_event
from ..services.errors import Invalid
from .findings import changed_words, earlier_words, earlier_words_query
from .texts import latest

CONTEXT = 32
OPEN_STATES = ("orphaned", "changed")        # what the Orphans view lists, until resolved
REATTACHABLE = (*OPEN_STATES, "reattached")
FINDING_STATES = {"removed": ("orphaned", "changed"), "changed": ("changed", "reattached")}
PER_PAGE = 50


@dataclass(frozen=True)
class Orphan:
    """One claim waiting for a person, as the Orphans view lists it."""
    claim_id: int
    version: int
    article_id: int
    article_title: str
    site_name: str
    state: str          # orphaned or changed
    revision: int       # the revision its offsets are in
    latest: int         # the article's latest revision
    since: int          # the revision that orphaned or changed it
    old_quote: str      # the words as they were
    new_quote: str      # changed: the words the re-anchoring found instead ("" when orphaned)

    @property
    def words(self) -> tuple[str, str]:
        """What changed inside the quote: ("26", "23")."""
        return changed_words(self.old_quote, self.new_quote)

    @property
    def in_old_place(self) -> bool:
        return self.revision != self.latest


def waiting() -> object:
    """Live claims orphaned or changed by a revision, with no finding recorded yet."""
    return and_(Claim.deleted_at.is_(None), Claim.anchor_state.in_(OPEN_STATES),
                Claim.anchor_finding == "")


def _orphaned_in(claim_id, revision):
    """The first revision after ``revision`` that did not have the claim's words."""
    return select(func.min(ClaimAnchor.revision)).where(
        ClaimAnchor.claim_id == claim_id, ClaimAnchor.revision > revision,
        ClaimAnchor.state == "orphaned")


def _changed_in(claim_id, revision):
    """The last revision up to ``revision`` that changed the claim's words (a changed claim
    stays changed through later revisions that keep its new words, until a person resolves it)."""
    anchor = aliased(ClaimAnchor)   # apart from the anchors of the query it may sit in
    return select(func.max(anchor.revision)).where(
        anchor.claim_id == claim_id, anchor.revision <= revision, anchor.state == "changed")


def since(claim: Claim) -> int:
    """The revision that orphaned or changed the claim (the one a finding names by default)."""
    if claim.anchor_state == "orphaned":
        return db.session.scalar(_orphaned_in(claim.id, claim.revision)) or claim.article.revision
    return db.session.scalar(_changed_in(claim.id, claim.revision)) or claim.revision


def list_orphans(project_id: int, user: User, role: str, article_id: int | None = None,
                 page: int = 1, per_page: int = PER_PAGE) -> tuple[list[Orphan], int]:
    """The claims waiting for a person (the ones this person may see), article by article,
    one page of them, and how many there are in all (two queries)."""
    where = [Claim.project_id == project_id, waiting(), visibility.live_and_seen_by(user, role)]
    if article_id is not None:
        where.append(Claim.article_id == article_id)
    total = db.session.scalar(select(func.count(Claim.id)).where(*where))
    rows = db.session.execute(
        select(Claim.id, Claim.version, Claim.article_id, Article.title, Article.site_name,
               Claim.anchor_state, Claim.revision, Article.revision,
               _orphaned_in(Claim.id, Claim.revision).scalar_subquery(),
               _changed_in(Claim.id, Claim.revision).scalar_subquery(),
               earlier_words_query(Claim.id, func.coalesce(
                   _changed_in(Claim.id, Claim.revision).scalar_subquery(), Claim.revision)).scalar_subquery(),
               Claim.quote)
        .join(Article, Article.id == Claim.article_id).where(*where)
        .order_by(Claim.article_id.desc(), Claim.start_offset, Claim.id)
        .offset((page - 1) * per_page).limit(per_page)).all()
    return [_orphan(*row) for row in rows], total


def _orphan(claim_id, version, article_id, title, site, state, revision, latest_number,
            orphaned_in, changed_in, earlier, quote) -> Orphan:
    changed = state == "changed"
    return Orphan(claim_id, version, article_id, title, site, state, revision, latest_number,
                  (changed_in or revision) if changed else (orphaned_in or latest_number),
                  (earlier or "") if changed else quote, quote if changed else "")


def count_waiting(claims) -> int:
    """How many of these (loaded) claims wait for a person: no query."""
    return sum(c.anchor_state in OPEN_STATES and not c.anchor_finding for c in claims)


def reattach(claim: Claim, user: User, start: int, end: int, number: int, base_version: int,
             reason: str = "") -> ClaimEvent:
    """Put the claim on the words at ``start``–``end`` (code points) of revision ``number``,
    the article's latest; the spaces at either end of the selection are left out."""
    check_current(claim, base_version)
    if claim.anchor_state not in REATTACHABLE and not claim.anchor_finding:
        raise Invalid({"": "This claim's words were found in the latest revision: there is "
                           "nothing to re-attach."})
    revision = _latest_as_seen(claim.article, number)
    start, end = _span(revision.text, start, end)
    text = revision.text
    new = {"revision": revision.number, "anchor_state": "reattached", "start_offset": start,
           "end_offset": end, "quote": text[start:end], "anchor_finding": "",
           "anchor_finding_revision": None}
    changes = {k: [getattr(claim, k), v] for k, v in new.items() if getattr(claim, k) != v}
    for key, value in new.items():
        setattr(claim, key, value)
    claim.prefix, claim.suffix = text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
    claim.updated_at = utcnow()
    _keep_anchor(claim, user)
    db.session.flush()
    return record_event(claim, user, "reattached", changes, reason.strip()[:2000])


def _latest_as_seen(article: Article, number: int):
    current = latest(article)
    if number != current.number:
        raise Invalid({"": f"The article has a newer revision ({current.number}) than the one "
                           f"the words were selected in ({number}): select them again."})
    return current


def _span(text: str, start, end) -> tuple[int, int]:
    """The selection, checked: inside the text, and more than spaces; trimmed of spaces."""
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise Invalid({"start": f"Select the words in the text: {start}–{end} is not a span of "
                                f"this revision (its text has {len(text)} characters)."})
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise Invalid({"start": "The selection holds only spaces: select the claim's words."})
    return start, end


def _keep_anchor(claim: Claim, user: User) -> None:
    """The claim's place in this revision, as the person chose it (``claim_anchors``)."""
    anchor = db.session.scalar(select(ClaimAnchor).where(
        ClaimAnchor.claim_id == claim.id, ClaimAnchor.revision == claim.revision))
    if anchor is None:
        anchor = ClaimAnchor(claim_id=claim.id, revision=claim.revision)
        db.session.add(anchor)
    anchor.start_offset, anchor.end_offset, anchor.quote = claim.start_offset, claim.end_offset, claim.quote
    anchor.state, anchor.score, anchor.how = "reattached", 1.0, f"re-attached by {user.display_name}"


def record_finding(claim: Claim, user: User, finding: str, number: int, base_version: int,
                   reason: str = "") -> ClaimEvent:
    """Record that the outlet removed the claim's words in revision ``number``, or changed them
    there (the event keeps the words before and after)."""
    check_current(claim, base_version)
    if finding not in ANCHOR_FINDINGS:
        raise Invalid({"finding": "Record either “removed” or “changed”."})
    if claim.anchor_state not in FINDING_STATES[finding]:
        raise Invalid({"finding": _refusal(finding)})
    if not (isinstance(number, int) and 2 <= number <= claim.article.revision):
        raise Invalid({"number": f"Name a later revision of the article (2 to {claim.article.revision})."})
    changes = {"anchor_finding": [claim.anchor_finding, finding],
               "anchor_finding_revision": [claim.anchor_finding_revision, number]}
    if finding == "changed":
        changes["quote"] = [earlier_words(claim, number), claim.quote]
    claim.anchor_finding, claim.anchor_finding_revision = finding, number
    claim.updated_at = utcnow()
    db.session.flush()
    return record_event(claim, user, "anchor_finding", changes, reason.strip()[:2000])


def _refusal(finding: str) -> str:
    if finding == "removed":
        return "Only a claim whose words were not found (orphaned) or changed can be recorded as removed."
    return ("Only a claim on its new words can be recorded as changed: re-attach it to them first.")


def may_resolve(claim: Claim) -> bool:
    """Whether the claim is one a person re-attaches or records a finding for."""
    return claim.anchor_state in REATTACHABLE or bool(claim.anchor_finding)

