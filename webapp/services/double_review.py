"""Blind double review: a lead marks articles for two independent readings, then compares
the two reviewers' claims and adjudicates where they differ.

Set-up. A lead picks two members (annotators or leads) and either chosen articles or a share
(percent) of the articles that can still start a blind double review: not yet marked, no live
claims (a reviewer may already have seen them), and not assigned to anyone else. The share is
rounded up and drawn in a fixed pseudo-random order — the SHA-256 of
``"claimtrail-double-review:<project id>:<article id>"`` — so the same articles give the same
sample on every database and the sample does not lean towards old or new imports. Each article
gets ``double_review = True``, an assignment for each reviewer (state ``assigned``) and its
trail: one ``assigned`` event per new assignment and one ``double_review_set`` event.

Blind phase. Until every assignment of the article is done, annotators and viewers see only
their own claims in it (``visibility``); leads see all.

Pairing. Once the blind phase is over, reviewer A's and B's claims (A is the first assignee)
are paired by their spans: every A–B couple whose spans overlap by at least one character is a
candidate; candidates are taken greedily by the largest Jaccard ratio (shared characters /
characters covered by either), ties by the larger overlap, then the earlier span, then the
lower claim ids; each claim joins at most one pair. Claims left over are "only A" / "only B".
The rule lives in ``agreement`` (``match_spans``), which also generalises it to more
reviewers (a unit holds at most one claim per reviewer) for the agreement figures.

Adjudication. A lead settles each pair: one claim is kept (whose span is preferred), with any
field taken from the other or edited; the other is deleted and points at the kept one
(``merged_into_id``). The kept claim's ``adjudicated`` event records, for every field, A's
value, B's value and the final value; the other gets a ``merged`` event. An unpaired claim is
kept (event ``kept``) or dropped (deleted with a reason, event ``dropped``). Settled claims
leave the comparison.
"""
import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Article, ArticleEvent, Assignment, Claim, ClaimEvent, Membership, Source, User
from . import claims as claim_service
from .agreement import match_spans, span_of
from .errors import Duplicate, Invalid, NotAllowed

SAMPLE_SALT = "claimtrail-double-review"
REVIEWER_ROLES = ("annotator", "lead")
# The fields shown side by side and recorded in the adjudication, in reading order.
COMPARED_FIELDS = ("statement", "kind", "figures", "attribution_text", "source_type", "named",
                   "party", "access", "hedging", "independent_sources", "source_id",
                   "source_reliability", "attribution_chain", "credibility", "status", "rationale",
                   "evidence")
SETTLED_ACTIONS = ("adjudicated", "merged", "kept", "dropped")
MAX_SHOWN = 300  # eligible articles listed on the set-up form (a share covers the rest)


def require_lead(role: str | None) -> None:
    if role != "lead":
        raise NotAllowed("Only a lead sets up double review and adjudicates.")


# --- set-up -----------------------------------------------------------------------------------

def reviewers_for(project_id: int, reviewer_ids) -> list[User]:
    """The two reviewers, in the order given: distinct members who may mark claims."""
    ids = [i for i in reviewer_ids if i]
    if len(ids) != 2 or ids[0] == ids[1]:
        raise Invalid({"reviewer_b": "Choose two different reviewers."})
    rows = dict(db.session.execute(select(User.id, Membership.role).join(
        Membership, Membership.user_id == User.id).where(
        Membership.project_id == project_id, User.id.in_(ids))).all())
    for key, user_id in zip(("reviewer_a", "reviewer_b"), ids):
        if rows.get(user_id) not in REVIEWER_ROLES:
            raise Invalid({key: "A reviewer must be an annotator or lead of this project."})
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return [users[i] for i in ids]


def fetch_reviewer_candidates(project_id: int) -> list[User]:
    """Members who can be given a blind reading (annotators and leads), by name."""
    return list(db.session.scalars(select(User).join(Membership, Membership.user_id == User.id)
                                   .where(Membership.project_id == project_id,
                                          Membership.role.in_(REVIEWER_ROLES))
                                   .order_by(User.username)))


def blocked_reasons(project_id: int, article_ids: list[int], reviewer_ids: list[int]) -> dict[int, str]:
    """Why each of these articles cannot start a blind double review (absent: it can)."""
    reasons: dict[int, str] = {}
    for chunk in _chunks(article_ids):
        reasons |= {i: "already under double review" for i in db.session.scalars(
            select(Article.id).where(Article.id.in_(chunk), Article.double_review.is_(True)))}
        for i, n in db.session.execute(select(Claim.article_id, func.count()).where(
                Claim.article_id.in_(chunk), Claim.deleted_at.is_(None))
                .group_by(Claim.article_id)):
            reasons.setdefault(i, f"already has {n} claim{'s' * (n != 1)}")
        for i, name in db.session.execute(select(Assignment.article_id, User.username).join(
                User, User.id == Assignment.assignee_id).where(
                Assignment.article_id.in_(chunk), Assignment.assignee_id.not_in(reviewer_ids))):
            reasons.setdefault(i, f"assigned to {name}")
    return reasons


