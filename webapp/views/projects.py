"""Projects: the list, one project's overview, its members and its lists."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import tasks
from ..access import project_role, signed_in
from ..extensions import db
from ..forms.assignments import SettingsForm
from ..forms.projects import ListValueForm, MemberForm, ProjectForm, RoleForm, VagueTermForm
from ..models import Project
from ..models.assignment import ASSIGNMENT_STATES
from ..revisions import watch_settings
from ..services import assignments as assignment_service
from ..services import figures as figure_service
from ..services import lists as list_service
from ..services import projects as project_service
from ..services import worklist
from ..services.errors import Duplicate, Invalid, NotFound
from ..suggestions import settings as suggestion_settings
from ._helpers import page_number, show_invalid

bp = Blueprint("projects", __name__)


@bp.route("/", methods=["GET", "POST"])
@signed_in
def index():
    """Your projects; anyone signed in can start one and becomes its lead."""
    form = ProjectForm()
    if form.validate_on_submit():
        try:
            project = project_service.create_project(form.name.data, current_user,
                                                     form.description.data or "")
            db.session.commit()
            return redirect(url_for("projects.show", project_id=project.id))
        except Invalid as exc:
            show_invalid(form, exc)
    return render_template("projects/index.html", form=form,
                           projects=project_service.fetch_projects_for(current_user),
                           memberships=project_service.fetch_memberships_of(current_user))


@bp.route("/projects/<int:project_id>")
@project_role("viewer")
def show(project_id: int):
    """A project's articles with their assignees, states and claim counts, filtered by
    assignee, state, "unassigned" or title; leads assign the ticked articles from here."""
    filters = worklist.parse_filters(project_id, request.args)
    page = page_number()
    per_page = current_app.config["PAGE_SIZE"]
    rows, total = worklist.fetch_worklist(project_id, filters, page, per_page, current_user, g.role)
    members = assignment_service.fetch_assignable_members(project_id)
    return render_template("projects/show.html", project=db.session.get(Project, project_id),
                           rows=rows, total=total, page=page, per_page=per_page, role=g.role,
                           filters=filters, state_filters=worklist.STATE_FILTERS, copy_filters=worklist.COPY_FILTERS,
                           states=ASSIGNMENT_STATES, members=members,
                           assigned_any=g.role == "lead" and assignment_service.has_assignments(project_id))


@bp.route("/projects/<int:project_id>/settings", methods=["GET", "POST"])
@project_role("lead")
def settings(project_id: int):
    """The project's settings: who may mark claims where, whether a second review is needed,
    how articles from an address are watched, and whether likely claims are suggested."""
    project = db.session.get(Project, project_id)
    form = SettingsForm(obj=project)
    if form.validate_on_submit():
        try:
            changes = assignment_service.update_settings(project, form.annotators_edit_all.data,
                                                         form.second_review_required.data)
            changes |= watch_settings.update(project, **{n: form[n].data for n in watch_settings.FIELDS})
            changes |= suggestion_settings.set_enabled(project, form.suggestions_enabled.data)
            db.session.commit()
            flash("Settings saved." if changes else "Nothing changed.", "success")
            return redirect(url_for("projects.settings", project_id=project_id))
        except Invalid as exc:
            show_invalid(form, exc)
    return render_template("projects/settings.html", project=project, form=form), \
        422 if request.method == "POST" else 200


@bp.route("/projects/<int:project_id>/settings/suggestions", methods=["POST"])
@project_role("lead")
def rerun_suggestions(project_id: int):
    """Make every article's open suggestions again (in the worker; the job page shows how far)."""
    try:
        job = suggestion_settings.start_rerun(db.session.get(Project, project_id), current_user)
    except Invalid as exc:
        flash(exc.message, "error")
        return redirect(url_for("projects.settings", project_id=project_id))
    db.session.commit()
    tasks.enqueue(job)
    return redirect(url_for("jobs.show", project_id=project_id, job_id=job.id))


