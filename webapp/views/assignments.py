"""Assigning articles (one, ticked ones, spread round robin), reassigning, taking back,
starting / finishing / reopening an assignment, and an article's trail.

A refusal (a non-member, a viewer, an article of another project, a duplicate, a state that
does not allow the step) rolls everything back and answers with its status and the reason.
"""
from collections import Counter

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import project_role
from ..extensions import db
from ..forms.assignments import (AssignForm, BulkAssignForm, ReassignForm, RoundRobinForm,
                                 StateForm, UnassignForm)
from ..models import Project
from ..models.assignment import ASSIGNMENT_STATES
from ..services import articles as article_service
from ..services import assignments as assignment_service
from ..services import worklist
from ..services.errors import DomainError, Invalid

bp = Blueprint("assignments", __name__, url_prefix="/projects/<int:project_id>")


def _checked(form) -> None:
    """Form errors (a missing or malformed field) as a domain refusal."""
    if not form.validate_on_submit():
        raise Invalid({name: f"{form[name].label.text}: {errors[0]}"
                       for name, errors in form.errors.items() if name != "csrf_token"}
                      or {"": "The form could not be read; reload the page and try again."})


def _refused(project_id: int, exc: DomainError, back: str):
    db.session.rollback()
    return render_template("assignments/refused.html", project=db.session.get(Project, project_id),
                           message=exc.message, status=exc.status, back=back), exc.status


def _list_url(project_id: int, filters: worklist.ArticleFilters) -> str:
    """Back to the article list, filtered as it was when the form was sent."""
    return url_for("projects.show", project_id=project_id, **filters.args())


def _plural(n: int, word: str = "article") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@bp.route("/articles/assign", methods=["POST"])
@project_role("lead")
def bulk(project_id: int):
    """Assign the articles ticked in the list to one member."""
    back = url_for("projects.show", project_id=project_id)
    form = BulkAssignForm()
    try:
        back = _list_url(project_id, worklist.parse_filters(project_id, request.args))
        _checked(form)
        assignee = assignment_service.assignable_member(project_id, form.assignee.data)
        made, skipped = assignment_service.bulk_assign(db.session.get(Project, project_id),
                                                       form.article_ids.data, assignee, current_user)
        db.session.commit()
    except DomainError as exc:
        return _refused(project_id, exc, back)
    left = f" {_plural(skipped)} already assigned to them stayed as they were." if skipped else ""
    flash(f"Assigned {_plural(len(made))} to {assignee.username}.{left}", "success")
    return redirect(back)


@bp.route("/articles/round-robin", methods=["POST"])
@project_role("lead")
def round_robin(project_id: int):
    """Spread the ticked articles (or every article matching the list's filter) evenly over
    the chosen members, giving more to those who have less open work."""
    back = url_for("projects.show", project_id=project_id)
    form = RoundRobinForm()
    try:
        filters = worklist.parse_filters(project_id, request.args)
        back = _list_url(project_id, filters)
        _checked(form)
        ids = (worklist.matching_article_ids(project_id, filters) if form.scope.data == "matching"
               else form.article_ids.data)
        members = [assignment_service.assignable_member(project_id, i) for i in form.members.data]
        made, skipped = assignment_service.round_robin(db.session.get(Project, project_id), ids,
                                                       members, current_user)
        db.session.commit()
    except DomainError as exc:
        return _refused(project_id, exc, back)
    shares = Counter(a.assignee.username for a in made)
    spread = ", ".join(f"{name} {shares.get(name, 0)}" for name in sorted(m.username for m in members))
    left = f" {_plural(skipped)} already assigned to all of them were left out." if skipped else ""
    flash(f"Spread {_plural(len(made))}: {spread}.{left}", "success")
    return redirect(back)


def _article_action(project_id: int, article_id: int, form, action, done_message):
    """Look up the article (404 if it is not in the project), check the form, run the service
    action, commit, and go back to the article; or refuse with the reason."""
    article = article_service.get_article(project_id, article_id)
    back = url_for("articles.read", project_id=project_id, article_id=article_id)
    try:
        _checked(form)
        result = action(db.session.get(Project, project_id), article)
        db.session.commit()
    except DomainError as exc:
        return _refused(project_id, exc, back)
    flash(done_message(result), "success")
    return redirect(back)


@bp.route("/articles/<int:article_id>/assign", methods=["POST"])
@project_role("lead")
def assign(project_id: int, article_id: int):
    """Assign this article to a member."""
    form = AssignForm()
    return _article_action(project_id, article_id, form, lambda project, article: (
        assignment_service.assign_article(project, article, assignment_service.assignable_member(
            project_id, form.assignee.data), current_user)),
        lambda a: f"Assigned to {a.assignee.username}.")


@bp.route("/articles/<int:article_id>/reassign", methods=["POST"])
@project_role("lead")
def reassign(project_id: int, article_id: int):
    """Move an assignment to another member; the claims and the state stay."""
    form = ReassignForm()
    return _article_action(project_id, article_id, form, lambda project, article: (
        assignment_service.reassign(project, article, form.assignee.data,
                                    assignment_service.assignable_member(project_id, form.to.data),
                                    current_user, form.reason.data or "")),
        lambda a: f"Reassigned to {a.assignee.username}.")


@bp.route("/articles/<int:article_id>/unassign", methods=["POST"])
@project_role("lead")
def unassign(project_id: int, article_id: int):
    """Take the article back from an assignee; their claims stay."""
    form = UnassignForm()
    return _article_action(project_id, article_id, form, lambda project, article: (
        assignment_service.unassign(project, article, form.assignee.data, current_user,
                                    form.reason.data or "")),
        lambda _none: "Assignment removed. The claims made stay in the article.")


@bp.route("/articles/<int:article_id>/state", methods=["POST"])
@project_role("annotator")
def change_state(project_id: int, article_id: int):
    """Start, finish or reopen an assignment: your own, or anyone's for a lead."""
    form = StateForm()
    return _article_action(project_id, article_id, form, lambda project, article: (
        assignment_service.change_state(article, form.assignee.data or current_user.id,
                                        form.action.data, current_user, g.role)),
        lambda a: f"{a.assignee.username}: {ASSIGNMENT_STATES[a.state].lower()}.")


@bp.route("/articles/<int:article_id>/history")
@project_role("viewer")
def history(project_id: int, article_id: int):
    """The article's trail: who assigned it to whom, who started and finished it, and when."""
    article = article_service.get_article(project_id, article_id)
    return render_template("assignments/history.html", project=db.session.get(Project, project_id),
                           article=article, events=assignment_service.fetch_history(article.id),
                           states=ASSIGNMENT_STATES)
