"""A project's coverage as a team lead watches it (DOMAIN.md "Coverage"): articles by state,
claims by status and sourcing, second reviews, backlog and its age, throughput.

Every figure is counted in SQL (COUNT with CASE, GROUP BY) over the claims the person may see
(``visibility.live_and_seen_by``), in a fixed number of queries whatever the project's size.
The filters are those of ``claim_filters``, so each figure's drill-down lists what it counted.
"""
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

from sqlalchemy import and_, case, exists, func, literal, null, select, union_all
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Article, Assignment, Claim, ClaimCluster, ClaimEvent, Source, User
from ..models.claim import CREDIBILITY, FINAL_STATUSES, STATUSES
from ..models.revision import ArticleRevision
from ..models.source import RELIABILITY
from ..revisions.findings import day
from ..revisions.orphans import waiting
from ..corroboration import blind
from ..suggestions import stats as suggestion_stats
from . import agreement, claim_filters, visibility, worklist
from .claim_filters import BACKLOG_STATUSES, ClaimFilters

DASHBOARD_FILTERS = ("outlet", "published_from", "published_to", "reviewer", "assignee")
ARTICLE_STATES = {"": "Imported", "unassigned": "Not assigned", "assigned": "Assigned, not started",
                  "in_progress": "In progress", "done": "Done", "open": "Assigned, not done"}
# The finding that matters most to a researcher: casualty figures that rest on one unnamed
# source from a party to the conflict ("" independent sources counts as one: none recorded).
WEAK_CASUALTY = {"kind": "casualty_figure", "named": "unnamed", "party": "party",
                 "independent_sources": "single"}
GROUPED = ("status", "source_type", "named", "party", "kind")


@dataclass
class Row:
    key: str
    label: str
    count: int


@dataclass
class Dashboard:
    articles: dict[str, int]
    double_reviewed: int
    claims: int
    final: int
    second_reviewed: int
    backlog: int
    backlog_oldest: datetime | None
    backlog_median: datetime | None
    open_articles_waited: tuple[datetime | None, datetime | None]   # oldest, median
    casualty: int
    weak_casualty: int
    tables: dict[str, list[Row]] = field(default_factory=dict)
    # Leads only, over every finished double review of the project (the filters do not apply):
    # {"articles": n, "span_f1": x, "fields": [[label, alpha, units], ...]}.
    agreement: dict | None = None
    # Corroboration (issue 11): casualty claims resting on one origin, contested clusters,
    # imported articles that are copies, statuses that disagree with the cluster's grade.
    corroboration: dict[str, int] = field(default_factory=dict)
    # Revisions (issue 12): findings recorded on claims ("removed", "changed"), the claims still
    # waiting in Orphans ("waiting"), and the latest findings ("recent", newest first).
    findings: dict = field(default_factory=dict)
    # Suggestions (issue 13): shown, open, accepted, rejected per part and, for a lead, per
    # reviewer (``suggestions.stats``; the filters do not apply).
    suggestions: dict = field(default_factory=dict)

    @property
    def claims_per_article(self) -> float | None:
        return self.claims / self.articles[""] if self.articles[""] else None

    @property
    def second_review_share(self) -> float | None:
        return self.second_reviewed / self.final if self.final else None


def parse_filters(args) -> tuple[ClaimFilters, dict[str, str]]:
    """The dashboard's filters (outlet, published dates, reviewer, assignee) from a query."""
    filters, problems = claim_filters.parse_filters(
        {k: v for k, v in args.items() if k in DASHBOARD_FILTERS})
    return filters, problems


def _claims(project_id: int, user: User, role: str, f: ClaimFilters, *columns):
    query = select(*columns).select_from(Claim)
    if claim_filters.article_conditions(f):   # joined only when a filter is about the article
        query = query.join(Article, Article.id == Claim.article_id)
    return query.where(Claim.project_id == project_id, visibility.live_and_seen_by(user, role),
                       claim_filters.conditions(f, blind.for_filters(f, project_id, user, role)))


def article_filters(f: ClaimFilters, assignee: User | None, state: str) -> worklist.ArticleFilters:
    """The article list's filters for one article figure (its drill-down)."""
    return worklist.ArticleFilters(assignee=assignee, state="" if state == "unassigned" else state,
                                   unassigned=state == "unassigned", outlet=f.outlet,
                                   published_from=f.published_from, published_to=f.published_to)


