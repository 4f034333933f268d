"""Downloads of a project's claims: the export page, streamed files, the XLSX job, the archive."""
import logging
import re
from datetime import datetime, timezone

from flask import (Blueprint, Response, abort, flash, g, redirect, render_template, request,
                   stream_with_context, url_for)
from flask_login import current_user

from .. import tasks
from ..access import project_role
from ..exports.claim_review import stream_claim_reviews
from ..exports.csv_export import stream_csv
from ..exports.filters import ExportFilters, count_claims, parse_filters
from ..exports.jsonl_export import stream_jsonl
from ..exports.rows import begin_snapshot, iter_claim_rows
from ..exports.web_annotation import stream_collection
from ..extensions import db
from ..interop.annotation import MEDIA_TYPE as ANNOTATION_TYPE
from ..interop.archive import write_archive
from ..models import Project, User
from ..services import jobs as job_service
from ..services.claim_filters import STATUS_CHOICES
from ..services import projects as project_service
from ..services.errors import Invalid
from ..services.figures import fetch_vague_terms
from ..services.claim_filters import fetch_outlets
from ..services.lists import fetch_lists

bp = Blueprint("exports", __name__, url_prefix="/projects/<int:project_id>/export")
log = logging.getLogger("claimtrail.security")
FORMATS = {   # (rows, project id) -> the file's text; the table codes a CSV's vague figures
    "csv": (lambda rows, project_id: stream_csv(rows, fetch_vague_terms(project_id)),
            "text/csv; charset=utf-8"),
    "jsonl": (lambda rows, _project_id: stream_jsonl(rows), "application/x-ndjson; charset=utf-8"),
}
CHOICES = {"csv": "CSV (spreadsheets)", "jsonl": "JSON Lines (scripts)", "annotations": "W3C Web Annotation collection (JSON-LD)",
           "claimreview": "schema.org ClaimReview (JSON-LD; final statuses only)"}


def _filters_or_400() -> ExportFilters:
    filters, problems = parse_filters(request.args)
    if problems:
        raise Invalid(problems)   # shown on the error page, status 400
    return filters


def _log(project_id: int, fmt: str, filters: ExportFilters) -> None:
    log.info("export user_id=%s project_id=%s format=%s filters=%s ip=%s", current_user.id,
             project_id, fmt, filters.args(), request.remote_addr)


def _download(present, content_type: str, project_id: int, suffix: str) -> Response:
    """Stream ``present(user, role)``. It runs in the response's own database session (the
    view's has ended by then), which starts the snapshot every read of the export shares."""
    user_id, role = current_user.id, g.role

    def body():
        begin_snapshot()
        yield from present(db.session.get(User, user_id), role)

    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
    return Response(stream_with_context(body()), content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="claimtrail-project-{project_id}-{stamp}{suffix}"',
        "Cache-Control": "no-store"})


def _iri_maker(endpoint: str, project_id: int, arg: str, key: str):
    """A function row → absolute IRI, built once (url_for per row would cost per claim)."""
    head, tail = url_for(endpoint, project_id=project_id, _external=True,
                         **{arg: 987654321}).split("987654321")
    return lambda row: f"{head}{row[key]}{tail}"


def _revision_iri_maker(project_id: int):
    """A function row → the absolute IRI of the read page of the revision its offsets are in."""
    head, middle, tail = re.split(r"98765432[12]", url_for(
        "revisions.read", project_id=project_id, article_id=987654321, number=987654322,
        _external=True))
    return lambda row: f"{head}{row['article_id']}{middle}{row['revision']}{tail}"


def _trail() -> bool:
    return request.args.get("trail") == "1"


# The filters the page's form has fields for; others (from a dashboard figure or the claim list)
# are kept as hidden fields and named on the page.
FORM_FILTERS = ("status", "source_type", "outlet", "published_from", "published_to", "reviewer",
                "assignee")


@bp.route("/")
@project_role("viewer")
def index(project_id: int):
    """Choose which claims to export (status, source type, outlet, dates, reviewer, assignee),
    see how many match, and download them in the format you need."""
    filters, problems = parse_filters(request.args)
    for message in problems.values():
        flash(message, "error")
    members = [m.user for m in project_service.fetch_members(project_id)]
    return render_template(
        "exports/index.html", project=db.session.get(Project, project_id), role=g.role,
        filters=filters, count=count_claims(project_id, current_user, g.role, filters),
        statuses=STATUS_CHOICES, source_types=fetch_lists(project_id)["source_type"],
        outlets=fetch_outlets(project_id), members=sorted(members, key=lambda u: u.username),
        choices=CHOICES, also={k: v for k, v in filters.args().items() if k not in FORM_FILTERS},
        form_args={k: v for k, v in filters.args().items() if k in FORM_FILTERS})


