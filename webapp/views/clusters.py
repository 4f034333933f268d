"""Claim clusters: the reports of one claim across articles — the cluster page and list,
linking a suggested report from a claim's page, unlinking, splitting, merging, marking an
admission."""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import project_role
from ..corroboration import blind, clusters, confirmation
from ..extensions import db
from ..models import Project
from ..models.claim import STATUSES
from ..models.cluster import GRADES
from ..services import assignments as assignment_service
from ..services import claims as claim_service
from ..services.errors import Invalid, NotFound

bp = Blueprint("clusters", __name__, url_prefix="/projects/<int:project_id>")
PAGE = 50


def _claim(project_id: int, claim_id: int):
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role, for_update=True)
    assignment_service.check_may_edit(current_user, g.role, claim.article)
    return claim


def _back(project_id: int, claim_id: int):
    target = request.form.get("next", "")
    if target.startswith(f"/projects/{project_id}/") and not target.startswith("//"):
        return redirect(target)
    return redirect(url_for("claims.show", project_id=project_id, claim_id=claim_id) + "#reports")


def _done(message: str) -> None:
    db.session.commit()
    flash(message, "success")


def _refused(exc: Invalid) -> None:
    db.session.rollback()
    flash(exc.message, "error")


@bp.route("/claims/<int:claim_id>/link", methods=["POST"])
@project_role("annotator")
def link(project_id: int, claim_id: int):
    """Link another report of the same claim to this one (a cluster is made or joined)."""
    claim = _claim(project_id, claim_id)
    try:
        other_id = int(request.form.get("other_claim_id", ""))
        other = claim_service.get_claim(project_id, other_id, current_user, g.role, for_update=True)
        cluster = clusters.link(claim, other, current_user, request.form.get("reason", ""))
        seen = blind.summary(cluster, current_user, g.role)   # not the reports it may not see
        _done(f"Linked: the cluster now holds {seen.reports} reports from "
              f"{seen.origins} independent origin{'s' * (seen.origins != 1)}.")
    except ValueError:
        flash("Choose the report to link.", "error")
    except Invalid as exc:
        _refused(exc)
    return _back(project_id, claim_id)


@bp.route("/claims/<int:claim_id>/unlink", methods=["POST"])
@project_role("annotator")
def unlink(project_id: int, claim_id: int):
    claim = _claim(project_id, claim_id)
    try:
        clusters.unlink(claim, current_user, request.form.get("reason", ""))
        _done("The report left its cluster.")
    except Invalid as exc:
        _refused(exc)
    return _back(project_id, claim_id)


@bp.route("/claims/<int:claim_id>/admission", methods=["POST"])
@project_role("annotator")
def admission(project_id: int, claim_id: int):
    """Mark or unmark the report as the admission of the party concerned."""
    claim = _claim(project_id, claim_id)
    try:
        marked = request.form.get("admission") == "1"
        clusters.set_admission(claim, current_user, marked, request.form.get("reason", ""))
        _done("Marked as the admission of the party concerned." if marked else "No longer marked as an admission.")
    except Invalid as exc:
        _refused(exc)
    return _back(project_id, claim_id)


@bp.route("/clusters/<int:cluster_id>/split", methods=["POST"])
@project_role("annotator")
def split(project_id: int, cluster_id: int):
    """Split the ticked reports off into a cluster of their own."""
    cluster = clusters.get_cluster(project_id, cluster_id)
    ids = [int(v) for v in request.form.getlist("claim_id") if v.isdigit()]
    target = url_for("clusters.show", project_id=project_id, cluster_id=cluster_id)
    for claim_id in ids:
        _claim(project_id, claim_id)   # each must be visible and editable by this person
    try:
        new = clusters.split(cluster, ids, current_user, request.form.get("reason", ""))
        _done(f"Split: {len(ids)} reports are now cluster {new.id}.")
    except Invalid as exc:
        _refused(exc)
    return redirect(target)


@bp.route("/clusters/<int:cluster_id>/merge", methods=["POST"])
@project_role("annotator")
def merge(project_id: int, cluster_id: int):
    """Merge another cluster of the project into this one: its reports move here."""
    cluster = clusters.get_cluster(project_id, cluster_id, for_update=True)
    try:
        other_id = int(request.form.get("other_cluster_id", ""))
        if not 0 < other_id < 2**31:   # what an id column holds: larger is no cluster
            raise NotFound("No such cluster.")
        other = clusters.get_cluster(project_id, other_id, for_update=True)
        clusters.merge(cluster, other, current_user, request.form.get("reason", ""))
        _done(f"Merged: the reports of cluster {other_id} are now in this cluster.")
    except ValueError:
        flash("Give the number of the cluster to merge into this one.", "error")
    except NotFound:
        flash("The project has no cluster of that number.", "error")
    except Invalid as exc:
        _refused(exc)
    return redirect(url_for("clusters.show", project_id=project_id, cluster_id=cluster_id))


@bp.route("/clusters/<int:cluster_id>")
@project_role("viewer")
def show(project_id: int, cluster_id: int):
    """Every report of the claim, its independent origins and why reports collapse into one,
    the figure range and the grade beside each analyst's status."""
    cluster = clusters.get_cluster(project_id, cluster_id)
    rows, assessment = clusters.assess(cluster.id, current_user, g.role)
    origin_of = {r.claim_id: n for n, o in enumerate(assessment.origins, 1) for r in o.reports}
    return render_template(
        "clusters/show.html", project=db.session.get(Project, project_id), cluster=cluster,
        rows=rows, assessment=assessment, origin_of=origin_of, grades=GRADES, statuses=STATUSES,
        can_edit=g.role in ("annotator", "lead"))


@bp.route("/clusters/")
@project_role("viewer")
def index(project_id: int):
    grade = request.args.get("grade", "")
    if grade and grade not in GRADES:
        return render_template("errors/error.html", status=400,
                               message=f"Unknown grade; choose one of {', '.join(GRADES)}."), 400
    page = max(1, request.args.get("page", 1, type=int) or 1)
    found, counts, seen = blind.fetch_cluster_page(project_id, current_user, g.role, grade,
                                                   page, PAGE)
    return render_template("clusters/index.html", project=db.session.get(Project, project_id),
                           clusters=found, grade=grade, grades=GRADES, counts=counts, seen=seen)


@bp.route("/clusters/confirmed-for-review")
@project_role("viewer")
def confirmed_for_review(project_id: int):
    """Claims marked confirmed or partly confirmed that rest on their own origin alone: listed
    for review (the rule refuses new ones; these were confirmed before it or lost their
    corroboration), never changed here."""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    found, more = confirmation.unsupported_confirmed(project_id, current_user, g.role, page)
    return render_template("clusters/for_review.html", project=db.session.get(Project, project_id),
                           found=found, page=page, more=more, statuses=STATUSES)
