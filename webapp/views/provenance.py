"""Correcting an article's provenance (title, site, original outlet, URL, author, published
date): an event in the article's history; its text never changes."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import project_role
from ..extensions import db
from ..forms.revisions import ProvenanceForm
from ..models import Project
from ..revisions.provenance import correct_provenance
from ..services import articles as article_service
from ..services import assignments as assignment_service
from ..services.errors import Invalid

bp = Blueprint("provenance", __name__,
               url_prefix="/projects/<int:project_id>/articles/<int:article_id>/provenance")


@bp.route("/", methods=["GET", "POST"])
@project_role("annotator")
def edit(project_id: int, article_id: int):
    """The provenance form; a person who may edit the article corrects it."""
    article = article_service.get_article(project_id, article_id)
    if not assignment_service.may_edit_article(current_user, g.role, article):
        abort(403)
    form = ProvenanceForm(obj=article) if request.method == "GET" else ProvenanceForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                event = correct_provenance(article, current_user, article_service.Provenance(
                    title=form.title.data or "", site_name=form.site_name.data or "",
                    original_outlet=form.original_outlet.data or "", url=form.url.data or "",
                    author=form.author.data or "", published_on=form.published_on.data),
                    form.reason.data or "")
                db.session.commit()
                flash("Provenance corrected; the article's history keeps what it was."
                      if event else "Nothing changed.", "success" if event else "info")
                return redirect(url_for("articles.read", project_id=project_id, article_id=article_id))
            except Invalid as exc:
                db.session.rollback()
                for name, message in exc.reasons.items():
                    getattr(form, name, form.title).errors = [message]
        status = 400
    return render_template("revisions/provenance.html", project=db.session.get(Project, project_id),
                           article=article, form=form), status
