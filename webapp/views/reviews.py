"""The claim page's second review ("four eyes"), discussion and shared evidence: accept,
change, send back, comment and reply, use an evidence item the project already has. A refused action shows the claim page again with the reason and saves
nothing (stale version: 409 with the newer changes; a broken rule: 422)."""
from flask import Blueprint, flash, g, redirect, url_for
from flask_login import current_user

from ..access import project_role
from ..extensions import db
from ..forms.claims import origin_value, set_origin_choices
from ..forms.reviews import AttachEvidenceForm, ChangeReviewForm, CommentForm, ReviewForm
from ..services import assignments as assignment_service
from ..services import claims as claim_service
from ..services import comments as comment_service
from ..services import evidence as evidence_service
from ..services import reviews as review_service
from ..services import sources as source_service
from ..services.errors import EditConflict, Invalid, NotAllowed, NotFound
from .claim_conflict import conflict_message
from .claim_page import render_claim_page, stored_form

bp = Blueprint("reviews", __name__, url_prefix="/projects/<int:project_id>/claims/<int:claim_id>")


def refused(project_id: int, claim, exc, **overrides):
    """The claim page again, with why the action was refused; nothing of it was saved."""
    db.session.rollback()
    flash(conflict_message(exc, current_user), "error")
    if isinstance(exc, EditConflict):
        return render_claim_page(project_id, claim, stored_form(claim), 409, conflict=exc,
                                 action_conflict=True, **overrides)
    status = 403 if isinstance(exc, NotAllowed) else 422
    return render_claim_page(project_id, claim, stored_form(claim), status, **overrides)


def _version(form) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        raise Invalid({"version": "The form lost track of which version you saw; reload the page."}) from None


def _review(project_id: int, claim_id: int, action, form, done: str, **overrides):
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role, for_update=True)
    try:
        action(claim, _version(form))
        db.session.commit()
    except (EditConflict, Invalid, NotAllowed) as exc:
        return refused(project_id, claim, exc, **overrides)
    flash(done, "success")
    return redirect(url_for("claims.show", project_id=project_id, claim_id=claim_id))


@bp.route("/review/accept", methods=["POST"])
@project_role("annotator")
def accept(project_id: int, claim_id: int):
    """Accept the claim's verdict as its second reviewer."""
    form = ReviewForm()
    return _review(project_id, claim_id, lambda c, v: review_service.accept(
        c, current_user, g.role, v, form.comment.data or ""), form, "Second review saved: accepted.")


@bp.route("/review/change", methods=["POST"])
@project_role("annotator")
def change(project_id: int, claim_id: int):
    """Replace the claim's verdict as its second reviewer (status, rationale, evidence)."""
    form = ChangeReviewForm()
    set_origin_choices(form.evidence_origin, source_service.fetch_sources(project_id, current_user, g.role))
    evidence = {"url": form.evidence_url.data or "", "reference": form.evidence_reference.data or "",
                "summary": (form.evidence_summary.data or "").replace("\r\n", "\n")}
    new_evidence = {"stance": form.evidence_stance.data, **evidence,
                    "origin_source_id": origin_value(form.evidence_origin)} if any(
        v.strip() for v in evidence.values()) else None
    return _review(project_id, claim_id, lambda c, v: review_service.change(
        c, current_user, g.role, v, form.status.data or "", form.rationale.data or "",
        form.comment.data or "", new_evidence), form, "Second review saved: verdict changed.",
        change_form=form, open_review="change")


@bp.route("/review/send-back", methods=["POST"])
@project_role("annotator")
def send_back(project_id: int, claim_id: int):
    """Send the claim back to its author with a comment."""
    form = ReviewForm()
    return _review(project_id, claim_id, lambda c, v: review_service.send_back(
        c, current_user, g.role, v, form.comment.data or ""), form,
        "Sent back to the author.", review_form=form, open_review="send_back")


@bp.route("/comments", methods=["POST"])
@project_role("annotator")
def comment(project_id: int, claim_id: int):
    """Comment on the claim, or reply to one of its comments."""
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role, for_update=True)
    form = CommentForm()
    try:
        reply_to = int(form.reply_to.data) if form.reply_to.data else None
    except ValueError:
        reply_to = -1  # refused below like any comment that is not on this claim
    try:
        event = comment_service.add_comment(claim, current_user, form.text.data or "", reply_to)
        db.session.commit()
    except Invalid as exc:
        return refused(project_id, claim, exc, comment_form=form)
    flash("Comment added.", "success")
    return redirect(url_for("claims.show", project_id=project_id, claim_id=claim_id,
                            _anchor=f"comment-{event.id}"))


@bp.route("/evidence/attach", methods=["POST"])
@project_role("annotator")
def attach_evidence(project_id: int, claim_id: int):
    """Use an evidence item the project already has on this claim."""
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role, for_update=True)
    assignment_service.check_may_edit(current_user, g.role, claim.article)
    form = AttachEvidenceForm()
    try:
        evidence_id = int(form.evidence_id.data or "")
    except ValueError:
        return refused(project_id, claim, Invalid({"evidence_id": "Choose an evidence item."}))
    try:
        evidence_service.get_evidence(project_id, evidence_id, current_user, g.role)
    except NotFound:  # another project's, or hidden from this person: as if it did not exist
        return refused(project_id, claim, Invalid({"evidence_id": "Choose an evidence item of this project."}))
    try:
        claim_service.add_evidence(claim, current_user, _version(form), evidence_id=evidence_id,
                                   stance=form.evidence_stance.data or "")
        db.session.commit()
    except (EditConflict, Invalid) as exc:
        return refused(project_id, claim, exc)
    flash("Evidence added.", "success")
    return redirect(url_for("claims.show", project_id=project_id, claim_id=claim_id))
