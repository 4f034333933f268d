"""Claims: marking a span, editing the sourcing record and status, deleting.

Every change goes through ``_apply``, which computes the field diff and writes the append-only
event in the same transaction, so a claim and its trail cannot disagree.
"""
from blinker import Namespace
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..database import insert_row
from ..extensions import db
from ..models import Article, Claim, ClaimEvent, ClaimEvidence, User
from ..models._time import utcnow
from ..models.claim import (CREDIBILITY, FINAL_STATUSES, INDEPENDENT_SOURCES, STATUSES,
                            STATUSES_NEEDING_EVIDENCE)
from ..revisions.texts import current_text
from . import visibility
from .figures import normalise_figures
from .errors import Duplicate, EditConflict, Invalid, NotFound
from .evidence import attach_existing_evidence, attach_new_evidence
from .lists import fetch_lists
from .review_state import review_changes   # a final status may ask for a second review
from .sources import get_source
from .text_checks import check_span, check_storable

CONTEXT_CHARS = 32
# Sent with every event recorded (``claim``, ``action``): what depends on a claim (its
# cluster's grade, ``webapp.corroboration.clusters``) follows without this module knowing it.
claim_recorded = Namespace().signal("claim-recorded")
# Rules a status must pass beyond the ones here, called as ``rule(claim, article, data, items)``
# (``claim`` None for a new one) and raising ``Invalid``: "confirmed needs an independent
# origin" (``webapp.corroboration.confirmation``) registers itself.
STATUS_RULES: list = []


def _check_status_rules(claim: Claim | None, article: Article, data: dict, items: list[dict]) -> None:
    for rule in STATUS_RULES:
        rule(claim, article, data, items)


class AlreadySaved(Duplicate):
    def __init__(self, claim: Claim):
        super().__init__("This claim was already saved (the form was sent twice).")
        self.claim = claim


def _check_twin(submission_id: str, user: User) -> None:
    """Raise if this form was saved already: ``AlreadySaved`` for the person's own claim,
    ``Invalid`` for an id that is someone else's (without telling whose)."""
    existing = db.session.scalar(select(Claim).where(Claim.submission_id == submission_id))
    if existing is None:
        return
    if existing.created_by_id != user.id:
        raise Invalid({"quote": "This form was already used; reload the page and mark the claim again."})
    raise AlreadySaved(existing)
LIST_FIELDS = ("kind", "source_type", "named", "party", "access")
TEXT_FIELDS = ("statement", "figures", "attribution_text", "hedging", "attribution_chain",
               "rationale")
TEXT_LIMITS = {"hedging": 500}     # the column's size; every path (forms, API, imports) checks it
MAX_TEXT_CHARS = 100_000
EDITABLE_FIELDS = TEXT_FIELDS + LIST_FIELDS + (
    "independent_sources", "source_id", "credibility", "status", "structured_figures")


def _with_figures(project_id: int, data: dict) -> dict:
    """``data`` with its figures (if it has any) checked and completed: what a figure leaves
    out is read from its text (``services.figures``)."""
    if "structured_figures" not in data:
        return data
    return {**data, "structured_figures": normalise_figures(project_id, data["structured_figures"])}


def _validate(project_id: int, claim: Claim | None, data: dict, evidence_count: int,
              user: User) -> None:
    for field in TEXT_FIELDS:
        check_storable(field, data.get(field, ""))
        limit = TEXT_LIMITS.get(field, MAX_TEXT_CHARS)
        if len(data.get(field) or "") > limit:
            raise Invalid({field: f"At most {limit:,} characters."})
    _check_list_values(project_id, claim, data)
    if data.get("independent_sources", "") not in ("", *INDEPENDENT_SOURCES):
        raise Invalid({"independent_sources": "Choose 0, 1 or 2+."})
    if data.get("credibility", "6") not in CREDIBILITY:
        raise Invalid({"credibility": "Choose an information credibility from 1 to 6."})
    status = data.get("status", "unreviewed")
    if status not in STATUSES:
        raise Invalid({"status": "Choose a verification status."})
    if status in FINAL_STATUSES and not data.get("rationale", "").strip():
        raise Invalid({"rationale": f"A claim marked {STATUSES[status].lower()} needs a rationale."})
    if status in STATUSES_NEEDING_EVIDENCE and evidence_count == 0:
        raise Invalid({"status": f"A claim marked {STATUSES[status].lower()} needs at least one "
                                 "piece of evidence: add it with this save."})
    source_id = data.get("source_id")
    if source_id is not None and (claim is None or claim.source_id != source_id):
        _check_source(project_id, source_id, user)


