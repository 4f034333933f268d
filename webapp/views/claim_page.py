"""The claim page and the claim's history as rendered pages, shared by the claim views
(editing, evidence) and the review views (second review, discussion, shared evidence).

Both view modules import this one and it imports neither, so imports point one way:
claims / reviews → claim_page → forms, services."""
from flask import g, render_template, request
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from ..corroboration import chains, clusters
from ..revisions import findings
from ..extensions import db
from ..forms import options
from ..forms.chains import chain_form
from ..forms.claims import (VALUE_LABELS, ClaimForm, EvidenceForm, VersionedActionForm, fill_figures,
                           set_choices, set_origin_choices)
from ..forms.reviews import AttachEvidenceForm, ChangeReviewForm, CommentForm, ReviewForm
from ..models import Project
from ..models.claim import FINAL_STATUSES, REVIEW_STATES, STATUSES
from ..models.cluster import GRADES
from ..services import assignments as assignment_service
from ..services import claims as claim_service
from ..services import comments as comment_service
from ..services import evidence as evidence_service
from ..services import figures as figure_service
from ..services import lists as list_service
from ..services import reviews as review_service
from ..services import sources as source_service
from ..services.errors import Invalid
from ..suggestions.decisions import FILLED_WORDS
from .claim_conflict import conflict_view


def stored_form(claim) -> ClaimForm:
    """The edit form holding the claim as stored, at its current version."""
    form = ClaimForm(formdata=None, obj=claim)
    fill_figures(form, claim.structured_figures)
    form.source_id.data = str(claim.source_id or "")
    form.version.data = str(claim.version)
    return form


def render_claim_page(project_id: int, claim, form: ClaimForm, status: int = 200, conflict=None,
                      editing: bool = False, **extra):
    """The claim page: the claim read-only at a glance, its edit form open when ``editing``
    (asked for, or a refused save whose input the form keeps), and the stale-save card."""
    lists = list_service.fetch_lists(project_id)
    sources = source_service.fetch_sources(project_id, current_user, g.role)
    set_choices(form, lists, sources, claim)
    conflict = conflict and conflict_view(conflict, claim, form, current_user,
                                          with_form=not extra.get("action_conflict"))
    if not form.figure_rows.entries:
        fill_figures(form, [])
    labels = {**list_service.labels(lists), **VALUE_LABELS}
    source_names = {str(s.id): s.name for s in sources}
    can_edit = assignment_service.may_edit_article(current_user, g.role, claim.article)
    return render_template(
        "claims/show.html", project=db.session.get(Project, project_id), claim=claim, form=form,
        evidence_form=EvidenceForm(), source_names=source_names, action_form=VersionedActionForm(),
        labels=labels, statuses=STATUSES, role=g.role, can_edit=can_edit,
        editing=can_edit and (editing or bool(conflict) or bool(form.errors)),
        conflict=conflict, vague_terms=figure_service.fetch_vague_terms(project_id),
        **_extras(project_id, claim, g.role, sources, **extra)), status


def _extras(project_id: int, claim, role: str, sources: list, **overrides) -> dict:
    """What the claim page shows beyond the claim itself: its second review, the discussion,
    and the picker of the project's evidence. ``overrides`` keep a refused form's input."""
    events = claim_service.fetch_history(claim.id)
    required = db.session.get(Project, project_id).second_review_required
    change_form = ChangeReviewForm(formdata=None, status=claim.status, rationale=claim.rationale)
    change_form.version.data = str(claim.version)
    set_origin_choices(change_form.evidence_origin, sources)
    evidence_q = request.args.get("evidence_q", "")[:evidence_service.MAX_SEARCH]
    attach_form = AttachEvidenceForm(formdata=None, version=str(claim.version))
    attach_form.evidence_id.choices = options(
        (str(e.id), _evidence_label(e)) for e in _choices(claim, role, evidence_q))
    chain, chain_set = chains.chain_state(claim)
    extras = {**_reports(claim, role), "finding": findings.finding_of(claim),
        "chain": chain, "chain_set": chain_set,
        "chain_form": chain_form(claim.version, chain),
        "review_states": REVIEW_STATES, "review_required": required,
        "awaits_review": review_service.awaits_review(claim, required),
        "counts_as_final": review_service.counts_as_final(claim, required),
        "is_final": claim.status in FINAL_STATUSES,
        "review_refusal": review_service.refusal(claim, current_user, role),
        "latest_review": review_service.latest_review(events),
        "review_form": ReviewForm(formdata=None, version=str(claim.version)),
        "change_form": change_form,
        "entries": [e for e in comment_service.thread(events) if e.event.action == "commented"],
        "mentions": comment_service.fetch_mentions(events), "comment_form": CommentForm(formdata=None),
        "attach_form": attach_form, "evidence_q": evidence_q,
        "can_comment": role in ("annotator", "lead"),
    }
    extras.update(overrides)
    return extras


def _reports(claim, role: str) -> dict:
    """The claim's cluster as the claim page shows it, and the reports it suggests linking."""
    cluster = clusters.cluster_of(claim.id)
    found = {"cluster": cluster, "grades": GRADES, "suggestions": [], "grade_disagrees": None}
    if cluster is not None:
        rows, assessment = clusters.assess(cluster.id, current_user, role)
        found.update(cluster_rows=rows, cluster_assessment=assessment,
                     is_admission=any(r.report.admission for r in rows if r.claim.id == claim.id),
                     grade_disagrees=clusters.disagreement(claim.status, assessment.grade))
    if assignment_service.may_edit_article(current_user, role, claim.article):
        found["suggestions"] = clusters.suggest(claim, current_user, role)
    return found


def _choices(claim, role: str, q: str) -> list:
    try:
        return evidence_service.fetch_evidence_choices(claim, current_user, role, q)
    except Invalid:  # a search the person cannot run shows no choices
        return []


def _evidence_label(evidence) -> str:
    text = evidence.reference or evidence.url
    return f"#{evidence.id} {text[:90]}" + (f" — {evidence.summary[:60]}" if evidence.summary else "")


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


def render_history(project_id: int, claim):
    """Every change to the claim, oldest first, each reply under the comment it answers."""
    lists = list_service.fetch_lists(project_id)
    events = claim_service.fetch_history(claim.id)
    labels = {**list_service.labels(lists), **VALUE_LABELS, "review_state": REVIEW_STATES,
              "second_reviewer_id": review_service.people_in(events)}
    return render_template(
        "claims/history.html", project=db.session.get(Project, project_id), claim=claim,
        events=events, entries=comment_service.thread(events),
        mentions=comment_service.fetch_mentions(events),
        can_comment=g.role in ("annotator", "lead"), labels=labels, statuses=STATUSES,
        filled_words=FILLED_WORDS, source_names={str(s.id): s.name for s in source_service.fetch_sources(project_id, current_user, g.role)})
