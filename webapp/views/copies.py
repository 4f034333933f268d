"""Copies: a lead confirms an article's group of copies, or splits an article off it."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user

from ..access import project_role
from ..corroboration import groups
from ..extensions import db
from ..services import articles as article_service
from ..services.errors import Invalid

bp = Blueprint("copies", __name__, url_prefix="/projects/<int:project_id>/articles/<int:article_id>/copies")


def _back(project_id: int, article_id: int):
    return redirect(url_for("articles.read", project_id=project_id, article_id=article_id) + "#copies")


@bp.route("/confirm", methods=["POST"])
@project_role("lead")
def confirm(project_id: int, article_id: int):
    """Confirm that the articles of this group are copies of one text (one origin)."""
    article = article_service.get_article(project_id, article_id)
    try:
        changed = groups.confirm_group(article, current_user)
        db.session.commit()
        flash("The group of copies is confirmed." if changed else "The group was confirmed already.", "success")
    except Invalid as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return _back(project_id, article_id)


@bp.route("/split", methods=["POST"])
@project_role("lead")
def split(project_id: int, article_id: int):
    """Take an article of this group out of it: it is not a copy of the others."""
    article = article_service.get_article(project_id, article_id)
    try:
        member = groups.member_of(article, request.form.get("member", type=int) or article.id)
        groups.split_article(member, current_user, (request.form.get("reason") or "")[:2000])
        db.session.commit()
        flash(f"“{member.title}” is split off the group: it is no longer counted as a copy.", "success")
    except Invalid as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return _back(project_id, article_id)
