"""The dashboard's figures, counted once and kept until the project changes (issue 5, "At scale").

Counting a million claims takes seconds; a team lead should not wait for it on every visit. So
the figures for one project, scope and set of filters are kept in ``dashboard_snapshots`` with
the project's *data version* at the time of counting:

- same version: the page shows the kept figures (a few small queries, whatever the size);
- changed version, small project (at most ``DASHBOARD_SYNC_CLAIMS`` claims): counted again on
  the spot, so the figures are always current where that is cheap;
- changed version, large project: the page shows the kept figures with the time they were
  counted and a notice, and the task queue's worker counts again (one recount at a time);
- no figures yet for these filters: counted on the spot in a small project; in a large one the
  worker counts them (a placeholder row, version "", marks the count as asked for, so that
  one is queued) and the page says so until they are ready. A web worker never spends seconds
  counting: two leads filtering a project of a million claims would otherwise hold both.

The data version moves with everything a figure counts: every change to a claim writes a claim
event (the review trail), every assignment change or double-review decision an article event,
every grading of a source a source grade; articles are only ever added. Reading it is four
index look-ups.
"""
import importlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from time import perf_counter
from urllib.parse import urlencode

from flask import current_app
from sqlalchemy import func, or_, select, update

from .. import database
from ..extensions import db
from ..models import (Article, ArticleCopy, ArticleEvent, Claim, ClaimEvent, DashboardSnapshot,
                      Project, Source, SourceGrade, Suggestion, User)
from ..models._time import utcnow
from . import background, dashboard, projects
from .claim_filters import ClaimFilters, parse_filters
from .dashboard import Dashboard, Row

FIGURES_FORMAT = "f4"   # what a kept count holds: raise it when a figure is added
# A recount asked for longer ago than this is taken to have died with its worker: ask again.
RECOUNT_GIVE_UP = timedelta(minutes=15)


@dataclass
class Counting:
    """No figures yet: the worker was asked to count them at ``asked_at``."""
    asked_at: datetime


@dataclass
class Counted:
    figures: Dashboard
    computed_at: datetime
    seconds: float      # how long the count took
    stale: bool         # the project has changed since; a recount is under way


def data_version(project_id: int) -> str:
    """A string that changes whenever anything the dashboard counts changes (one query)."""
    def newest(column, *where):
        return select(func.max(column)).where(*where).scalar_subquery()
    row = db.session.execute(select(
        newest(ClaimEvent.id, ClaimEvent.project_id == project_id),
        newest(ArticleEvent.id, ArticleEvent.project_id == project_id),
        newest(Article.id, Article.project_id == project_id),
        select(func.max(SourceGrade.id)).join(Source, Source.id == SourceGrade.source_id)
        .where(Source.project_id == project_id).scalar_subquery(),
        # Copies found by a run of find-copies are stored without an event (a lead's decision
        # on one is an article event).
        newest(ArticleCopy.id, ArticleCopy.project_id == project_id),
        # Suggestions: made (a new id; a re-run's too), decided (the decided ones are counted on
        # the (project, status) index), withdrawn (the setting turned off).
        newest(Suggestion.id, Suggestion.project_id == project_id),
        select(func.count()).where(Suggestion.project_id == project_id,
                                   Suggestion.status.in_(("accepted", "rejected"))).scalar_subquery(),
        select(Project.suggestions_enabled).where(Project.id == project_id).scalar_subquery())).one()
    # FIGURES_FORMAT first: figures kept by an older release (without the corroboration
    # figures) are then never current, and are counted again.
    return ".".join((FIGURES_FORMAT, *(str(int(v or 0)) for v in row)))


def scope_of(user: User, role: str) -> str:
    """Leads see every claim; anyone else sees what blind review lets them see."""
    return "lead" if role == "lead" else f"user:{user.id}"


def filters_key(filters: ClaimFilters) -> str:
    return urlencode(sorted(filters.args().items()))


