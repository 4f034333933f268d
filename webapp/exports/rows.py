"""The claim rows every export shares: one flat record per live claim of a project.

Rows are read in batches with their article, source, people and evidence joined, so the
number of queries does not grow with the number of claims and memory stays flat.
"""
from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Article, Claim, ClaimEvidence, Evidence, Source, User
from ..models.claim import STATUSES
from ..services import visibility
from ..services.lists import fetch_lists, labels

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


def iter_claim_rows(project_id: int, user: User, role: str) -> Iterator[dict]:
    """Every live claim of the project that the person may see."""
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
                   Claim.id > last_id)
            .order_by(Claim.id).limit(BATCH)).all()
        if not batch:
            return
        evidence = _evidence_for([row[0].id for row in batch])
        for claim, article, source, created_by, reviewed_by, second_reviewer in batch:
            yield _row(claim, article, source, (created_by, reviewed_by, second_reviewer),
                       evidence[claim.id], names)
        last_id = batch[-1][0].id


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
    }


def _iso(moment) -> str:
    return moment.isoformat() if moment else ""