def _chunks(ids: list[int], size: int = 900):
    for at in range(0, len(ids), size):
        yield ids[at:at + size]


def fetch_candidates(project_id: int) -> list[tuple[int, str]]:
    """(id, title) of the project's articles not yet under double review, newest first."""
    return list(db.session.execute(select(Article.id, Article.title).where(
        Article.project_id == project_id, Article.double_review.is_(False))
        .order_by(Article.captured_at.desc(), Article.id.desc())))


def fetch_eligible(project_id: int, reviewer_ids: list[int] | None = None) -> list[tuple[int, str]]:
    candidates = fetch_candidates(project_id)
    blocked = blocked_reasons(project_id, [i for i, _ in candidates], reviewer_ids or [])
    return [(i, title) for i, title in candidates if i not in blocked]


def sample_order(project_id: int, article_id: int) -> str:
    return hashlib.sha256(f"{SAMPLE_SALT}:{project_id}:{article_id}".encode()).hexdigest()


def sample(project_id: int, article_ids: list[int], percentage: int) -> list[int]:
    """``percentage`` % of the articles (rounded up), in the fixed hash order."""
    if not isinstance(percentage, int) or not 1 <= percentage <= 100:
        raise Invalid({"percentage": "Give a share between 1 and 100 percent."})
    count = math.ceil(len(article_ids) * percentage / 100)
    return sorted(article_ids, key=lambda i: sample_order(project_id, i))[:count]


def set_up_double_review(project_id: int, user: User, role: str | None, reviewer_ids,
                         article_ids: list[int] | None = None, percentage: int | None = None,
                         reason: str = "") -> list[Article]:
    """Mark chosen articles, or a share of the eligible ones, for blind double review."""
    require_lead(role)
    reviewers = reviewers_for(project_id, list(reviewer_ids))
    ids = [u.id for u in reviewers]
    if (article_ids is None) == (percentage is None):
        raise Invalid({"mode": "Choose articles, or give a share in percent."})
    if article_ids is not None:
        chosen = _check_chosen(project_id, sorted(set(article_ids)), ids)
    else:
        eligible = [i for i, _ in fetch_eligible(project_id, ids)]
        if not eligible:
            raise Invalid({"percentage": "No article can start a blind double review: every one is "
                                         "already double-reviewed, has claims, or is assigned to someone else."})
        chosen = sample(project_id, eligible, percentage)
    articles = list(db.session.scalars(select(Article).where(Article.id.in_(chosen)).order_by(Article.id)))
    held = set(db.session.execute(select(Assignment.article_id, Assignment.assignee_id).where(
        Assignment.article_id.in_(chosen))))
    for article in articles:
        _mark(article, reviewers, user, held, reason)
    return articles


def _check_chosen(project_id: int, article_ids: list[int], reviewer_ids: list[int]) -> list[int]:
    if not article_ids:
        raise Invalid({"article_ids": "Choose at least one article."})
    found = dict(db.session.execute(select(Article.id, Article.title).where(
        Article.id.in_(article_ids), Article.project_id == project_id)).all())
    if len(found) != len(article_ids):
        raise Invalid({"article_ids": "Some of the chosen articles are not in this project."})
    blocked = blocked_reasons(project_id, article_ids, reviewer_ids)
    if blocked:
        listed = "; ".join(f"“{found[i]}” ({why})" for i, why in sorted(blocked.items()))
        raise Invalid({"article_ids": "A blind double review needs articles nobody has marked or "
                                      f"been given yet. Not possible for: {listed}."})
    return article_ids


def _mark(article: Article, reviewers: list[User], user: User, held: set, reason: str) -> None:
    article.double_review = True
    for reviewer in reviewers:
        if (article.id, reviewer.id) in held:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(Assignment(project_id=article.project_id, article_id=article.id,
                                          assignee_id=reviewer.id, assigned_by_id=user.id,
                                          state="assigned"))
        except IntegrityError:  # assigned by someone else a moment ago
            raise Duplicate(f"“{article.title}” was just assigned to {reviewer.username}; "
                            "reload and try again.") from None
        _trail(article, user, "assigned", {"assignee": [None, reviewer.username],
                                           "state": [None, "assigned"]})
    _trail(article, user, "double_review_set", {
        "double_review": [False, True], "reviewers": [None, [r.username for r in reviewers]]}, reason)