def fetch(project_id: int, user: User, role: str, filters: ClaimFilters, assignee: User | None,
          labels: dict[str, dict[str, str]]) -> Counted | Counting:
    """The figures for this person and these filters, as current as the rules above allow;
    ``Counting`` while the worker makes a large project's first count for them."""
    version = data_version(project_id)
    scope, key = scope_of(user, role), filters_key(filters)
    kept = _kept(project_id, scope, key)
    large = current_app.config["DASHBOARD_SYNC_CLAIMS"]
    if kept is not None and kept.figures and (kept.version == version
                                              or kept.figures["claims"] > large):
        counted = _counted(kept, labels, stale=kept.version != version)
        if counted.stale:
            _ask_for_recount(kept.id, project_id, user.id, filters)
        return counted
    if _more_claims_than(project_id, large):
        return _count_in_worker(project_id, user, filters, scope, key, version, kept, labels)
    started = perf_counter()
    figures = dashboard.fetch_dashboard(project_id, user, role, filters, assignee, labels)
    seconds = perf_counter() - started
    _keep(project_id, scope, key, version, figures, seconds)
    return Counted(figures, utcnow(), seconds, stale=False)


def _kept(project_id: int, scope: str, key: str) -> DashboardSnapshot | None:
    return db.session.scalar(select(DashboardSnapshot).where(
        DashboardSnapshot.project_id == project_id, DashboardSnapshot.scope == scope,
        DashboardSnapshot.filters_key == key))


def _counted(kept: DashboardSnapshot, labels: dict[str, dict[str, str]], stale: bool) -> Counted:
    return Counted(relabel(from_json(kept.figures), labels), _aware(kept.computed_at),
                   kept.seconds, stale=stale)


def _more_claims_than(project_id: int, limit: int) -> bool:
    """Whether the project has more than ``limit`` live claims (reads at most limit + 1 index
    entries, whatever the project's size)."""
    live = select(Claim.id).where(Claim.project_id == project_id, Claim.deleted_at.is_(None))
    return db.session.scalar(select(func.count()).select_from(
        live.limit(limit + 1).subquery())) > limit


def _count_in_worker(project_id: int, user: User, filters: ClaimFilters, scope: str, key: str,
                     version: str, kept: DashboardSnapshot | None,
                     labels: dict[str, dict[str, str]]) -> Counted | Counting:
    """Queue the count of these figures in a large project (once: the request that stores the
    placeholder queues it; a count asked for long ago is asked again). Then return what is
    kept, if anything: the worker may have counted already (the tests run it at once), or the
    figures are from before the project grew large (shown as old)."""
    if kept is None:
        values = {"project_id": project_id, "scope": scope, "filters_key": key, "version": "",
                  "figures": {}, "computed_at": utcnow(), "seconds": 0.0,
                  "refresh_requested_at": utcnow()}
        statement = _dialect().insert(DashboardSnapshot).values(values).on_conflict_do_nothing(
            index_elements=["project_id", "scope", "filters_key"])
        with database.writing():
            placed = db.session.execute(statement).rowcount
        if placed:
            background.hand_over(background.DASHBOARD_RECOUNT, project_id, user.id, filters.args())
    else:
        _ask_for_recount(kept.id, project_id, user.id, filters)
    kept = _kept(project_id, scope, key)
    if kept.figures:
        return _counted(kept, labels, stale=kept.version != version)
    return Counting(_aware(kept.refresh_requested_at or kept.computed_at))


def _dialect():
    """The database's own INSERT … ON CONFLICT (only the dialect in use is loaded)."""
    return importlib.import_module(f"sqlalchemy.dialects.{db.engine.dialect.name}")


def is_stale(project_id: int, user: User, role: str, filters: ClaimFilters) -> bool:
    """True while the kept figures are older than the project's data (or there are none)."""
    kept = db.session.scalar(select(DashboardSnapshot.version).where(
        DashboardSnapshot.project_id == project_id, DashboardSnapshot.scope == scope_of(user, role),
        DashboardSnapshot.filters_key == filters_key(filters)))
    return kept != data_version(project_id)


