"""What an export holds: the claim filters of ``services.claim_filters`` (the same ones the
claim list and the dashboard use), and how many claims they select for a person."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import Article, Claim, User
from ..corroboration import blind
from ..services import visibility
from ..services.claim_filters import MAX_NAME, conditions, parse_filters  # noqa: F401
from ..services.claim_filters import ClaimFilters as ExportFilters


def count_claims(project_id: int, user: User | None, role: str,
                 filters: ExportFilters = ExportFilters()) -> int:
    """How many claims the export will hold: the same conditions as ``iter_claim_rows``."""
    return db.session.scalar(
        select(func.count(Claim.id)).join(Article, Article.id == Claim.article_id)
        .where(Claim.project_id == project_id, visibility.live_and_seen_by(user, role),
               conditions(filters, blind.for_filters(filters, project_id, user, role)))) or 0
