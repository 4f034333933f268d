"""Claims: marking one, the claim page with its edit form, evidence, deletion and history."""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import project_role
from ..extensions import db
from ..forms.claims import (NEW_SOURCE, ClaimForm, EvidenceForm, VersionedActionForm, claim_values,
                            origin_value,
                            fill, lf, set_choices)
from ..services import articles as article_service
from ..services import assignments as assignment_service
from ..services import claims as claim_service
from ..services import conflicts as conflict_service
from ..services import lists as list_service
from ..services import sources as source_service
from ..services import text_checks
from ..services.errors import EditConflict, Invalid
from ..revisions.texts import current_text
from ..suggestions import decisions
from ._helpers import show_invalid
from .articles import render_reading
from .claim_conflict import conflict_message
from .claim_page import mark_mentions_seen, render_claim_page, render_history, stored_form

bp = Blueprint("claims", __name__, url_prefix="/projects/<int:project_id>")


def _data(project_id: int, article_id: int, form: ClaimForm) -> dict:
    """The form's values to save; a new source asked for is registered first (from the claim
    form of this article, which blind double review needs to know)."""
    data = claim_values(form)
    if data["source_id"] == NEW_SOURCE:
        if not (form.new_source_name.data or "").strip():
            raise Invalid({"new_source_name": "Name the new source."})
        data["source_id"] = source_service.create_source(
            project_id, current_user, form.new_source_name.data, form.new_source_kind.data,
            form.new_source_affiliation.data or "", reliability=form.new_source_reliability.data,
            claim_form_article_id=article_id).id
    elif isinstance(data["source_id"], str):
        raise Invalid({"source_id": "Choose a source from this project's registry."})
    return data


def _new_evidence(form) -> dict | None:
    fields = {"url": form.evidence_url.data or "", "reference": form.evidence_reference.data or "",
              "summary": lf(form.evidence_summary.data or "")}
    if not any(v.strip() for v in fields.values()):
        return None
    origin = origin_value(form.evidence_origin) if hasattr(form, "evidence_origin") else None
    return {"stance": form.evidence_stance.data, **fields, "origin_source_id": origin}


@bp.route("/articles/<int:article_id>/claims", methods=["POST"])
@project_role("annotator")
def create(project_id: int, article_id: int):
    """Save a new claim marked in the reading view."""
    article = article_service.get_article(project_id, article_id)
    assignment_service.check_may_edit(current_user, g.role, article)
    form = ClaimForm()
    lists = list_service.fetch_lists(project_id)
    set_choices(form, lists, source_service.fetch_sources(project_id, current_user, g.role))
    if form.validate_on_submit():
        try:
            quote = lf(form.quote.data or "")
            start, end = form.start.data, form.end.data
            text = current_text(article)
            if start is None or end is None:
                start, end = text_checks.locate_quote(text, quote)
            elif lf(text[start:end]) == quote:
                quote = text[start:end]  # the exact span, even where the text has CRLF
            suggestion = decisions.for_saving(article, form.suggestion_id.data)
            claim = claim_service.create_claim(article, current_user, start, end, quote,
                                               _data(project_id, article.id, form), _new_evidence(form),
                                               form.submission_id.data or None)
            if suggestion is not None:
                decisions.accepted(suggestion, claim, current_user)
            assignment_service.note_claim_saved(article, current_user)
            db.session.commit()
            flash("Claim saved." + _from_suggestion(form, suggestion), "success")
            return redirect(url_for("articles.read", project_id=project_id,
                                    article_id=article.id, claim=claim.id) + f"#claim-{claim.id}")
        except claim_service.AlreadySaved as exc:
            db.session.rollback()
            claim = exc.claim
            flash(exc.message, "success")
            return redirect(url_for("articles.read", project_id=project_id,
                                    article_id=article.id, claim=claim.id) + f"#claim-{claim.id}")
        except Invalid as exc:
            show_invalid(form, exc)
            if "suggestion_id" in exc.reasons:   # a hidden field: said on top of the page
                flash(exc.reasons["suggestion_id"], "error")
                form.suggestion_id.data = ""   # sent again, the form makes a claim of its own
    return render_reading(project_id, article, form, 422)


def _from_suggestion(form, suggestion) -> str:
    if suggestion is not None:
        return " Its history says it was made from a suggestion."
    if (form.suggestion_id.data or "").strip():
        return (" The suggestion it was filled from had been decided by someone else meanwhile, "
                "so the claim is not counted as made from it.")
    return ""


