"""What an export holds: the filters of the export page, as SQL conditions on ``Claim``.

Every filter is optional; together they narrow the project's claims (AND). Names (an outlet,
a reviewer's or assignee's username) are compared as given: a name that is not in the
project simply matches nothing, so a filter can never reach another project's claims or
reveal whether an account exists elsewhere (SECURITY.md T33).
"""
from dataclasses import asdict, dataclass, fields, replace
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true

from ..extensions import db
from ..models import Article, Assignment, Claim, User
from ..models.claim import FINAL_STATUSES
from ..services import visibility

MAX_NAME = 200


@dataclass(frozen=True)
class ExportFilters:
    status: str = ""
    source_type: str = ""          # a key of the project's source-type list
    outlet: str = ""               # the article's site name or original outlet
    published_from: date | None = None
    published_to: date | None = None
    reviewer: str = ""             # username: set the status last, or second-reviewed
    assignee: str = ""             # username: the article is assigned to them
    final_only: bool = False       # ClaimReview: only claims with a final status

    def args(self) -> dict[str, str]:
        """The filters as query arguments (for links and the job's params)."""
        return {k: (v.isoformat() if isinstance(v, date) else str(v))
                for k, v in asdict(self).items() if v and k != "final_only"}

    @property
    def active(self) -> bool:
        return bool(self.args())

    def only_final(self) -> "ExportFilters":
        return replace(self, final_only=True)


def parse_filters(args) -> tuple[ExportFilters, dict[str, str]]:
    """Filters from a query string (or a job's params), and what could not be read."""
    values, problems = {}, {}
    for f in fields(ExportFilters):
        raw = (args.get(f.name) or "").strip()[:MAX_NAME]
        if f.name == "final_only" or not raw:
            continue
        if f.name.startswith("published_"):
            try:
                values[f.name] = date.fromisoformat(raw)
            except ValueError:
                problems[f.name] = "Give the date as YYYY-MM-DD."
        else:
            values[f.name] = raw
    return ExportFilters(**values), problems


def conditions(filters: ExportFilters) -> ColumnElement[bool]:
    """Where-clause on ``Claim`` joined with its ``Article``."""
    found: list[ColumnElement[bool]] = []
    if filters.status:
        found.append(Claim.status == filters.status)
    if filters.final_only:
        found.append(Claim.status.in_(sorted(FINAL_STATUSES)))
    if filters.source_type:
        found.append(Claim.source_type == filters.source_type)
    if filters.outlet:
        found.append(or_(Article.site_name == filters.outlet,
                         Article.original_outlet == filters.outlet))
    if filters.published_from:
        found.append(Article.published_on >= filters.published_from)
    if filters.published_to:
        found.append(Article.published_on <= filters.published_to)
    if filters.reviewer:
        person = select(User.id).where(User.username == filters.reviewer).scalar_subquery()
        found.append(or_(Claim.last_reviewed_by_id == person, Claim.second_reviewer_id == person))
    if filters.assignee:
        found.append(exists(select(Assignment.id).join(User, User.id == Assignment.assignee_id)
                            .where(Assignment.article_id == Claim.article_id,
                                   User.username == filters.assignee)))
    return and_(true(), *found)


def count_claims(project_id: int, user: User | None, role: str,
                 filters: ExportFilters = ExportFilters()) -> int:
    """How many claims the export will hold: the same conditions as ``iter_claim_rows``."""
    return db.session.scalar(
        select(func.count(Claim.id)).join(Article, Article.id == Claim.article_id)
        .where(Claim.project_id == project_id, visibility.live_and_seen_by(user, role),
               conditions(filters))) or 0
