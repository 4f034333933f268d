"""Which claims a list, a figure or an export is about: filters from a query string, as SQL
conditions on ``Claim`` joined with its ``Article``.

Every filter is optional; together they narrow the project's claims (AND). Names (an outlet,
a reviewer's or assignee's username) are compared as given: a name that is not in the
project simply matches nothing, so a filter can never reach another project's claims or
reveal whether an account exists elsewhere (SECURITY.md T33). The claim list, the dashboard
and the exports all read their filters here, so a drill-down shows what a figure counted.
"""
from dataclasses import asdict, dataclass, fields, replace
from datetime import date

from sqlalchemy import (ColumnElement, Date, and_, case, exists, false, func, or_, select, true,
                        union)
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import (Article, Assignment, Claim, ClaimCluster, ClaimEvent, ClusterMember,
                      Membership, Source, User)
from ..models.cluster import GRADES
from ..models.claim import FINAL_STATUSES, STATUSES

MAX_NAME = 200
BACKLOG_STATUSES = ("unreviewed", "in_progress")
# Pseudo-statuses a figure can drill down to: a group of statuses.
STATUS_GROUPS = {"final": tuple(sorted(FINAL_STATUSES)), "backlog": BACKLOG_STATUSES}
# What a status filter offers: the groups, then each status.
STATUS_CHOICES = {"final": "Any final status", "backlog": "Not yet reviewed (unreviewed or in progress)",
                  **STATUSES}


@dataclass(frozen=True)
class ClaimFilters:
    status: str = ""               # a status, or "final" / "backlog"
    source_type: str = ""          # a key of the project's source-type list
    named: str = ""
    party: str = ""
    kind: str = ""
    reliability: str = ""          # of the claim's source; no source counts as F
    credibility: str = ""
    outlet: str = ""               # the article's site name or original outlet
    published_from: date | None = None
    published_to: date | None = None
    reviewer: str = ""             # username: set the status last, or second-reviewed
    assignee: str = ""             # username: the article is assigned to them
    independent_sources: str = ""  # a value of the list, or "single": one or not recorded
    second_review: str = ""        # "1": accepted or changed by a second reviewer
    finalised_week: date | None = None   # the Monday of the ISO week it reached a final status
    finalised_by: str = ""         # username: who gave it a final status
    origins: str = ""              # "1", "2" or "3+": independent origins of its cluster
    cluster_grade: str = ""        # the grade of its cluster (a key of ``GRADES``)
    grade_disagrees: str = ""      # "1": the status disagrees with its cluster's grade
    final_only: bool = False       # ClaimReview: only claims with a final status

    def args(self) -> dict[str, str]:
        """The filters as query arguments (for links and the job's params)."""
        return {k: (v.isoformat() if isinstance(v, date) else str(v))
                for k, v in asdict(self).items() if v and k != "final_only"}

    @property
    def active(self) -> bool:
        return bool(self.args())

    def only_final(self) -> "ClaimFilters":
        return replace(self, final_only=True)

    def but(self, **changes) -> "ClaimFilters":
        return replace(self, **changes)


def parse_filters(args) -> tuple[ClaimFilters, dict[str, str]]:
    """Filters from a query string (or a job's params), and what could not be read."""
    values, problems = {}, {}
    for f in fields(ClaimFilters):
        raw = (args.get(f.name) or "").strip()[:MAX_NAME]
        if f.name == "final_only" or not raw:
            continue
        if f.name.startswith("published_") or f.name == "finalised_week":
            try:
                values[f.name] = date.fromisoformat(raw)
            except ValueError:
                problems[f.name] = "Give the date as YYYY-MM-DD."
        else:
            values[f.name] = raw
    return ClaimFilters(**values), problems


def reviewer_is(username: str) -> ColumnElement[bool]:
    person = select(User.id).where(User.username == username).scalar_subquery()
    return or_(Claim.last_reviewed_by_id == person, Claim.second_reviewer_id == person)


def assigned_to(username: str) -> ColumnElement[bool]:
    return exists(select(Assignment.id).join(User, User.id == Assignment.assignee_id)
                  .where(Assignment.article_id == Claim.article_id, User.username == username))


def reliability_is(grade: str) -> ColumnElement[bool]:
    source = aliased(Source)   # never correlated with a Source the outer query joins
    graded = exists(select(source.id).where(source.id == Claim.source_id,
                                            source.reliability == grade))
    return or_(Claim.source_id.is_(None), graded) if grade == "F" else graded


def article_conditions(filters: ClaimFilters) -> list[ColumnElement[bool]]:
    """The filters that are about the article (outlet, published date) on ``Article``."""
    found: list[ColumnElement[bool]] = []
    if filters.outlet:
        found.append(or_(Article.site_name == filters.outlet,
                         Article.original_outlet == filters.outlet))
    if filters.published_from:
        found.append(Article.published_on >= filters.published_from)
    if filters.published_to:
        found.append(Article.published_on <= filters.published_to)
    return found


