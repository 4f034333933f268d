"""Watching an article's page for changes: the Watch / Stop watching button of the reading view."""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ..access import project_role
from ..extensions import db
from ..revisions import watch as watching
from ..services import articles as article_service
from ..services import assignments as assignment_service
from ..services.errors import Invalid

bp = Blueprint("watching", __name__,
               url_prefix="/projects/<int:project_id>/articles/<int:article_id>/watch")


@bp.route("/", methods=["POST"])
@project_role("annotator")
def toggle(project_id: int, article_id: int):
    """Start watching the article's page for changes (``action=watch``) or stop (``action=stop``)."""
    article = article_service.get_article(project_id, article_id)
    if not assignment_service.may_edit_article(current_user, g.role, article):
        abort(403)
    back = redirect(url_for("articles.read", project_id=project_id, article_id=article_id))
    if not FlaskForm().validate_on_submit():
        flash("The form was not sent whole; try again.", "error")
        return back
    try:
        if request.form.get("action") == "stop":
            stopped = watching.unwatch(article, current_user)
            message = "Stopped watching this page." if stopped else "This page was not watched."
        else:
            watching.watch(article, current_user)
            message = "Watching this page: it is fetched again on the project's schedule."
        db.session.commit()
        flash(message, "success")
    except Invalid as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return back
