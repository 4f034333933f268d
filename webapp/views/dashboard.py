"""The dashboard: a project's coverage at a glance, each figure linked to what it counts."""
import csv
import io
from datetime import datetime, timedelta, timezone

from flask import Blueprint, Response, abort, flash, g, jsonify, render_template, request, url_for
from flask_login import current_user
from ..access import project_role
from ..exports.csv_export import neutralise
from ..extensions import db
from ..models import Project
from ..models.claim import CREDIBILITY
from ..models.source import RELIABILITY
from ..services import dashboard as dashboard_service
from ..services import dashboard_snapshots
from ..services.dashboard_snapshots import Counting
from ..services.claim_filters import fetch_outlets, fetch_people
from ..services.lists import fetch_lists, labels

bp = Blueprint("dashboard", __name__, url_prefix="/projects/<int:project_id>/dashboard")
# A first count not started after this long: the page says the worker may not be running.
WORKER_LATE = timedelta(minutes=2)
TITLES = {"articles": "Articles by state", "status": "Claims by status",
          "source_type": "Claims by source type", "named": "Named or unnamed source",
          "party": "Source's part in the events", "kind": "Claims by kind",
          "grade": "Admiralty grade (source reliability × information credibility)",
          "weekly": "Claims reaching a final status, per ISO week",
          "reviewers": "Claims given a final status, per reviewer",
          "origins": "Claims by number of independent origins"}


def drill_args(figure: str, key: str) -> dict[str, str]:
    """The claim-list filters that select what one row of a figure counted."""
    if figure == "grade":
        return {"reliability": key[0], "credibility": key[1:]}
    if figure == "weekly":
        return {"finalised_week": key}
    if figure == "reviewers":
        return {"finalised_by": key}
    return {figure: key}


def _figures(project_id: int):
    """Filters from the query string, and the figures they select for the current person."""
    filters, problems = dashboard_service.parse_filters(request.args)
    for message in problems.values():
        flash(message, "error")
    members = fetch_people(project_id)
    assignee = next((m for m in members if m.username == filters.assignee), None)
    if filters.assignee and assignee is None:
        flash("No member of this project has that username; the assignee filter is off.", "error")
        filters = filters.but(assignee="")
    names = labels(fetch_lists(project_id))
    counted = dashboard_snapshots.fetch(project_id, current_user, g.role, filters, assignee, names)
    return filters, counted, members, assignee


def age(moment: datetime | None) -> str:
    """How long something has waited, in the largest whole unit."""
    if moment is None:
        return "—"
    seconds = (datetime.now(timezone.utc) - moment).total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return "under a minute"


def _article_rows(figures) -> list[dashboard_service.Row]:
    return [dashboard_service.Row(k, label, figures.articles.get(k, 0))
            for k, label in dashboard_service.ARTICLE_STATES.items() if k in figures.articles]


@bp.route("/")
@project_role("viewer")
def index(project_id: int):
    """What the team has covered and how the claims are sourced, over the claims you may see,
    for an outlet, a date range, a reviewer or an assignee; every number opens its list."""
    filters, counted, members, assignee = _figures(project_id)
    if isinstance(counted, Counting):   # a large project's first count, in the worker
        waited = datetime.now(timezone.utc) - counted.asked_at
        return render_template(
            "dashboard/counting.html", project=db.session.get(Project, project_id), role=g.role,
            filters=filters, members=members, outlets=fetch_outlets(project_id),
            waited=age(counted.asked_at) if waited > WORKER_LATE else None)
    figures = counted.figures
    charts = {name: {"labels": [r.label for r in rows], "counts": [r.count for r in rows]}
              for name, rows in figures.tables.items()}
    return render_template(
        "dashboard/index.html", project=db.session.get(Project, project_id), role=g.role,
        filters=filters, figures=figures, counted=counted, members=members, outlets=fetch_outlets(project_id),
        article_rows=_article_rows(figures), titles=TITLES, charts=charts,
        claims_url=lambda **extra: url_for("claim_list.index", project_id=project_id,
                                           **{**filters.args(), **extra}),
        articles_url=lambda state: url_for("projects.show", project_id=project_id,
                                           **dashboard_service.article_filters(
                                               filters, assignee, state).args()),
        copies_url=url_for("projects.show", project_id=project_id, **{
            **dashboard_service.article_filters(filters, assignee, "").args(), "copies": "copies"}),
        drill_args=drill_args, age=age, reliability=RELIABILITY, credibility=CREDIBILITY,
        grade_counts={r.key: r.count for r in figures.tables["grade"]}, weak=dashboard_service.WEAK_CASUALTY,
        kind_names={r.key: r.label for r in figures.tables.get("kind", [])})


@bp.route("/<figure>.csv")
@project_role("viewer")
def figure_csv(project_id: int, figure: str):
    """One figure's numbers as a spreadsheet, with the dashboard's filters."""
    if figure not in TITLES:
        abort(404)
    _filters, counted, _members, _assignee = _figures(project_id)
    if isinstance(counted, Counting):
        return Response("The worker is counting these figures; ask again in a minute.\n",
                        status=503, content_type="text/plain; charset=utf-8",
                        headers={"Retry-After": "30", "Cache-Control": "no-store"})
    figures = counted.figures
    rows = _article_rows(figures) if figure == "articles" else figures.tables.get(figure, [])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["key", "label", "count"])
    for row in rows:
        writer.writerow([neutralise(row.key), neutralise(row.label), row.count])
    return Response(buffer.getvalue(), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="claimtrail-project-{project_id}-{figure}.csv"',
        "Cache-Control": "no-store"})


@bp.route("/freshness.json")
@project_role("viewer")
def freshness(project_id: int):
    """Whether the figures kept for these filters are current (the page asks while it shows a
    recount under way)."""
    filters, _problems = dashboard_service.parse_filters(request.args)
    stale = dashboard_snapshots.is_stale(project_id, current_user, g.role, filters)
    return jsonify(stale=stale), 200, {"Cache-Control": "no-store"}
