"""The project's source registry."""
from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_login import current_user

from ..access import project_role
from ..extensions import db
from ..forms.sources import GradeForm, SourceForm
from ..models import Project
from ..services import sources as source_service
from ..services.errors import Invalid
from ._helpers import show_invalid

bp = Blueprint("sources", __name__, url_prefix="/projects/<int:project_id>/sources")


@bp.route("/", methods=["GET", "POST"])
@project_role("viewer", write="annotator")
def index(project_id: int):
    """Every source in the project, with its reliability grade and how many claims cite it."""
    form, grade = SourceForm(), GradeForm()
    if form.validate_on_submit():
        if g.role == "viewer":
            return render_template("errors/error.html", status=403,
                                   message="Viewers cannot register sources."), 403
        try:
            source = source_service.create_source(
                project_id, current_user, form.name.data, form.entry_kind.data,
                form.affiliation.data or "", form.notes.data or "", form.sensitive.data,
                grade.reliability.data or "F", grade.reason.data or "")
            db.session.commit()
            flash(f"Source “{source.name}” registered.", "success")
            return redirect(url_for("sources.show", project_id=project_id, source_id=source.id))
        except Invalid as exc:
            show_invalid(form, exc)
    return render_template("sources/index.html", project=db.session.get(Project, project_id),
                           rows=source_service.fetch_sources_with_counts(project_id, current_user, g.role), form=form,
                           grade=grade, role=g.role)


@bp.route("/<int:source_id>", methods=["GET", "POST"])
@project_role("viewer", write="annotator")
def show(project_id: int, source_id: int):
    """One source: who it is, and every reliability grading it received, with reasons."""
    source = source_service.get_visible_source(project_id, source_id, current_user, g.role)
    form = GradeForm()
    if form.validate_on_submit():
        if g.role == "viewer":
            return render_template("errors/error.html", status=403,
                                   message="Viewers cannot grade sources."), 403
        try:
            source_service.grade_source(source, current_user, form.reliability.data, form.reason.data)
            db.session.commit()
            flash(f"Reliability set to {source.reliability}.", "success")
            return redirect(url_for("sources.show", project_id=project_id, source_id=source.id))
        except Invalid as exc:
            show_invalid(form, exc)
    show_sensitive = g.role in ("annotator", "lead")
    return render_template("sources/show.html", project=db.session.get(Project, project_id),
                           source=source, form=form, role=g.role, show_sensitive=show_sensitive)
