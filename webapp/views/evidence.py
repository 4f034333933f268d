"""The project's evidence: every item, and for one item every claim that uses it."""
from flask import Blueprint, g, render_template, request
from flask_login import current_user

from ..access import project_role
from ..extensions import db
from ..models import Project
from ..models.claim import STATUSES
from ..models.evidence import STANCES
from ..services import evidence as evidence_service
from ..services.errors import Invalid
from ._helpers import page_number

bp = Blueprint("evidence", __name__, url_prefix="/projects/<int:project_id>/evidence")
PER_PAGE = 50


@bp.route("/")
@project_role("viewer")
def index(project_id: int):
    """Every evidence item of the project, newest first, with how many claims use it."""
    q, message = request.args.get("q", ""), None
    try:
        rows, total = evidence_service.fetch_project_evidence(
            project_id, current_user, g.role, q, page_number(), PER_PAGE)
    except Invalid as exc:
        rows, total, message = [], 0, exc.message
    return render_template("evidence/index.html", project=db.session.get(Project, project_id),
                           rows=rows, total=total, q=q[:evidence_service.MAX_SEARCH],
                           page=page_number(), per_page=PER_PAGE, message=message), (422 if message else 200)


@bp.route("/<int:evidence_id>")
@project_role("viewer")
def show(project_id: int, evidence_id: int):
    """One evidence item and every claim, in any article, that it supports or contradicts."""
    evidence = evidence_service.get_evidence(project_id, evidence_id, current_user, g.role)
    return render_template("evidence/show.html", project=db.session.get(Project, project_id),
                           evidence=evidence, statuses=STATUSES, stances=STANCES,
                           uses=evidence_service.fetch_claims_using(evidence, current_user, g.role))
