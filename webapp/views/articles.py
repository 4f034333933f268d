"""Articles: importing (paste or upload), the reading view, and the original file."""
from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import project_role
from ..corroboration import copies, groups
from ..extensions import db
from ..forms.articles import PasteArticleForm, UploadArticleForm
from ..forms.claims import ClaimForm, fill_figures, set_choices
from ..models import Project
from ..security_headers import ATTACHMENT_CSP
from ..services import articles as article_service
from ..services import assignments as assignment_service
from ..services import claims as claim_service
from ..services import lists as list_service
from ..services import sources as source_service
from ..services.errors import Duplicate, Invalid
from ..services.reading import layout
from ..revisions import orphans
from ..revisions import texts as revision_texts
from ..revisions.watch_state import watch_view
from ..suggestions import store as suggestion_store
from ._helpers import show_invalid
from .suggestions import prefill, reading_suggestions

bp = Blueprint("articles", __name__, url_prefix="/projects/<int:project_id>/articles")


def _provenance(form) -> article_service.Provenance:
    return article_service.Provenance(
        title=form.title.data or "", site_name=form.site_name.data or "",
        original_outlet=form.original_outlet.data or "", url=form.url.data or "",
        author=form.author.data or "", published_on=form.published_on.data)


@bp.route("/new", methods=["GET", "POST"])
@project_role("annotator")
def new(project_id: int):
    """Import an article by pasting its text, or by uploading a .txt or .html file."""
    paste, upload = PasteArticleForm(prefix="paste"), UploadArticleForm(prefix="upload")
    status = 200
    for form, importer in ((paste, _import_paste), (upload, _import_upload)):
        if not _sent(form):   # the page holds two forms; only the one sent is checked
            continue
        status = 422
        if not form.validate():
            continue
        try:
            article, decoded = importer(project_id, form)
            db.session.commit()
            copies.after_import(project_id)
            suggestion_store.hand_over([article.id])   # the worker makes them: see its docstring
            flash("Article imported." + (f" {_read_as(decoded)}" if decoded else ""), "success")
            return redirect(url_for("articles.read", project_id=project_id, article_id=article.id))
        except Invalid as exc:
            show_invalid(form, exc)
        except Duplicate as exc:
            db.session.rollback()
            flash(exc.message, "error")
            status = 409
    return render_template("articles/new.html", project=db.session.get(Project, project_id),
                           paste=paste, upload=upload), status


def _sent(form) -> bool:
    prefix = form._prefix
    return request.method == "POST" and any(
        key.startswith(prefix) for key in (*request.form, *request.files))


def _import_paste(project_id: int, form):
    # Browsers send textarea line breaks as CRLF; the captured text uses LF.
    text = form.text.data.replace("\r\n", "\n")
    return article_service.import_text(project_id, current_user, text, _provenance(form)), None


def _import_upload(project_id: int, form):
    file = form.file.data
    return article_service.import_file(project_id, current_user, file.filename or "",
                                       file.read(), _provenance(form), form.encoding.data)


def _read_as(decoded) -> str:
    """How the file was read, and its first lines with non-ASCII text: a wrong reading shows."""
    lines = "".join(f" “{line}”" for line in decoded.preview[:3])
    return f"Encoding: {decoded.described}." + (f" Lines with non-ASCII characters:{lines}" if lines else "")


@bp.route("/<int:article_id>")
@project_role("viewer")
def read(project_id: int, article_id: int):
    """Read an article with its claims highlighted; select text to mark a new claim, or take
    a machine suggestion into the claim form (``?accept=<id>``: the page's Accept without
    JavaScript)."""
    article = article_service.get_article(project_id, article_id)
    return render_reading(project_id, article, ClaimForm(), accept=request.args.get("accept", type=int))


def render_reading(project_id: int, article, form: ClaimForm, status: int = 200,
                   number: int | None = None, accept: int | None = None):
    """The reading page of the latest revision (or of revision ``number``, read only), with the
    claim form (fresh, filled from the suggestion ``accept``, or sent back with its errors)."""
    revision = revision_texts.get_revision(article, number or article.revision)
    claims = claim_service.fetch_article_claims(article.id, current_user, g.role)
    spans, elsewhere = revision_texts.spans_in(article, revision.number, claims)
    lists = list_service.fetch_lists(project_id)
    labels = list_service.labels(lists)
    suggestions = reading_suggestions(project_id, article, revision, labels, spans)
    paragraphs = layout(revision.text, spans, (revision.body_start, revision.body_end),
                        [(x.suggestion.id, x.suggestion.start_offset, x.suggestion.end_offset)
                         for x in suggestions])
    set_choices(form, lists, source_service.fetch_sources(project_id, current_user, g.role))
    work = assignment_service.article_work(article, current_user, g.role)
    can_edit = work.may_edit and revision.number == article.revision
    prefilled = can_edit and prefill(form, suggestions, accept)
    if not form.figure_rows.entries:
        fill_figures(form, [])
    return render_template("articles/read.html", project=db.session.get(Project, project_id),
                           copies=groups.fetch_group(article), republished=groups.republished_from(article),
                           article=article, claims=claims, paragraphs=paragraphs, form=form,
                           labels=labels, role=g.role,
                           revision=revision, is_latest=revision.number == article.revision,
                           elsewhere=elsewhere, shown={s[0] for s in spans},
                           waiting=orphans.count_waiting(claims), can_edit=can_edit,
                           suggestions=suggestions, prefilled=prefilled,
                           work=work, watch=watch_view(article.id)), status


@bp.route("/<int:article_id>/original")
@project_role("viewer")
def original(project_id: int, article_id: int):
    """Download the file the article was imported from (never shown inline)."""
    article = article_service.get_article(project_id, article_id)
    if article.original is None:
        return redirect(url_for("articles.read", project_id=project_id, article_id=article_id))
    extension = "html" if article.original.media_type == "text/html" else "txt"
    return Response(article.original.data, mimetype="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="article-{article.id}-original.{extension}"',
        "Content-Security-Policy": ATTACHMENT_CSP})
