"""Orphans: the claims a new revision orphaned or changed, each resolved by a person — re-attached
to words selected in the latest revision, or recorded as *removed* / *changed in revision N*."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import project_role
from ..extensions import db
from ..forms.orphans import FindingForm, ReattachForm
from ..models import Project
from ..revisions import findings, orphans, texts
from ..services import articles as article_service
from ..services import assignments as assignment_service
from ..services import claims as claim_service
from ..services.errors import EditConflict, Invalid
from ..services.reading import layout
from ._helpers import page_number

STALE = ("This claim was changed by someone else since you opened this page, and nothing was "
         "saved: it is shown below as it is now. Select the words again.")
bp = Blueprint("orphans", __name__, url_prefix="/projects/<int:project_id>/orphans")


def _article_arg() -> int | None:
    return request.args.get("article", type=int)


@bp.route("/")
@project_role("viewer")
def index(project_id: int):
    """The claims whose words a new revision removed or changed, waiting for a person."""
    article_id, page = _article_arg(), page_number()
    article = article_service.get_article(project_id, article_id) if article_id else None
    rows, total = orphans.list_orphans(project_id, current_user, g.role, article_id, page)
    editable = assignment_service.editable_articles(current_user, g.role, project_id,
                                                    {r.article_id for r in rows})
    return render_template("orphans/index.html", project=db.session.get(Project, project_id),
                           rows=rows, total=total, page=page, per_page=orphans.PER_PAGE,
                           article=article, editable=editable, form=FindingForm())


def _claim(project_id: int, claim_id: int, lock: bool = False):
    """The claim, if the person may edit its article (403 otherwise, as for claim edits)."""
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role, for_update=lock)
    if not assignment_service.may_edit_article(current_user, g.role, claim.article):
        abort(403)
    return claim


def _back(project_id: int, article_id: int | None):
    return redirect(url_for(".index", project_id=project_id, article=article_id or None))


@bp.route("/<int:claim_id>/reattach", methods=["GET", "POST"])
@project_role("annotator")
def reattach(project_id: int, claim_id: int):
    """The latest revision's text: select the claim's words in it to re-attach the claim."""
    claim = _claim(project_id, claim_id, lock=request.method == "POST")
    if not orphans.may_resolve(claim):
        flash("This claim's words were found in the latest revision: nothing to re-attach.", "info")
        return redirect(url_for("claims.show", project_id=project_id, claim_id=claim_id))
    form = ReattachForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _reattach_page(project_id, claim, form, 200 if request.method == "GET" else 400)
    try:
        orphans.reattach(claim, current_user, form.start.data, form.end.data, form.number.data,
                         form.version.data, form.reason.data or "")
        if form.changed.data:
            orphans.record_finding(claim, current_user, "changed", claim.revision, claim.version)
        db.session.commit()
    except (Invalid, EditConflict) as exc:
        db.session.rollback()
        form.start.errors = [STALE if isinstance(exc, EditConflict) else exc.message]
        claim = _claim(project_id, claim_id)
        return _reattach_page(project_id, claim, form, exc.status)
    flash(f"Claim #{claim.id} re-attached to characters {claim.start_offset}–{claim.end_offset} "
          f"of revision {claim.revision}.", "success")
    return _back(project_id, claim.article_id)


def _reattach_page(project_id: int, claim, form: ReattachForm, status: int):
    revision = texts.latest(claim.article)
    here = claim.revision == revision.number
    since = orphans.since(claim)
    spans = [(claim.id, claim.start_offset, claim.end_offset)] if here else []
    return render_template(
        "orphans/reattach.html", project=db.session.get(Project, project_id), claim=claim,
        revision=revision, form=form, here=here, finding_form=FindingForm(),
        paragraphs=layout(revision.text, spans, (revision.body_start, revision.body_end)),
        old_words=findings.earlier_words(claim, since) if here else claim.quote,
        since=since), status


@bp.route("/<int:claim_id>/finding", methods=["POST"])
@project_role("annotator")
def finding(project_id: int, claim_id: int):
    """Record that the outlet removed the claim's words in revision N, or changed them."""
    claim = _claim(project_id, claim_id, lock=True)
    form = FindingForm()
    article_id = claim.article_id if form.article.data else None
    if not form.validate_on_submit():
        flash("Choose what the outlet did, and in which revision.", "error")
        return _back(project_id, article_id)
    try:
        orphans.record_finding(claim, current_user, form.finding.data, form.number.data,
                               form.version.data)
        db.session.commit()
    except (Invalid, EditConflict) as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(project_id, article_id)
    flash(f"Recorded for claim #{claim.id}: {claim.anchor_finding} in revision "
          f"{claim.anchor_finding_revision}.", "success")
    return _back(project_id, article_id)