def recount(project_id: int, user_id: int, filter_args: dict[str, str]) -> None:
    """Count the figures again and keep them (the worker's task). The version is read first,
    so a change made during the count leaves the figures stale, to be counted again."""
    user = db.session.get(User, user_id)
    # The role the page had: an instance admin counts as a lead, member or not.
    role = projects.project_and_role(project_id, user)[1] if user is not None else None
    if role is None:   # no longer a member: nothing to count for them
        return
    filters, _problems = parse_filters(filter_args)
    assignee = db.session.scalar(select(User).where(User.username == filters.assignee)) \
        if filters.assignee else None
    database.reads_first()   # a count of seconds must not hold SQLite's write lock
    try:
        db.session.commit()
        version = data_version(project_id)
        started = perf_counter()
        figures = dashboard.fetch_dashboard(project_id, user, role, filters, assignee, {})
        seconds = perf_counter() - started
        _keep(project_id, scope_of(user, role), filters_key(filters), version, figures, seconds)
    finally:
        database.end_request()


def _ask_for_recount(snapshot_id: int, project_id: int, user_id: int, filters: ClaimFilters) -> None:
    """Queue one recount: only the request that marks the snapshot first enqueues it."""
    now = utcnow()
    with database.writing():
        marked = db.session.execute(update(DashboardSnapshot).where(
            DashboardSnapshot.id == snapshot_id,
            or_(DashboardSnapshot.refresh_requested_at.is_(None),
                DashboardSnapshot.refresh_requested_at < now - RECOUNT_GIVE_UP))
            .values(refresh_requested_at=now)
            .execution_options(synchronize_session=False)).rowcount
    if marked:
        background.hand_over(background.DASHBOARD_RECOUNT, project_id, user_id, filters.args())


def _keep(project_id: int, scope: str, key: str, version: str, figures: Dashboard,
          seconds: float) -> None:
    """Insert or replace the snapshot, in its own short write transaction (a page view that
    counted writes too: the figures are kept for the next one)."""
    values = {"project_id": project_id, "scope": scope, "filters_key": key, "version": version,
              "figures": to_json(figures), "computed_at": utcnow(), "seconds": seconds,
              "refresh_requested_at": None}
    statement = _dialect().insert(DashboardSnapshot).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=["project_id", "scope", "filters_key"],
        set_={k: statement.excluded[k] for k in ("version", "figures", "computed_at", "seconds",
                                                  "refresh_requested_at")})
    with database.writing():
        db.session.execute(statement)


def to_json(figures: Dashboard) -> dict:
    def moment(value: datetime | None) -> str | None:
        return value.isoformat() if value else None
    return {"articles": figures.articles, "double_reviewed": figures.double_reviewed,
            "claims": figures.claims, "final": figures.final,
            "second_reviewed": figures.second_reviewed, "backlog": figures.backlog,
            "backlog_oldest": moment(figures.backlog_oldest),
            "backlog_median": moment(figures.backlog_median),
            "open_articles_waited": [moment(v) for v in figures.open_articles_waited],
            "casualty": figures.casualty, "weak_casualty": figures.weak_casualty,
            "tables": {name: [[r.key, r.label, r.count] for r in rows]
                       for name, rows in figures.tables.items()},
            "agreement": figures.agreement, "corroboration": figures.corroboration,
            "findings": figures.findings, "suggestions": figures.suggestions}


def from_json(data: dict) -> Dashboard:
    def moment(value: str | None) -> datetime | None:
        return _aware(datetime.fromisoformat(value)) if value else None
    return Dashboard(
        articles=data["articles"], double_reviewed=data["double_reviewed"], claims=data["claims"],
        final=data["final"], second_reviewed=data["second_reviewed"], backlog=data["backlog"],
        backlog_oldest=moment(data["backlog_oldest"]), backlog_median=moment(data["backlog_median"]),
        open_articles_waited=tuple(moment(v) for v in data["open_articles_waited"]),
        casualty=data["casualty"], weak_casualty=data["weak_casualty"],
        tables={name: [Row(*r) for r in rows] for name, rows in data["tables"].items()},
        agreement=data.get("agreement"), corroboration=data.get("corroboration", {}),
        findings=data.get("findings", {}), suggestions=data.get("suggestions", {}))


def relabel(figures: Dashboard, labels: dict[str, dict[str, str]]) -> Dashboard:
    """The project's list labels as they are now (a list item renamed since the count)."""
    for name in dashboard.GROUPED[1:]:
        names = labels.get(name, {})
        figures.tables[name] = [Row(r.key, names.get(r.key) or r.label, r.count)
                                for r in figures.tables.get(name, [])]
    return figures


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
