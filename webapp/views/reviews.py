"""The claim page's second review ("four eyes"), discussion and shared evidence: accept,
change, send back, comment and reply, use an evidence item the project already has. A refused action shows the claim page again with the reason and saves
nothing (stale version: 409 with the newer changes; a broken rule: 422)."""
from flask import Blueprint, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from ..access import project_role
from ..extensions import db
from ..forms.claims import ClaimForm
from ..forms.reviews import AttachEvidenceForm, ChangeReviewForm, CommentForm, ReviewForm
from ..forms import options
from ..models import Project
from ..models.claim import FINAL_STATUSES, REVIEW_STATES
from ..services import assignments as assignment_service
from ..services import claims as claim_service
from ..services import comments as comment_service
from ..services import evidence as evidence_service
from ..services import reviews as review_service
from ..services.errors import EditConflict, Invalid, NotAllowed, NotFound
from . import claims as claim_views

bp = Blueprint("reviews", __name__, url_prefix="/projects/<int:project_id>/claims/<int:claim_id>")


def claim_page_extras(project_id: int, claim, role: str, **overrides) -> dict:
    """What the claim page shows beyond the claim itself: its second review, the discussion,
    and the picker of the project's evidence. ``overrides`` keep a refused form's input."""
    events = claim_service.fetch_history(claim.id)
    required = db.session.get(Project, project_id).second_review_required
    change_form = ChangeReviewForm(formdata=None, status=claim.status, rationale=claim.rationale)
    change_form.version.data = str(claim.version)
    review_form = ReviewForm(formdata=None, version=str(claim.version))
    evidence_q = request.args.get("evidence_q", "")[:evidence_service.MAX_SEARCH]
    attach_form = AttachEvidenceForm(formdata=None, version=str(claim.version))
    attach_form.evidence_id.choices = options(
        (str(e.id), _evidence_label(e)) for e in _choices(claim, role, evidence_q))
    extras = {
        "review_states": REVIEW_STATES, "review_required": required,
        "awaits_review": review_service.awaits_review(claim, required),
        "counts_as_final": review_service.counts_as_final(claim, required),
        "is_final": claim.status in FINAL_STATUSES,
        "review_refusal": review_service.refusal(claim, current_user, role),
        "latest_review": review_service.latest_review(events),
        "review_form": review_form, "change_form": change_form,
        "entries": [e for e in comment_service.thread(events) if e.event.action == "commented"],
        "mentions": comment_service.fetch_mentions(events), "comment_form": CommentForm(formdata=None),
        "attach_form": attach_form, "evidence_q": evidence_q,
        "can_comment": role in ("annotator", "lead"),
    }
    extras.update(overrides)
    return extras


def mark_mentions_seen(claim) -> None:
    """The comments naming this person leave their queue. A page view reads in a deferred
    transaction, which SQLite cannot upgrade to a write while others write: so the update runs
    in a fresh transaction, only when there is something to mark, and a busy database just
    leaves it for the next visit."""
    if not comment_service.has_unseen_mentions(claim, current_user):
        return
    claim_id, user_id = claim.id, current_user.id
    db.session.rollback()
    try:
        comment_service.mark_mentions_seen(claim_id, user_id)
        db.session.commit()
    except OperationalError:
        db.session.rollback()


def history_extras(events: list, role: str) -> dict:
    """The history threaded: each reply under the comment it answers."""
    return {"entries": comment_service.thread(events), "mentions": comment_service.fetch_mentions(events),
            "can_comment": role in ("annotator", "lead")}


def trail_labels(labels: dict, events: list) -> dict:
    """The project's list labels, plus how review states and second reviewers read."""
    return {**labels, "review_state": REVIEW_STATES,
            "second_reviewer_id": review_service.people_in(events)}


def _choices(claim, role: str, q: str) -> list:
    try:
        return evidence_service.fetch_evidence_choices(claim, current_user, role, q)
    except Invalid:
        return []


def _evidence_label(evidence) -> str:
    text = evidence.reference or evidence.url
    return f"#{evidence.id} {text[:90]}" + (f" — {evidence.summary[:60]}" if evidence.summary else "")


def refused(project_id: int, claim, exc, **overrides):
    """The claim page again, with why the action was refused; nothing of it was saved."""
    db.session.rollback()
    form = ClaimForm(formdata=None, obj=claim)
    form.source_id.data = str(claim.source_id or "")
    form.version.data = str(claim.version)
    flash(exc.message, "error")
    if isinstance(exc, EditConflict):
        return claim_views._claim_page(project_id, claim, form, 409, conflict=exc,
                                       action_conflict=True, **overrides)
    status = 403 if isinstance(exc, NotAllowed) else 422
    return claim_views._claim_page(project_id, claim, form, status, **overrides)


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
    evidence = {"url": form.evidence_url.data or "", "reference": form.evidence_reference.data or "",
                "summary": (form.evidence_summary.data or "").replace("\r\n", "\n")}
    new_evidence = {"stance": form.evidence_stance.data, **evidence} if any(
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