def _check_source(project_id: int, source_id: int, user: User) -> None:
    """A newly cited source must be in the project's registry as this person sees it (a source
    hidden by blind double review is refused as if it did not exist)."""
    from .projects import project_and_role
    from .sources import get_source
    try:
        source = get_source(project_id, source_id)
        if source.claim_form_article_id is not None and source.created_by_id != user.id and \
                not visibility.can_see_source(source, user, project_and_role(project_id, user)[1]):
            raise NotFound("No such source.")
    except NotFound:
        raise Invalid({"source_id": "Choose a source from this project's registry."}) from None


def _check_list_values(project_id: int, claim: Claim | None, data: dict) -> None:
    """A list value must be one of the project's live values, unless the claim has it already
    (a retired value stays on the claims that have it). The lists are read only if a value
    needs checking."""
    lists = None
    for field in LIST_FIELDS:
        value = data.get(field, "")
        if not value or (claim is not None and getattr(claim, field) == value):
            continue
        lists = lists or fetch_lists(project_id)
        if value not in {i.key for i in lists[field] if not i.retired}:
            raise Invalid({field: "Choose a value from the project's list."})


def record_event(claim: Claim, user: User, action: str, changes: dict, reason: str = "") -> ClaimEvent:
    event = insert_row(ClaimEvent(claim_id=claim.id, project_id=claim.project_id, actor_id=user.id,
                                  action=action, version=claim.version, changes=changes,
                                  reason=reason))
    if claim_recorded.receivers:
        claim_recorded.send(claim, action=action)
    return event


def _items(new_evidence: dict | list[dict] | None) -> list[dict]:
    """The evidence a save links: none, one item (the claim form's) or several (the API's).
    Each item is new (``stance``, ``url``, ``reference``, ``summary``) or names an item the
    project already has (``stance``, ``evidence_id``)."""
    if not new_evidence:
        return []
    return [new_evidence] if isinstance(new_evidence, dict) else list(new_evidence)


def create_claim(article: Article, user: User, start: int, end: int, quote: str,
                 data: dict, new_evidence: dict | list[dict] | None = None,
                 submission_id: str | None = None) -> Claim:
    """Mark a new claim. ``submission_id`` (the form's one-time id) makes a double submit
    of the same form raise ``AlreadySaved`` instead of creating a second claim."""
    claim = prepare_claim(article, user, start, end, quote, data, new_evidence, submission_id)
    save_claim(claim, user, new_evidence)
    return claim


def prepare_claim(article: Article, user: User, start: int, end: int, quote: str, data: dict,
                  new_evidence: dict | list[dict] | None = None,
                  submission_id: str | None = None) -> Claim:
    """The new claim, checked and complete but not yet stored (``save_claim`` stores it): a
    caller may check and prepare in a read transaction and hold the write lock only to store."""
    if submission_id:
        _check_twin(submission_id, user)
    text = current_text(article)   # new claims are marked on the latest revision
    check_span(text, start, end, quote)
    data = _with_figures(article.project_id, data)
    _validate(article.project_id, None, data, len(_items(new_evidence)), user)
    _check_status_rules(None, article, data, _items(new_evidence))
    claim = Claim(project_id=article.project_id, article_id=article.id, quote=quote,
                  start_offset=start, end_offset=end, created_by_id=user.id,
                  prefix=text[max(0, start - CONTEXT_CHARS):start], revision=article.revision,
                  suffix=text[end:end + CONTEXT_CHARS], submission_id=submission_id,
                  review_state="", **{f: data[f] for f in EDITABLE_FIELDS
                                      if f in data and f != "structured_figures"})
    claim.new_figures = data.get("structured_figures", [])   # stored with the claim, after it
    for field, (_old, new) in review_changes(claim, claim.status, True).items():
        setattr(claim, field, new)
    if claim.status not in (None, "unreviewed"):   # None: the column default applies
        claim.last_reviewed_by_id = user.id
    return claim


def save_claim(claim: Claim, user: User, new_evidence: dict | list[dict] | None = None) -> None:
    """Store a claim made by ``prepare_claim``, with its "created" event."""
    if claim.submission_id:
        try:
            with db.session.begin_nested():
                insert_row(claim)
        except IntegrityError:  # the twin of this submission committed a moment ago
            _check_twin(claim.submission_id, user)
            raise
    else:
        insert_row(claim)
    _store_figures(claim)
    changes = {f: [None, v] for f in ("quote", "start_offset", "end_offset", *EDITABLE_FIELDS,
                                      "review_state")
               if (v := getattr(claim, f)) not in (None, "", [])}
    record_event(claim, user, "created", changes)
    for item in _items(new_evidence):
        _add_evidence(claim, user, **item)


def _store_figures(claim: Claim) -> None:
    """``insert_row`` stored the claim's own row only; its figures are added now that it has
    an id (a claim made without any has none, known without reading them back)."""
    set_committed_value(claim, "figure_items", [])
    claim.structured_figures = getattr(claim, "new_figures", [])