@bp.route("/projects/<int:project_id>/members", methods=["GET", "POST"])
@project_role("lead")
def members(project_id: int):
    """Members and their roles; a lead adds, changes and removes them."""
    project = db.session.get(Project, project_id)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            membership = project_service.add_member(project, form.username.data, form.role.data,
                                                    added_by=current_user)
            db.session.commit()
            flash(f"{membership.user.username} joined as {membership.role}.", "success")
            return redirect(url_for("projects.members", project_id=project_id))
        except Invalid as exc:
            show_invalid(form, exc)
        except Duplicate as exc:
            db.session.rollback()
            form.username.errors = [exc.message]
    return render_template("projects/members.html", project=project, form=form,
                           members=project_service.fetch_members(project_id),
                           role_form=RoleForm(), remove_form=FlaskForm())


@bp.route("/projects/<int:project_id>/members/<int:membership_id>/role", methods=["POST"])
@project_role("lead")
def set_role(project_id: int, membership_id: int):
    """Change a member's role."""
    membership = project_service.get_member(project_id, membership_id)
    form = RoleForm()
    if form.validate_on_submit():
        project_service.set_role(membership, form.role.data)
        db.session.commit()
        flash(f"{membership.user.username} is now {membership.role}.", "success")
    return redirect(url_for("projects.members", project_id=project_id))


@bp.route("/projects/<int:project_id>/members/<int:membership_id>/remove", methods=["POST"])
@project_role("lead")
def remove_member(project_id: int, membership_id: int):
    """Remove a member; their claims and history stay."""
    membership = project_service.get_member(project_id, membership_id)
    name = membership.user.username
    project_service.remove_member(membership)
    db.session.commit()
    flash(f"{name} was removed from the project.", "success")
    return redirect(url_for("projects.members", project_id=project_id))


@bp.route("/projects/<int:project_id>/lists", methods=["GET"])
@project_role("viewer")
def lists(project_id: int):
    """The project's lists of values (claim kinds, source types, …)."""
    return render_template("projects/lists.html", project=db.session.get(Project, project_id),
                           lists=list_service.fetch_lists(project_id),
                           list_labels=list_service.LIST_LABELS, form=ListValueForm(),
                           action_form=FlaskForm(), role=g.role)


@bp.route("/projects/<int:project_id>/lists/<list_name>", methods=["POST"])
@project_role("lead")
def add_list_value(project_id: int, list_name: str):
    """Add a value to one of the project's lists."""
    form = ListValueForm()
    if form.validate_on_submit():
        try:
            item = list_service.add_value(project_id, list_name, form.label.data)
            db.session.commit()
            flash(f"Added “{item.label}”.", "success")
        except Invalid as exc:
            db.session.rollback()
            flash(exc.message, "error")
    else:
        flash("Give the value a name.", "error")
    return redirect(url_for("projects.lists", project_id=project_id))


@bp.route("/projects/<int:project_id>/lists/items/<int:item_id>", methods=["POST"])
@project_role("lead")
def edit_list_value(project_id: int, item_id: int):
    """Rename a value, or retire / restore it (values in use are never deleted)."""
    item = list_service.get_item(project_id, item_id)
    form = ListValueForm()
    from flask import request
    if request.form.get("action") == "retire":
        list_service.set_retired(item, not item.retired)
    elif form.validate_on_submit():
        try:
            list_service.rename_value(item, form.label.data)
        except Invalid as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for("projects.lists", project_id=project_id))
    db.session.commit()
    flash(f"Saved “{item.label}”{' (retired)' if item.retired else ''}.", "success")
    return redirect(url_for("projects.lists", project_id=project_id))


@bp.route("/projects/<int:project_id>/vague-quantities", methods=["GET", "POST"])
@project_role("lead")
def vague_terms(project_id: int):
    """The project's table of vague quantities ("dozens" is coded as 12): change a number,
    add a term, or remove one that no figure uses."""
    form = VagueTermForm()
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "remove":
                flash(f"Removed “{figure_service.remove_vague_term(project_id, form.term.data)}”.", "success")
            else:
                row = figure_service.set_vague_term(project_id, form.term.data, form.value.data)
                flash(f"“{row.term}” is coded as {row.value:,}.", "success")
            db.session.commit()
            return redirect(url_for("projects.vague_terms", project_id=project_id))
        except (Invalid, NotFound) as exc:
            db.session.rollback()
            flash(exc.message, "error")
    return render_template("projects/vague_terms.html", project=db.session.get(Project, project_id),
                           terms=figure_service.fetch_vague_terms(project_id), form=form), \
        422 if form.errors or request.method == "POST" else 200