def _trail(article: Article, user: User, action: str, changes: dict, reason: str = "") -> None:
    db.session.add(ArticleEvent(project_id=article.project_id, article_id=article.id,
                                actor_id=user.id, action=action, changes=changes,
                                reason=reason.strip()))
    db.session.flush()


@dataclass
class DoubleReviewArticle:
    article_id: int
    title: str
    reviewers: list[tuple[str, str]] = field(default_factory=list)  # (username, state)

    @property
    def blind(self) -> bool:
        return not self.reviewers or any(state != "done" for _, state in self.reviewers)


def fetch_double_review_articles(project_id: int) -> list[DoubleReviewArticle]:
    """The project's double-reviewed articles with each reviewer's state (one query)."""
    rows = db.session.execute(
        select(Article.id, Article.title, User.username, Assignment.state)
        .outerjoin(Assignment, Assignment.article_id == Article.id)
        .outerjoin(User, User.id == Assignment.assignee_id)
        .where(Article.project_id == project_id, Article.double_review.is_(True))
        .order_by(Article.captured_at.desc(), Article.id.desc(), Assignment.id))
    found: dict[int, DoubleReviewArticle] = {}
    for article_id, title, username, state in rows:
        item = found.setdefault(article_id, DoubleReviewArticle(article_id, title))
        if username:
            item.reviewers.append((username, state))
    return list(found.values())


# --- comparison -------------------------------------------------------------------------------

@dataclass
class Row:
    field: str
    a: Any
    b: Any

    @property
    def differs(self) -> bool:
        return self.a != self.b


@dataclass
class Pair:
    a: Claim
    b: Claim
    rows: list[Row]

    @property
    def span_differs(self) -> bool:
        return (self.a.start_offset, self.a.end_offset) != (self.b.start_offset, self.b.end_offset)

    @property
    def differences(self) -> list[Row]:
        return [r for r in self.rows if r.differs]


@dataclass
class Comparison:
    article: Article
    reviewers: list[User]          # A, B
    waiting: list[str]             # reviewers whose assignment is not done
    pairs: list[Pair]
    only_a: list[Claim]
    only_b: list[Claim]
    settled: list[Claim]           # adjudicated or kept claims

    @property
    def blind(self) -> bool:
        return bool(self.waiting)

    def pair_of(self, first_id: int, second_id: int) -> Pair | None:
        return next((p for p in self.pairs if {p.a.id, p.b.id} == {first_id, second_id}), None)

    def unpaired(self, claim_id: int) -> Claim | None:
        return next((c for c in self.only_a + self.only_b if c.id == claim_id), None)


def value_of(claim: Claim, name: str) -> Any:
    """A claim's value for a compared field, as stored (``source_reliability`` from its source,
    ``evidence`` as one line per piece)."""
    if name == "source_reliability":
        return claim.source.reliability if claim.source else ""
    if name == "evidence":
        return evidence_text(claim.evidence_links)
    return getattr(claim, name)


def evidence_text(links) -> str:
    return "\n".join(f"{lk.stance}: {lk.evidence.url or lk.evidence.reference}" for lk in links)


def compare(article: Article, lock: bool = False) -> Comparison:
    """The two reviewers' claims of an article, paired; settled claims apart (a few queries,
    whatever the number of claims). ``lock`` holds the claims' rows until the transaction ends
    (PostgreSQL), so a second lead adjudicating the same pair waits and then finds it settled."""
    if not article.double_review:
        raise Invalid({"": "This article is not marked for double review."})
    assignments = list(db.session.scalars(select(Assignment).where(
        Assignment.article_id == article.id).options(selectinload(Assignment.assignee))
        .order_by(Assignment.id)))
    if len(assignments) != 2:
        raise Invalid({"": f"A comparison needs exactly two reviewers; this article has "
                           f"{len(assignments)}. Assign or unassign reviewers first."})
    a_user, b_user = (x.assignee for x in assignments)
    query = (select(Claim).where(Claim.article_id == article.id, Claim.deleted_at.is_(None),
                                 Claim.created_by_id.in_([a_user.id, b_user.id]))
             .options(selectinload(Claim.source), selectinload(Claim.created_by),
                      selectinload(Claim.evidence_links))
             .order_by(Claim.start_offset, Claim.end_offset, Claim.id))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    claims = list(db.session.scalars(query))
    settled_ids = set(db.session.scalars(select(ClaimEvent.claim_id).where(
        ClaimEvent.claim_id.in_([c.id for c in claims]), ClaimEvent.action.in_(SETTLED_ACTIONS))))
    open_a = [c for c in claims if c.created_by_id == a_user.id and c.id not in settled_ids]
    open_b = [c for c in claims if c.created_by_id == b_user.id and c.id not in settled_ids]
    by_id = {c.id: c for c in claims}
    pairs = [Pair(by_id[i], by_id[j], [Row(f, value_of(by_id[i], f), value_of(by_id[j], f))
                                       for f in COMPARED_FIELDS])
             for i, j in match_spans([span_of(c) for c in open_a], [span_of(c) for c in open_b])]
    pairs.sort(key=lambda p: (min(p.a.start_offset, p.b.start_offset), p.a.id))
    paired = {c.id for p in pairs for c in (p.a, p.b)}
    return Comparison(article, [a_user, b_user],
                      [x.assignee.username for x in assignments if x.state != "done"], pairs,
                      [c for c in open_a if c.id not in paired], [c for c in open_b if c.id not in paired],
                      [c for c in claims if c.id in settled_ids])