def update_claim(claim: Claim, user: User, data: dict, base_version: int, reason: str = "",
                 new_evidence: dict | list[dict] | None = None) -> ClaimEvent | None:
    """Apply the edited fields if the editor saw the current version, then link the new
    evidence (an "evidence_added" event each); the last event, or None if nothing changed."""
    check_current(claim, base_version)
    data = {**{f: getattr(claim, f) for f in EDITABLE_FIELDS}, **_with_figures(claim.project_id, data)}
    items = _items(new_evidence)
    _validate(claim.project_id, claim, data, len(claim.evidence_links) + len(items), user)
    _check_status_rules(claim, claim.article, data, items)
    changes = {f: [getattr(claim, f), data[f]] for f in EDITABLE_FIELDS
               if data[f] != getattr(claim, f)}
    event = None
    if changes:
        changes.update(review_changes(claim, data["status"], "status" in changes))
        if "status" in changes:  # first: reading user.id may load it, and flush a half edit
            claim.last_reviewed_by_id = user.id
        for field, (_old, new) in changes.items():
            setattr(claim, field, new)
        claim.updated_at = utcnow()
        db.session.flush()
        action = "status_changed" if "status" in changes else "edited"
        event = record_event(claim, user, action, changes, reason.strip())
    for item in items:
        event = _add_evidence(claim, user, **item)
    return event


def check_current(claim: Claim, base_version: int) -> None:
    if base_version != claim.version:
        newer = list(db.session.scalars(
            select(ClaimEvent).where(ClaimEvent.claim_id == claim.id,
                                     ClaimEvent.version > base_version)
            .order_by(ClaimEvent.id)))
        raise EditConflict(claim.version, newer)


def delete_claim(claim: Claim, user: User, base_version: int, reason: str = "",
                 action: str = "deleted") -> ClaimEvent:
    """Deleting keeps the claim and its history; it leaves lists, highlights and exports.
    ``action`` names why in the trail ("dropped": a lead dropped it in adjudication)."""
    check_current(claim, base_version)
    claim.deleted_at = utcnow()
    db.session.flush()
    return record_event(claim, user, action, {"deleted": [False, True]}, reason.strip())


def keep_claim(claim: Claim, user: User, base_version: int, reason: str = "") -> ClaimEvent:
    """A lead keeps a claim that only one blind reviewer found (nothing else changes)."""
    check_current(claim, base_version)
    return record_event(claim, user, "kept", {"settled": [None, "kept"]}, reason.strip())


def adjudicate(kept: Claim, dropped: Claim, user: User, data: dict, judgements: dict,
               reason: str = "") -> ClaimEvent:
    """Settle a blind pair: ``kept`` takes ``data`` and the other claim's evidence, ``dropped``
    is deleted and merged into it. One "adjudicated" event on the kept claim carries
    ``judgements`` (``{field: [A's value, B's value, final value]}``); one "merged" event on
    the other. Validated before anything changes."""
    data = {**{f: getattr(kept, f) for f in EDITABLE_FIELDS}, **_with_figures(kept.project_id, data)}
    have = {link.evidence_id for link in kept.evidence_links}
    taken = [link for link in dropped.evidence_links if link.evidence_id not in have]
    _validate(kept.project_id, kept, data, len(kept.evidence_links) + len(taken), user)
    for field in EDITABLE_FIELDS:
        setattr(kept, field, data[field])
    for link in taken:
        kept.evidence_links.append(ClaimEvidence(claim_id=kept.id, evidence_id=link.evidence_id,
                                                 stance=link.stance, evidence=link.evidence))
    kept.last_reviewed_by_id, kept.updated_at = user.id, utcnow()
    db.session.flush()
    event = record_event(kept, user, "adjudicated", judgements, reason.strip())
    dropped.deleted_at, dropped.merged_into_id = utcnow(), kept.id
    db.session.flush()
    record_event(dropped, user, "merged", {"deleted": [False, True], "merged_into_id": [None, kept.id]},
            reason.strip())
    return event


def _add_evidence(claim: Claim, user: User, stance: str, url: str = "", reference: str = "",
                  summary: str = "", evidence_id: int | None = None,
                  origin_source_id: int | None = None) -> ClaimEvent:
    """Link new evidence (with its recorded origin, if known), or (``evidence_id``) an item the
    project already has."""
    link = _link_evidence(claim, user, stance, url, reference, summary, evidence_id,
                          origin_source_id)
    claim.updated_at = utcnow()
    db.session.flush()
    return record_event(claim, user, "evidence_added", {"evidence": [None, _evidence_value(link)]})


