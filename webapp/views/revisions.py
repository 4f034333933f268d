"""Revisions of an article: the list, a new version uploaded by a person (its claims
re-anchored at once), an earlier revision read with its claims as anchored there, and what
changed between two revisions, word by word."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import OperationalError

from ..access import project_role
from ..database import writing
from ..extensions import db
from ..forms.claims import ClaimForm
from ..forms.revisions import NewVersionForm
from ..models import Project
from ..revisions import attention, capture, store, texts
from ..revisions.anchoring import Changes
from ..revisions.followed import how_claims_followed
from ..services import articles as article_service
from ..services import assignments as assignment_service
from ..services.errors import Invalid, NotFound
from ..suggestions import store as suggestion_store
from .articles import render_reading

bp = Blueprint("revisions", __name__,
               url_prefix="/projects/<int:project_id>/articles/<int:article_id>/revisions")


def _looked_at(article) -> None:
    """An assignee or a lead has looked: the article leaves their queue. A page view reads in
    a deferred transaction; the write runs in its own, and a busy database leaves it for the
    next visit."""
    if not attention.needs_look_by(article, current_user, g.role):
        return
    try:
        with writing():
            attention.looked_at(article.id)
    except OperationalError:
        db.session.rollback()


def _page(project_id: int, article, form: NewVersionForm, status: int = 200):
    if request.method == "GET":
        _looked_at(article)
    revisions = texts.list_revisions(article)
    return render_template(
        "revisions/index.html", project=db.session.get(Project, project_id), article=article,
        revisions=revisions, form=form, events=store.revision_events(article.id),
        captures=capture.captures_of(article.id), fetch_form=FlaskForm(),
        can_add=assignment_service.may_edit_article(current_user, g.role, article)), status


@bp.route("/", methods=["GET", "POST"])
@project_role("viewer", write="annotator")
def index(project_id: int, article_id: int):
    """The article's revisions; a person who may edit it records a new version."""
    article = article_service.get_article(project_id, article_id)
    form = NewVersionForm()
    if request.method == "GET":
        return _page(project_id, article, form)
    if not assignment_service.may_edit_article(current_user, g.role, article):
        abort(403)
    if not form.validate_on_submit():
        return _page(project_id, article, form, 400)
    try:
        text = _text_of(form)
        outcome = store.add_revision(article, text, current_user, "upload", suggest=False)
        db.session.commit()
    except Invalid as exc:
        db.session.rollback()
        form.text.errors = [exc.message]
        return _page(project_id, article, form, 400)
    if outcome is None:
        flash("That is the latest revision's text already: no new revision.", "info")
        return redirect(url_for(".index", project_id=project_id, article_id=article_id))
    suggestion_store.hand_over([article.id])   # made in the worker: pages never load the rules
    flash(f"Revision {outcome.revision.number} recorded. Claims: {outcome.summary()}.", "success")
    return redirect(url_for(".diff", project_id=project_id, article_id=article_id,
                            to=outcome.revision.number))


def _text_of(form: NewVersionForm) -> str:
    upload = form.file.data
    if upload and getattr(upload, "filename", ""):
        decoded = article_service.decode_upload(upload.read(), form.encoding.data or "")
        text = decoded.text
        if upload.filename.lower().endswith((".html", ".htm")):
            text, _meta = article_service.extract_html(text)
        return text
    text = (form.text.data or "").replace("\r\n", "\n")
    if not text.strip():
        raise Invalid({"text": "Paste the new version's text or choose its file."})
    return text


@bp.route("/<int:number>")
@project_role("viewer")
def read(project_id: int, article_id: int, number: int):
    """Revision ``number`` as it was captured, with the claims where they were found in it."""
    article = article_service.get_article(project_id, article_id)
    try:
        texts.get_revision(article, number)
    except NotFound:
        abort(404)
    return render_reading(project_id, article, ClaimForm(), number=number)


@bp.route("/diff")
@project_role("viewer")
def diff(project_id: int, article_id: int):
    """What changed between two revisions (by default the latest and the one before), word by word."""
    article = article_service.get_article(project_id, article_id)
    to = request.args.get("to", article.revision, type=int)
    since = request.args.get("from", max(1, to - 1), type=int)
    try:
        new, old = texts.get_revision(article, to), texts.get_revision(article, since)
    except NotFound:
        abort(404)
    _looked_at(article)
    pieces = Changes(old.text, new.text).pieces() if old.number != new.number else [(0, new.text)]
    followed = (how_claims_followed(article, new.number, current_user, g.role)
                if new.number == old.number + 1 else [])
    return render_template("revisions/diff.html", project=db.session.get(Project, project_id),
                           article=article, old=old, new=new, pieces=pieces, followed=followed,
                           revisions=texts.list_revisions(article),
                           inserted=sum(len(t) for op, t in pieces if op == 1),
                           deleted=sum(len(t) for op, t in pieces if op == -1))