def _finished(article: Article) -> Comparison:
    comparison = compare(article, lock=True)
    if comparison.blind:
        raise Invalid({"": "The pair is not finished: " + ", ".join(comparison.waiting) +
                           " still " + ("has" if len(comparison.waiting) == 1 else "have") +
                           " to mark the article done. Nothing was changed."})
    return comparison


# --- adjudication -----------------------------------------------------------------------------

def adjudicate_pair(article: Article, user: User, role: str | None, keep_id: int, drop_id: int,
                    from_dropped=(), edits: dict | None = None,
                    versions: dict[int, int] | None = None, reason: str = "") -> ClaimEvent:
    """Settle a pair: keep ``keep_id`` (its span), with the fields named in ``from_dropped``
    taken from the other claim and ``edits`` on top; the other claim merges into it."""
    require_lead(role)
    comparison = _finished(article)
    pair = comparison.pair_of(keep_id, drop_id)
    if pair is None or keep_id == drop_id:
        raise Invalid({"": "These two claims are not an open pair of this article (it may have "
                           "been adjudicated already). Nothing was changed."})
    kept, dropped = (pair.a, pair.b) if pair.a.id == keep_id else (pair.b, pair.a)
    for claim in (kept, dropped):
        claim_service.check_current(claim, (versions or {}).get(claim.id, claim.version))
    unknown = set(from_dropped) - set(claim_service.EDITABLE_FIELDS)
    if unknown or set(edits or {}) - set(claim_service.EDITABLE_FIELDS):
        raise Invalid({"": "Only the claim's fields can be taken from the other claim or edited."})
    data = {f: getattr(dropped if f in from_dropped else kept, f) for f in claim_service.EDITABLE_FIELDS}
    data.update(edits or {})
    return claim_service.adjudicate(kept, dropped, user, data,
                                    _judgements(pair, kept, dropped, data), reason)


def _judgements(pair: Pair, kept: Claim, dropped: Claim, data: dict) -> dict:
    """``{field: [A's value, B's value, final value]}`` for every field either reviewer or the
    final claim filled in, reviewers and span first."""
    a, b = pair.a, pair.b
    source = db.session.get(Source, data["source_id"]) if data.get("source_id") else None
    if source is not None and source.project_id != kept.project_id:
        raise Invalid({"source_id": "Choose a source from this project's registry."})
    links = list(kept.evidence_links) + [lk for lk in dropped.evidence_links if lk.evidence_id
                                         not in {k.evidence_id for k in kept.evidence_links}]
    final = {**data, "source_reliability": source.reliability if source else "",
             "evidence": evidence_text(links)}
    rows = {"claim_id": [a.id, b.id, kept.id],
            "created_by": [a.created_by.username, b.created_by.username, kept.created_by.username],
            "quote": [a.quote, b.quote, kept.quote],
            "start_offset": [a.start_offset, b.start_offset, kept.start_offset],
            "end_offset": [a.end_offset, b.end_offset, kept.end_offset]}
    for name in COMPARED_FIELDS:
        values = [value_of(a, name), value_of(b, name), final[name]]
        if any(v not in (None, "") for v in values):
            rows[name] = values
    return rows


def settle_unpaired(article: Article, user: User, role: str | None, claim_id: int, keep: bool,
                    version: int | None = None, reason: str = "") -> ClaimEvent:
    """Keep a claim only one reviewer found, or drop it (deleted, with a reason)."""
    require_lead(role)
    claim = _finished(article).unpaired(claim_id)
    if claim is None:
        raise Invalid({"": "This claim is not an open unpaired claim of this article. Nothing was changed."})
    version = claim.version if version is None else version
    if keep:
        return claim_service.keep_claim(claim, user, version, reason)
    if not reason.strip():
        raise Invalid({"reason": "Say why the claim is dropped (the reason is kept in its history)."})
    return claim_service.delete_claim(claim, user, version, reason, action="dropped")