@bp.route("/claims/<int:claim_id>", methods=["GET", "POST"])
@project_role("viewer", write="annotator")
def show(project_id: int, claim_id: int):
    """A claim with its sourcing record, evidence and status; members who may edit save here.
    ``?edit=1`` opens the edit form (the page's Edit button without JavaScript)."""
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role,
                                   for_update=request.method == "POST")
    if request.method == "GET":
        mark_mentions_seen(claim)
        return render_claim_page(project_id, claim, stored_form(claim),
                                 editing=request.args.get("edit") == "1")
    if g.role not in ("annotator", "lead"):
        return render_template("errors/error.html", status=403,
                               message="Viewers cannot edit claims."), 403
    assignment_service.check_may_edit(current_user, g.role, claim.article)
    form = ClaimForm()
    set_choices(form, list_service.fetch_lists(project_id),
                source_service.fetch_sources(project_id, current_user, g.role), claim)
    if form.validate_on_submit():
        if request.form.get("reapply"):
            return _reapply(project_id, claim, form)
        try:
            claim_service.update_claim(claim, current_user, _data(project_id, claim.article_id, form),
                                       _version(form), form.reason.data or "", _new_evidence(form))
            db.session.commit()
            flash("Claim saved.", "success")
            return redirect(url_for("claims.show", project_id=project_id, claim_id=claim.id))
        except EditConflict as exc:
            db.session.rollback()
            return render_claim_page(project_id, claim, form, 409, conflict=exc)
        except Invalid as exc:
            show_invalid(form, exc)
    return render_claim_page(project_id, claim, form, 422)


def _reapply(project_id: int, claim, form: ClaimForm):
    """The person's changes from a refused save, put onto the stored version in the form;
    nothing is saved until they save it (and that save is refused if yet another came first)."""
    try:
        claim_service.check_current(claim, _version(form))
    except EditConflict as exc:  # nothing was written: the lock ends with the request
        events = [e for e in exc.newer_events if e.action != "commented"]
        fill(form, conflict_service.reapply(claim, events, claim_values(form)))
    form.version.data = str(claim.version)
    flash(f"Your changes are in the form on top of version {claim.version}. "
          "Check them, then save: nothing is saved until you do.", "info")
    return render_claim_page(project_id, claim, form, editing=True)


def _version(form) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        raise Invalid({"version": "The form lost track of which version you edited; reload it."}) from None


def _versioned_action(project_id: int, claim_id: int, action):
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role, for_update=True)
    form = VersionedActionForm()
    try:
        action(claim, _version(form), form.reason.data or "")
        db.session.commit()
        return claim, None
    except EditConflict as exc:
        db.session.rollback()
        flash(conflict_message(exc, current_user), "error")
    except Invalid as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return claim, redirect(url_for("claims.show", project_id=project_id, claim_id=claim_id))


@bp.route("/claims/<int:claim_id>/delete", methods=["POST"])
@project_role("annotator")
def delete(project_id: int, claim_id: int):
    """Delete a claim: it leaves the article and exports, and stays in its history."""
    assignment_service.check_may_edit_claim(current_user, g.role, project_id, claim_id)
    claim, failed = _versioned_action(project_id, claim_id, lambda c, v, r: claim_service.delete_claim(
        c, current_user, v, r))
    if failed:
        return failed
    flash("Claim deleted. Its history is kept.", "success")
    return redirect(url_for("articles.read", project_id=project_id, article_id=claim.article_id))


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@project_role("annotator")
def add_evidence(project_id: int, claim_id: int):
    """Add a piece of evidence to a claim."""
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role, for_update=True)
    assignment_service.check_may_edit(current_user, g.role, claim.article)
    form = EvidenceForm()
    try:
        claim_service.add_evidence(claim, current_user, _version(form), **_new_evidence(form) or {
            "stance": form.evidence_stance.data})
        db.session.commit()
        flash("Evidence added.", "success")
    except (EditConflict, Invalid) as exc:
        db.session.rollback()
        flash(conflict_message(exc, current_user), "error")
    return redirect(url_for("claims.show", project_id=project_id, claim_id=claim_id))


@bp.route("/claims/<int:claim_id>/evidence/<int:link_id>/remove", methods=["POST"])
@project_role("annotator")
def remove_evidence(project_id: int, claim_id: int, link_id: int):
    """Remove a piece of evidence from a claim (the history keeps it)."""
    assignment_service.check_may_edit_claim(current_user, g.role, project_id, claim_id)
    _claim, failed = _versioned_action(project_id, claim_id, lambda c, v, r: claim_service.remove_evidence(
        c, current_user, link_id, v, r))
    if not failed:
        flash("Evidence removed.", "success")
    return failed or redirect(url_for("claims.show", project_id=project_id, claim_id=claim_id))


@bp.route("/claims/<int:claim_id>/history")
@project_role("viewer")
def history(project_id: int, claim_id: int):
    """Every change to the claim, oldest first: who, when, what changed, and why."""
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role, include_deleted=True)
    return render_history(project_id, claim)