def _link_evidence(claim: Claim, user: User, stance: str, url: str = "", reference: str = "",
                   summary: str = "", evidence_id: int | None = None,
                   origin_source_id: int | None = None) -> ClaimEvidence:
    if evidence_id is not None:
        return attach_existing_evidence(claim, evidence_id, stance)
    return attach_new_evidence(claim, user, stance, url, reference, summary, origin_source_id)


def _evidence_value(link: ClaimEvidence) -> dict:
    ev = link.evidence
    value = {"id": ev.id, "stance": link.stance, "url": ev.url, "reference": ev.reference,
             "summary": ev.summary}
    if ev.origin_source_id is not None:
        value["origin_source_id"] = ev.origin_source_id
    return value


def add_evidence(claim: Claim, user: User, base_version: int, **fields) -> ClaimEvent:
    check_current(claim, base_version)
    return _add_evidence(claim, user, **fields)


def remove_evidence(claim: Claim, user: User, link_id: int, base_version: int,
                    reason: str = "") -> ClaimEvent:
    check_current(claim, base_version)
    link = next((lk for lk in claim.evidence_links if lk.id == link_id), None)
    if link is None:
        raise NotFound("No such evidence on this claim.")
    if claim.status in STATUSES_NEEDING_EVIDENCE and len(claim.evidence_links) == 1:
        raise Invalid({"evidence": f"A claim marked {STATUSES[claim.status].lower()} needs "
                                   "evidence: change its status before removing the last item."})
    ev = link.evidence
    claim.evidence_links.remove(link)
    db.session.delete(link)
    claim.updated_at = utcnow()
    db.session.flush()
    return record_event(claim, user, "evidence_removed", {"evidence": [{
        "id": ev.id, "stance": link.stance, "url": ev.url, "reference": ev.reference,
        "summary": ev.summary}, None]}, reason.strip())


def record_review_step(claim: Claim, user: User, action: str, fields: dict, reason: str = "",
                       new_evidence: dict | None = None) -> ClaimEvent:
    """One second-review step (``services.reviews`` decides which and checks who may): set
    ``fields`` on the claim under the same rules as an edit, link ``new_evidence``, and write
    all of it as one event. Always bumps the version."""
    data = {**{f: getattr(claim, f) for f in EDITABLE_FIELDS},
            **{f: v for f, v in _with_figures(claim.project_id, fields).items() if f in EDITABLE_FIELDS}}
    _validate(claim.project_id, claim, data, len(claim.evidence_links) + bool(new_evidence), user)
    changes = {f: [getattr(claim, f), v] for f, v in fields.items() if getattr(claim, f) != v}
    if new_evidence:
        changes["evidence"] = [None, _evidence_value(_link_evidence(claim, user, **new_evidence))]
    if "status" in changes:
        claim.last_reviewed_by_id = user.id
    for field, new in fields.items():
        setattr(claim, field, new)
    claim.updated_at = utcnow()
    db.session.flush()
    return record_event(claim, user, action, changes, reason)


def record_comment(claim: Claim, user: User, text: str, reply_to: int | None = None) -> ClaimEvent:
    """A comment is an event that changes nothing on the claim: its version stays, so a
    comment never makes someone's open edit form stale (see ``services.comments``)."""
    return record_event(claim, user, "commented", {"reply_to": reply_to} if reply_to else {}, text)


def get_claim(project_id: int, claim_id: int, user: User, role: str,
              include_deleted: bool = False, for_update: bool = False) -> Claim:
    """The claim, if it is in the project and the person may see it (else NotFound, the same
    as for an id that does not exist). ``for_update`` locks its row until the transaction
    ends (PostgreSQL), so two saves of one claim are checked against its version one at a time;
    on SQLite, write transactions are already serialised by BEGIN IMMEDIATE. A locked read
    always reads the row again, even if the session holds the claim from an earlier read."""
    claim = db.session.get(Claim, claim_id, with_for_update=for_update or None,
                           populate_existing=for_update)
    if claim is None or claim.project_id != project_id or (
            claim.deleted_at is not None and not include_deleted) or (
            not visibility.can_see(claim, user, role)):
        raise NotFound("No such claim.")
    return claim


def fetch_article_claims(article_id: int, user: User, role: str) -> list[Claim]:
    """The live claims of an article that the person may see, in text order."""
    return list(db.session.scalars(
        select(Claim).where(Claim.article_id == article_id, visibility.live_and_seen_by(user, role))
        .options(selectinload(Claim.source)).order_by(Claim.start_offset, Claim.end_offset)))


def fetch_history(claim_id: int) -> list[ClaimEvent]:
    return list(db.session.scalars(
        select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)
        .options(selectinload(ClaimEvent.actor)).order_by(ClaimEvent.id)))
