"""The claim rows every export shares: one flat record per live claim of a project.

Rows are read in batches with their article, source, people and evidence joined, so the
number of queries does not grow with the number of claims and memory stays flat. With
``trail=True`` each row also carries the claim's review events, oldest first, read in the
same batches (one query per batch, never one per claim).
"""
from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import aliased, defer

from ..extensions import db
from ..models import Article, Claim, ClaimEvent, ClaimEvidence, Evidence, Source, User
from ..models.claim import STATUSES
from ..services import visibility
from ..services.lists import fetch_lists, labels
from .filters import ExportFilters, conditions

BATCH = 1000
COLUMNS = [
    "claim_id", "article_id", "article_title", "site_name", "original_outlet", "article_url",
    "article_author", "article_published_on", "article_captured_at", "article_content_hash",
    "quote", "start", "end", "prefix", "suffix", "statement", "kind", "figures",
    "attribution_text", "source_type", "named", "party", "access", "hedging",
    "independent_sources", "source_name", "source_affiliation", "source_reliability",
    "credibility", "admiralty_code", "attribution_chain", "status", "rationale", "evidence",
    "created_by", "created_at", "last_reviewed_by", "review_state", "second_reviewer",
    "updated_at", "version",
]


def begin_snapshot() -> None:
    """Make the reads that follow see one moment of the database, so that a long export is
    complete and consistent while others keep editing (SECURITY.md T34): PostgreSQL gets a
    REPEATABLE READ transaction; SQLite's read transaction in WAL mode is a snapshot already
    (a GET starts it with a plain BEGIN, see ``webapp.database``)."""
    db.session.commit()   # end what the access check read, so the snapshot starts here
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def iter_claim_rows(project_id: int, user: User | None, role: str,
                    filters: ExportFilters = ExportFilters(), trail: bool = False) -> Iterator[dict]:
    """Every live claim of the project that the person may see and the filters keep."""
    names = labels(fetch_lists(project_id))
    creator, reviewer, second = aliased(User), aliased(User), aliased(User)
    last_id = 0
    while True:
        batch = db.session.execute(
            select(Claim, Article, Source, creator.username, reviewer.username, second.username)
            .join(Article, Article.id == Claim.article_id)
            .outerjoin(Source, Source.id == Claim.source_id)
            .join(creator, creator.id == Claim.created_by_id)
            .outerjoin(reviewer, reviewer.id == Claim.last_reviewed_by_id)
            .outerjoin(second, second.id == Claim.second_reviewer_id)
            .where(Claim.project_id == project_id, visibility.live_and_seen_by(user, role),
                   conditions(filters), Claim.id > last_id)
            .options(defer(Article.text))   # never needed here, and it can be long
            .order_by(Claim.id).limit(BATCH)).all()
        if not batch:
            return
        ids = [row[0].id for row in batch]
        evidence = _evidence_for(ids)
        events = events_for(ids) if trail else None
        for claim, article, source, created_by, reviewed_by, second_reviewer in batch:
            row = _row(claim, article, source, (created_by, reviewed_by, second_reviewer),
                       evidence[claim.id], names)
            if events is not None:
                row["trail"] = events[claim.id]
            yield row
        last_id = ids[-1]
        del batch


def events_for(claim_ids: list[int]) -> dict[int, list[dict]]:
    """The review trail of each claim, oldest first: action, actor, at, version, changes, reason."""
    found: dict[int, list[dict]] = defaultdict(list)
    rows = db.session.execute(
        select(ClaimEvent.claim_id, ClaimEvent.action, User.username, ClaimEvent.created_at,
               ClaimEvent.version, ClaimEvent.changes, ClaimEvent.reason)
        .join(User, User.id == ClaimEvent.actor_id)
        .where(ClaimEvent.claim_id.in_(claim_ids)).order_by(ClaimEvent.claim_id, ClaimEvent.id))
    for claim_id, action, actor, at, version, changes, reason in rows:
        found[claim_id].append({"action": action, "actor": actor, "at": rfc3339(at),
                                "version": version, "changes": changes or {}, "reason": reason})
    return found