def fetch_article_counts(project_id: int, f: ClaimFilters, assignee: User | None) -> dict[str, int]:
    """Articles per state, with exactly the article list's conditions (one query)."""
    states = [s for s in ARTICLE_STATES if not (assignee and s == "unassigned")]
    counts = [func.count(case((and_(*worklist.conditions(
        project_id, article_filters(f, assignee, s))), 1))) for s in states]
    finished = and_(Article.double_review.is_(True), exists(
        select(Assignment.id).where(Assignment.article_id == Article.id)),
        ~exists(select(Assignment.id).where(Assignment.article_id == Article.id,
                                                     Assignment.state != "done")))
    copies = and_(*worklist.conditions(project_id, replace(article_filters(f, assignee, ""),
                                                           copies="copies")))
    row = db.session.execute(select(*counts, func.count(case((finished, 1))),
                                    func.count(case((copies, 1)))).select_from(Article)
                             .where(*worklist.conditions(project_id, article_filters(f, assignee, "")))).one()
    found = dict(zip(states, row[:-2]))
    found["double_reviewed"], found["copies"] = row[-2], row[-1]
    return found


def fetch_dashboard(project_id: int, user: User, role: str, f: ClaimFilters,
                    assignee: User | None, labels: dict[str, dict[str, str]]) -> Dashboard:
    articles = fetch_article_counts(project_id, f, assignee)
    corroboration = {"copies": articles.pop("copies"), **_corroboration(project_id, user, role, f)}
    tables = _tables(project_id, user, role, f, labels)
    tables["origins"] = [Row(g, label, corroboration.pop(f"origins_{g}"))
                         for g, label in claim_filters.ORIGIN_GROUPS.items()]
    backlog = Claim.status.in_(BACKLOG_STATUSES)
    final = Claim.status.in_(sorted(FINAL_STATUSES))
    weak = claim_filters.conditions(ClaimFilters(**WEAK_CASUALTY))
    row = db.session.execute(_claims(
        project_id, user, role, f, func.count(Claim.id), func.count(case((final, 1))),
        func.count(case((and_(final, Claim.review_state.in_(("accepted", "changed"))), 1))),
        func.count(case((backlog, 1))), func.min(case((backlog, Claim.created_at))),
        func.count(case((Claim.kind == "casualty_figure", 1))), func.count(case((weak, 1))))).one()
    median = db.session.scalar(_claims(project_id, user, role, f, Claim.created_at).where(backlog)
                               .order_by(Claim.created_at).offset(row[3] // 2).limit(1))
    return Dashboard(articles=articles, double_reviewed=articles.pop("double_reviewed"),
                     claims=row[0], final=row[1], second_reviewed=row[2], backlog=row[3],
                     backlog_oldest=_aware(row[4]), backlog_median=_aware(median),
                     open_articles_waited=_open_assignments_waited(project_id, f, assignee),
                     casualty=row[5], weak_casualty=row[6],
                     tables=tables, agreement=_agreement(project_id) if role == "lead" else None,
                     corroboration=corroboration, findings=_findings(project_id, user, role, f),
                     suggestions=suggestion_stats.fetch_stats(project_id, per_reviewer=role == "lead"))


def _corroboration(project_id, user, role, f) -> dict[str, int]:
    """Claims by independent origins, casualty claims on one origin, contested clusters and
    statuses disagreeing with the grade: one query, with the claim list's own conditions."""
    casualty = Claim.kind == "casualty_figure"
    groups = list(claim_filters.ORIGIN_GROUPS)
    seen = blind.summaries(user, role, project_id=project_id)   # as this person sees them
    contested = case((claim_filters.cluster_grade(seen) == "contested",
                      claim_filters._of_cluster(ClaimCluster.id)))
    row = db.session.execute(_claims(
        project_id, user, role, f,
        *(func.count(case((claim_filters.origins_are(g, seen), 1))) for g in groups),
        func.count(case((and_(casualty, claim_filters.origins_are("1", seen)), 1))),
        func.count(contested.distinct()),
        func.count(case((claim_filters.grade_disagrees(seen), 1))))).one()
    found = dict(zip((f"origins_{g}" for g in groups), row[:len(groups)]))
    found.update(casualty_single_origin=row[-3], contested_clusters=row[-2],
                 grade_disagrees=row[-1])
    return found


RECENT_FINDINGS = 10


def _findings(project_id, user, role, f) -> dict:
    """What the outlets removed or changed, as people recorded it: counts, the claims still
    waiting in Orphans, and the latest findings with their outlet and date (two queries)."""
    removed, changed = (Claim.anchor_finding == k for k in ("removed", "changed"))
    counts = db.session.execute(_claims(
        project_id, user, role, f, func.count(case((removed, 1))), func.count(case((changed, 1))),
        func.count(case((waiting(), 1))))).one()
    article = aliased(Article)
    recent = db.session.execute(_claims(
        project_id, user, role, f, Claim.id, Claim.anchor_finding, Claim.anchor_finding_revision,
        ArticleRevision.captured_at, article.site_name, article.original_outlet, Claim.kind)
        .join(article, article.id == Claim.article_id)
        .outerjoin(ArticleRevision, and_(ArticleRevision.article_id == Claim.article_id,
                                         ArticleRevision.number == Claim.anchor_finding_revision))
        .where(Claim.anchor_finding != "")
        .order_by(ArticleRevision.captured_at.desc(), Claim.id.desc()).limit(RECENT_FINDINGS)).all()
    return {"removed": counts[0], "changed": counts[1], "waiting": counts[2],
            "recent": [{"claim_id": i, "finding": found, "revision": n, "day": day(_aware(on)),
                        "outlet": site or outlet or "", "kind": kind or ""}
                       for i, found, n, on, site, outlet, kind in recent]}


def _agreement(project_id: int) -> dict:
    """The Double review page's headline figures: span F1 and Krippendorff's alpha per field."""
    found = agreement.project_agreement(project_id)
    return {"articles": found.articles, "span_f1": found.total.f1,
            "fields": [[f.label, f.alpha.value, f.alpha.n] for f in found.fields]}


def _tables(project_id, user, role, f, labels) -> dict[str, list[Row]]:
    names = {"status": STATUSES, **{n: labels.get(n, {}) for n in GROUPED[1:]}}
    tables = {n: _grouped(project_id, user, role, f, getattr(Claim, n), names[n]) for n in GROUPED}
    tables["grade"] = _grades(project_id, user, role, f)
    tables["weekly"], tables["reviewers"] = _throughput(project_id, user, role, f)
    return tables


def _grouped(project_id, user, role, f, column, names: dict[str, str]) -> list[Row]:
    counts = dict(db.session.execute(_claims(project_id, user, role, f, column, func.count())
                                     .group_by(column)).all())
    order = list(names) + sorted(k for k in counts if k not in names)
    return [Row(k or "-", names.get(k) or k or "Not recorded", counts[k]) for k in order if k in counts]


def _grades(project_id, user, role, f) -> list[Row]:
    reliability = func.coalesce(Source.reliability, "F")
    query = (_claims(project_id, user, role, f, reliability, Claim.credibility, func.count())
             .outerjoin(Source, Source.id == Claim.source_id).group_by(reliability, Claim.credibility))
    counts = {r + c: n for r, c, n in db.session.execute(query)}
    return [Row(r + c, f"{r}{c}: {RELIABILITY[r].lower()}, {CREDIBILITY[c].lower()}", counts[r + c])
            for r in RELIABILITY for c in CREDIBILITY if counts.get(r + c)]


def _throughput(project_id, user, role, f) -> tuple[list[Row], list[Row]]:
    """Claims reaching a final status per ISO week, and per reviewer (distinct claims), from one
    reading of the review trail: the events that gave a final status, counted two ways."""
    finals = (_claims(project_id, user, role, f, Claim.id.label("claim_id"),
                      claim_filters.week_of(ClaimEvent.created_at).label("week"),
                      ClaimEvent.actor_id.label("actor_id"))
              .join(ClaimEvent, ClaimEvent.claim_id == Claim.id)
              .where(claim_filters.reached_final()).cte("finals"))
    distinct_claims = func.count(finals.c.claim_id.distinct())
    per_week = (select(literal("week"), finals.c.week, null(), null(), distinct_claims)
                .group_by(finals.c.week))
    per_person = (select(literal("person"), null(), User.username, User.display_name, distinct_claims)
                  .join(User, User.id == finals.c.actor_id)
                  .group_by(User.username, User.display_name))
    rows = db.session.execute(union_all(per_week, per_person)).all()
    weekly = sorted((Row(_iso(w), _week_label(w), n) for k, w, _u, _d, n in rows if k == "week"),
                    key=lambda r: r.key)
    people = sorted((Row(u, d, n) for k, _w, u, d, n in rows if k == "person"), key=lambda r: r.key)
    return weekly, people


def _open_assignments_waited(project_id, f, assignee) -> tuple[datetime | None, datetime | None]:
    """When the oldest open (not done) assignment was made, and the median one (two queries)."""
    query = (select().select_from(Assignment).join(Article, Article.id == Assignment.article_id)
             .where(Assignment.project_id == project_id, Assignment.state != "done",
                    *claim_filters.article_conditions(f)))
    if assignee:
        query = query.where(Assignment.assignee_id == assignee.id)
    oldest, n = db.session.execute(query.add_columns(func.min(Assignment.created_at), func.count())).one()
    median = db.session.scalar(query.add_columns(Assignment.created_at)
                               .order_by(Assignment.created_at).offset(n // 2).limit(1))
    return _aware(oldest), _aware(median)


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _week_label(value) -> str:
    year, week, _ = (value if isinstance(value, date) else date.fromisoformat(value)).isocalendar()
    return f"{year}-W{week:02d}"


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is None or value.tzinfo:
        return value
    return value.replace(tzinfo=timezone.utc)
