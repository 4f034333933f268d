"""A project's claims as a filtered, paginated list (the drill-down behind the dashboard)."""
from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..models import Article, Claim, Source, User
from ..corroboration import blind
from . import visibility
from .claim_filters import ClaimFilters, article_conditions, conditions

# Counting every match of a million claims takes longer than the page may: past this many the
# list says "more than" and pages on (the dashboard has the exact figures).
COUNT_CAP = 10_000


@dataclass(frozen=True)
class ClaimRow:
    id: int
    quote: str
    statement: str
    status: str
    kind: str
    source_type: str
    named: str
    party: str
    grade: str
    article_id: int
    article_title: str


def _where(project_id: int, user: User, role: str, f: ClaimFilters):
    seen = blind.for_filters(f, project_id, user, role)   # clusters as this person sees them
    return (Claim.project_id == project_id, visibility.live_and_seen_by(user, role),
            conditions(f, seen))


def count_claims(project_id: int, user: User, role: str, f: ClaimFilters) -> tuple[int, bool]:
    """How many claims match, up to ``COUNT_CAP``, and whether there are more (one query)."""
    matching = select(Claim.id).where(*_where(project_id, user, role, f))
    if article_conditions(f):
        matching = matching.join(Article, Article.id == Claim.article_id)
    n = db.session.scalar(select(func.count()).select_from(matching.limit(COUNT_CAP + 1).subquery()))
    return min(n, COUNT_CAP), n > COUNT_CAP


def fetch_claims(project_id: int, user: User, role: str, f: ClaimFilters, page: int,
                 per_page: int) -> tuple[list[ClaimRow], int, bool]:
    """A page of the matching claims the person may see, newest first, how many match (at
    most ``COUNT_CAP``) and whether more do (two queries, whatever the page size)."""
    where = _where(project_id, user, role, f)
    total, more = count_claims(project_id, user, role, f)
    query = (select(Claim.id, Claim.quote, Claim.statement, Claim.status, Claim.kind,
                    Claim.source_type, Claim.named, Claim.party,
                    func.coalesce(Source.reliability, "F") + Claim.credibility,
                    Article.id, Article.title)
             .join(Article, Article.id == Claim.article_id)
             .outerjoin(Source, Source.id == Claim.source_id)
             .where(*where).order_by(Claim.id.desc())
             .limit(per_page).offset((page - 1) * per_page))
    return [ClaimRow(*row) for row in db.session.execute(query)], total, more
