"""The claim list: a project's claims, filtered like the dashboard and the exports."""
from flask import Blueprint, current_app, flash, g, render_template, request
from flask_login import current_user

from ..access import project_role
from ..extensions import db
from ..models import Project
from ..models.claim import CREDIBILITY
from ..models.source import RELIABILITY
from ..services import claim_filters
from ..services.claim_list import fetch_claims
from ..services.lists import fetch_lists, labels
from ._helpers import page_number

bp = Blueprint("claim_list", __name__, url_prefix="/projects/<int:project_id>/claims")
# Filters the form has no field for: kept as hidden fields when a figure set them.
HIDDEN = ("independent_sources", "second_review", "finalised_week", "finalised_by", "origins",
          "cluster_grade", "grade_disagrees")


@bp.route("/")
@project_role("viewer")
def index(project_id: int):
    """The claims you may see, newest first, narrowed by status, sourcing, grades, outlet,
    published dates, reviewer or assignee; each opens the claim or its article."""
    filters, problems = claim_filters.parse_filters(request.args)
    for message in problems.values():
        flash(message, "error")
    page, per_page = page_number(), current_app.config["PAGE_SIZE"]
    rows, total, more = fetch_claims(project_id, current_user, g.role, filters, page, per_page)
    lists = fetch_lists(project_id)
    return render_template(
        "claims/list.html", project=db.session.get(Project, project_id), rows=rows, total=total, more=more,
        page=page, per_page=per_page, filters=filters, lists=lists, names=labels(lists),
        statuses=claim_filters.STATUS_CHOICES, reliability=RELIABILITY, credibility=CREDIBILITY,
        outlets=claim_filters.fetch_outlets(project_id), members=claim_filters.fetch_people(project_id),
        hidden={k: v for k, v in filters.args().items() if k in HIDDEN})