def _evidence_for(claim_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    rows = db.session.execute(
        select(ClaimEvidence.claim_id, ClaimEvidence.stance, Evidence.url, Evidence.reference,
               Evidence.summary)
        .join(Evidence, Evidence.id == ClaimEvidence.evidence_id)
        .where(ClaimEvidence.claim_id.in_(claim_ids)).order_by(ClaimEvidence.id))
    for claim_id, stance, url, reference, summary in rows:
        found[claim_id].append({"stance": stance, "url": url, "reference": reference,
                                "summary": summary})
    return found


def _row(claim, article, source, people, evidence, names) -> dict:
    """``people``: the usernames of who made the claim, set its status, second-reviewed it."""
    created_by, reviewed_by, second_reviewer = people
    reliability = source.reliability if source else "F"
    return {
        "claim_id": claim.id, "article_id": article.id, "article_title": article.title,
        "site_name": article.site_name, "original_outlet": article.original_outlet,
        "article_url": article.url, "article_author": article.author,
        "article_published_on": article.published_on.isoformat() if article.published_on else "",
        "article_captured_at": _iso(article.captured_at), "article_content_hash": article.content_hash,
        "quote": claim.quote, "start": claim.start_offset, "end": claim.end_offset,
        "prefix": claim.prefix, "suffix": claim.suffix, "statement": claim.statement,
        "kind": names["kind"].get(claim.kind, claim.kind), "figures": claim.figures,
        "attribution_text": claim.attribution_text,
        "source_type": names["source_type"].get(claim.source_type, claim.source_type),
        "named": names["named"].get(claim.named, claim.named),
        "party": names["party"].get(claim.party, claim.party),
        "access": names["access"].get(claim.access, claim.access),
        "hedging": claim.hedging, "independent_sources": claim.independent_sources,
        "source_name": source.name if source else "",
        "source_affiliation": source.affiliation if source else "",
        "source_reliability": reliability if source else "", "credibility": claim.credibility,
        "admiralty_code": reliability + claim.credibility,
        "attribution_chain": claim.attribution_chain, "status": claim.status,
        "rationale": claim.rationale, "evidence": evidence, "created_by": created_by,
        "created_at": _iso(claim.created_at), "last_reviewed_by": reviewed_by or "",
        "review_state": claim.review_state, "second_reviewer": second_reviewer or "",
        "updated_at": _iso(claim.updated_at), "version": claim.version,
        # Not columns: what the JSON-LD formats need besides the labels.
        "status_label": STATUSES.get(claim.status, claim.status),
        "codes": {field: getattr(claim, field) for field in
                  ("kind", "source_type", "named", "party", "access")},
        "source_kind": source.entry_kind if source else "",
    }


def _iso(moment) -> str:
    return moment.isoformat() if moment else ""


def rfc3339(moment) -> str:
    """A stored moment with its zone (SQLite hands them back naive; they are UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        return moment.isoformat() + "Z"
    return moment.isoformat().replace("+00:00", "Z")


def article_claim_rows(project_id: int, article_id: int, user: User, role: str, *,
                       offset: int = 0, limit: int | None = None,
                       claim_id: int | None = None) -> list[dict]:
    """The rows of one article's claims that the person may see, in text order (the API's
    annotation container pages), or with ``claim_id`` the row of that one claim, if visible."""
    names = labels(fetch_lists(project_id))
    creator, reviewer, second = aliased(User), aliased(User), aliased(User)
    query = (select(Claim, Article, Source, creator.username, reviewer.username, second.username)
             .join(Article, Article.id == Claim.article_id)
             .outerjoin(Source, Source.id == Claim.source_id)
             .join(creator, creator.id == Claim.created_by_id)
             .outerjoin(reviewer, reviewer.id == Claim.last_reviewed_by_id)
             .outerjoin(second, second.id == Claim.second_reviewer_id)
             .where(Claim.project_id == project_id, Claim.article_id == article_id,
                    visibility.live_and_seen_by(user, role))
             .order_by(Claim.start_offset, Claim.end_offset, Claim.id).offset(offset).limit(limit))
    if claim_id is not None:
        query = query.where(Claim.id == claim_id)
    batch = db.session.execute(query).all()
    evidence = _evidence_for([row[0].id for row in batch]) if batch else {}
    return [_row(claim, article, source, people, evidence.get(claim.id, []), names)
            for claim, article, source, *people in batch]