@bp.route("/start")
@project_role("viewer")
def start(project_id: int):
    """Start the chosen download with the page's filters; it streams at once."""
    filters, problems = parse_filters(request.args)
    fmt = request.args.get("format", "")
    if problems or fmt not in CHOICES or fmt == "xlsx":
        flash("; ".join(problems.values()) or "Choose a format.", "error")
        return redirect(url_for(".index", project_id=project_id, **filters.args()))
    args = {**filters.args(), **({"trail": "1"} if request.args.get("trail") == "1" else {})}
    if fmt in FORMATS:
        return redirect(url_for(".claims", project_id=project_id, fmt=fmt, **args), 303)
    return redirect(url_for(f".{fmt}", project_id=project_id, **args), 303)


@bp.route("/xlsx", methods=["POST"])
@project_role("viewer", write="annotator")
def xlsx(project_id: int):
    """Prepare an XLSX file of the filtered claims in the background; its page shows the
    progress and then the download."""
    filters, problems = parse_filters(request.form)
    if problems:
        flash("; ".join(problems.values()), "error")
        return redirect(url_for(".index", project_id=project_id, **filters.args()))
    described = ", ".join(f"{k}: {v}" for k, v in filters.args().items())
    job = job_service.create_job(project_id, current_user, "export",
                                 f"XLSX export of {f'claims ({described})' if described else 'all claims'}",
                                 params={"filters": filters.args()})
    db.session.commit()
    _log(project_id, "xlsx", filters)
    tasks.enqueue(job)
    return redirect(url_for("jobs.show", project_id=project_id, job_id=job.id), 303)


@bp.route("/claims.<fmt>")
@project_role("viewer")
def claims(project_id: int, fmt: str):
    """Download the live claims you may see (filtered as on the export page) as CSV or JSON
    Lines, streamed."""
    if fmt not in FORMATS:
        abort(404)
    present, mimetype = FORMATS[fmt]
    filters = _filters_or_400()
    _log(project_id, fmt, filters)
    trail = _trail() and fmt == "jsonl"
    return _download(lambda user, role: present(
        iter_claim_rows(project_id, user, role, filters, trail=trail), project_id), mimetype,
        project_id, f".{fmt}")


@bp.route("/annotations.jsonld")
@project_role("viewer")
def annotations(project_id: int):
    """The claims as a W3C Web Annotation collection (JSON-LD), streamed."""
    filters = _filters_or_400()
    _log(project_id, "annotations", filters)
    label, trail = f"Claims of {db.session.get(Project, project_id).name}", _trail()
    iris = {"collection_iri": request.url, "generator_iri": request.url_root,
            "claim_iri": _iri_maker("claims.show", project_id, "claim_id", "claim_id"),
            "article_iri": _iri_maker("articles.read", project_id, "article_id", "article_id"),
            "cluster_iri": _iri_maker("clusters.show", project_id, "cluster_id", "id"),
            "revision_iri": _revision_iri_maker(project_id)}

    def present(user, role):
        total = count_claims(project_id, user, role, filters)   # same snapshot as the rows
        return stream_collection(iter_claim_rows(project_id, user, role, filters, trail=trail),
                                 total, label=label, trail=trail, **iris)
    return _download(present, ANNOTATION_TYPE + "; charset=utf-8", project_id, "-annotations.jsonld")


@bp.route("/claimreview.jsonld")
@project_role("viewer")
def claimreview(project_id: int):
    """The claims with a final status as schema.org ClaimReview (JSON-LD), streamed."""
    filters = _filters_or_400().only_final()
    _log(project_id, "claimreview", filters)
    iris = {"reviewer": db.session.get(Project, project_id).name,
            "claim_iri": _iri_maker("claims.show", project_id, "claim_id", "claim_id"),
            "article_iri": _iri_maker("articles.read", project_id, "article_id", "article_id")}
    return _download(lambda user, role: stream_claim_reviews(
        iter_claim_rows(project_id, user, role, filters), **iris),
        "application/ld+json; charset=utf-8", project_id, "-claimreview.jsonld")


@bp.route("/archive.jsonl")
@project_role("lead")
def archive(project_id: int):
    """The whole project — articles, claims, evidence, review trail — as a JSON Lines archive
    that ``flask import-project`` (or another instance) reads back."""
    _log(project_id, "archive", ExportFilters())
    return _download(lambda user, role: write_archive(project_id, user, role),
                     "application/x-ndjson; charset=utf-8", project_id, "-archive.jsonl")