def conditions(filters: ClaimFilters, seen=None) -> ColumnElement[bool]:
    """Where-clause on ``Claim`` joined with its ``Article``. ``seen``: the clusters the person
    sees only in part (``corroboration.blind.summaries``), whose grade and origins are theirs."""
    found = article_conditions(filters)
    if filters.status in STATUS_GROUPS:
        found.append(Claim.status.in_(STATUS_GROUPS[filters.status]))
    elif filters.status:
        found.append(Claim.status == filters.status)
    if filters.final_only:
        found.append(Claim.status.in_(sorted(FINAL_STATUSES)))
    for name in ("source_type", "named", "party", "kind", "credibility"):
        if value := getattr(filters, name):
            found.append(getattr(Claim, name) == ("" if value == "-" else value))
    if filters.independent_sources == "single":
        found.append(Claim.independent_sources.in_(("1", "")))
    elif filters.independent_sources:
        found.append(Claim.independent_sources == filters.independent_sources)
    if filters.reliability:
        found.append(reliability_is(filters.reliability))
    if filters.second_review:
        found.append(Claim.review_state.in_(("accepted", "changed")))
    if filters.reviewer:
        found.append(reviewer_is(filters.reviewer))
    if filters.assignee:
        found.append(assigned_to(filters.assignee))
    if filters.finalised_week or filters.finalised_by:
        found.append(finalised(filters.finalised_week, filters.finalised_by))
    found.extend(cluster_conditions(filters, seen))
    return and_(true(), *found)


# Independent origins as the dashboard groups them; a claim in no cluster rests on one.
ORIGIN_GROUPS = {"1": "One origin", "2": "Two origins", "3+": "Three or more"}
CONFIRMING, DENYING = ("confirmed", "partly_confirmed"), ("false", "disputed")


def _of_cluster(column) -> ColumnElement:
    """``column`` of the claim's cluster (NULL when it is in none), correlated with ``Claim``."""
    return (select(column).join(ClusterMember, ClusterMember.cluster_id == ClaimCluster.id)
            .where(ClusterMember.claim_id == Claim.id).scalar_subquery())


def _as_seen(column, seen, name: str) -> ColumnElement:
    """``column`` of ``ClaimCluster``; for the clusters in ``seen`` (id: anything with a
    ``grade`` and ``origins``), the value the person sees instead of the stored one."""
    values = {cluster_id: getattr(summary, name) for cluster_id, summary in (seen or {}).items()}
    return case(values, value=ClaimCluster.id, else_=column) if values else column


def cluster_origins(seen=None) -> ColumnElement:
    """The claim's independent origins: its cluster's, or 1 (its own) when it is in none."""
    return func.coalesce(_of_cluster(_as_seen(ClaimCluster.origins, seen, "origins")), 1)


def cluster_grade(seen=None) -> ColumnElement:
    return _of_cluster(_as_seen(ClaimCluster.grade, seen, "grade"))


def origins_are(group: str, seen=None) -> ColumnElement[bool]:
    origins = cluster_origins(seen)
    if group == "1":
        return origins <= 1
    if group == "2":
        return origins == 2
    if group == "3+":
        return origins >= 3
    return false()


def grade_disagrees(seen=None) -> ColumnElement[bool]:
    """The analyst's status and the cluster's grade disagree (``clusters.disagreement``):
    confirmed on a single origin, false or disputed while independent origins agree."""
    grade = cluster_grade(seen)
    return or_(and_(Claim.status.in_(CONFIRMING), grade == "single_origin"),
               and_(Claim.status.in_(DENYING), grade == "corroborated"))


def uses_clusters(filters: ClaimFilters) -> bool:
    """Whether a filter is about the claim's cluster (and so depends on what a person sees)."""
    return bool(filters.origins or filters.cluster_grade or filters.grade_disagrees)


def cluster_conditions(filters: ClaimFilters, seen=None) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.origins:
        found.append(origins_are(filters.origins, seen))
    if filters.cluster_grade:
        found.append(cluster_grade(seen) == filters.cluster_grade
                     if filters.cluster_grade in GRADES else false())
    if filters.grade_disagrees:
        found.append(grade_disagrees(seen))
    return found


# Events that can give a claim its status; ``changes["status"]`` is ``[before, after]`` there.
STATUS_ACTIONS = ("created", "status_changed", "second_review_changed")


def week_of(column) -> ColumnElement:
    """The Monday of the ISO week of a timestamp, as a date, on either database."""
    if db.engine.dialect.name == "postgresql":
        return func.cast(func.date_trunc("week", column), Date)
    return func.date(column, "weekday 0", "-6 days", type_=Date)


def reached_final() -> ColumnElement[bool]:
    """Where-clause on ``ClaimEvent``: the change gave the claim a final status."""
    return and_(ClaimEvent.action.in_(STATUS_ACTIONS),
                ClaimEvent.changes[("status", 1)].as_string().in_(sorted(FINAL_STATUSES)))


def finalised(week: date | None, username: str) -> ColumnElement[bool]:
    sub = select(ClaimEvent.id).where(ClaimEvent.claim_id == Claim.id, reached_final())
    if week:
        sub = sub.where(week_of(ClaimEvent.created_at) == week)
    if username:
        sub = sub.where(ClaimEvent.actor_id == select(User.id).where(
            User.username == username).scalar_subquery())
    return exists(sub)


MAX_OUTLETS = 500


def fetch_outlets(project_id: int) -> list[str]:
    """The outlets a filter can choose from: every site name and original outlet, in order."""
    names = union(   # each side read off its own index (ix_articles_project_site, _outlet)
        select(Article.site_name.label("name")).where(Article.project_id == project_id).distinct(),
        select(Article.original_outlet).where(Article.project_id == project_id).distinct()).subquery()
    return [n for n in db.session.scalars(select(names.c.name).order_by(names.c.name)
                                          .limit(MAX_OUTLETS)) if n]


def fetch_people(project_id: int) -> list[User]:
    """The members a reviewer or assignee filter can choose, by username (one query)."""
    return list(db.session.scalars(select(User).join(Membership, Membership.user_id == User.id)
                                   .where(Membership.project_id == project_id).order_by(User.username)))
