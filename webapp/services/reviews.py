"""Second review ("four eyes"): what the second reviewer does. The review state, and how a save
of the claim moves it, is ``services.review_state``.

The second reviewer's actions (``accept``, ``change``, ``send_back``) need a claim awaiting
review, a reviewer with role annotator or lead who neither made the claim (``created_by``)
nor set its current status (``last_reviewed_by``), and the version the reviewer saw. Each
bumps the claim's version and writes exactly one event (second_review_accepted,
second_review_changed, sent_back) with before and after of every field it changed; a
refusal writes nothing.
"""
from sqlalchemy import select

from ..extensions import db
from ..models import Claim, ClaimEvent, User
from ..models.claim import FINAL_STATUSES, STATUSES
from . import claims as claim_service
from .errors import Invalid, NotAllowed
# The state machine, part of this module's interface for the pages and tests that ask it.
from .review_state import (COUNTING_STATES, awaits_review, counting_as_final,  # noqa: F401
                           counts_as_final, next_state, review_changes)
from .text_checks import check_storable

REVIEWER_ROLES = ("annotator", "lead")
REVIEW_ACTIONS = ("second_review_accepted", "second_review_changed", "sent_back")
MAX_COMMENT = 5000


def refusal(claim: Claim, user: User, role: str | None) -> str | None:
    """Why ``user`` may not second-review ``claim`` now (None if they may)."""
    if role not in REVIEWER_ROLES:
        return "Only annotators and leads give second reviews."
    if claim.deleted_at is not None:
        return "This claim was deleted."
    if not awaits_review(claim):
        return "This claim is not waiting for a second review."
    if claim.created_by_id == user.id:
        return "You marked this claim: its second review must come from someone else."
    if claim.last_reviewed_by_id == user.id:
        return "You set this claim's status: its second review must come from someone else."
    return None


def _check(claim: Claim, user: User, role: str | None, base_version: int) -> None:
    if role not in REVIEWER_ROLES:
        raise NotAllowed("Only annotators and leads give second reviews.")
    claim_service.check_current(claim, base_version)
    reason = refusal(claim, user, role)
    if reason:
        raise Invalid({"review": reason})


def _comment(text: str, required: bool = False) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    check_storable("comment", text)
    if len(text) > MAX_COMMENT:
        raise Invalid({"comment": f"Keep the comment to at most {MAX_COMMENT} characters."})
    if required and not text:
        raise Invalid({"comment": "Say what the author should look at again: a comment is needed "
                                  "to send a claim back."})
    return text


def accept(claim: Claim, user: User, role: str | None, base_version: int,
           comment: str = "") -> ClaimEvent:
    """The second reviewer agrees with the verdict; the final status now counts."""
    _check(claim, user, role, base_version)
    return claim_service.record_review_step(
        claim, user, "second_review_accepted",
        {"review_state": "accepted", "second_reviewer_id": user.id}, _comment(comment))


def change(claim: Claim, user: User, role: str | None, base_version: int, status: str,
           rationale: str, comment: str = "", new_evidence: dict | None = None) -> ClaimEvent:
    """The second reviewer replaces the verdict (a final status with its rationale, and the
    evidence the status needs); the earlier verdict stays in the history."""
    _check(claim, user, role, base_version)
    if status not in FINAL_STATUSES:
        raise Invalid({"status": "Choose a final status, or send the claim back to its author."})
    rationale = (rationale or "").replace("\r\n", "\n").strip()
    if status == claim.status and rationale == claim.rationale.strip() and not new_evidence:
        raise Invalid({"status": f"The verdict is still {STATUSES[status].lower()} with the same "
                                 "rationale: accept it instead, or change something."})
    return claim_service.record_review_step(
        claim, user, "second_review_changed",
        {"status": status, "rationale": rationale, "review_state": "changed",
         "second_reviewer_id": user.id}, _comment(comment), new_evidence)


def send_back(claim: Claim, user: User, role: str | None, base_version: int,
              comment: str) -> ClaimEvent:
    """Return the claim to its author with a comment; it waits in their queue until they save
    it with a final status again."""
    _check(claim, user, role, base_version)
    text = _comment(comment, required=True)
    return claim_service.record_review_step(
        claim, user, "sent_back", {"review_state": "sent_back", "second_reviewer_id": user.id}, text)


def latest_review(events: list[ClaimEvent]) -> ClaimEvent | None:
    """The last second-review step in a claim's history (for "Sent back by X: comment")."""
    return next((e for e in reversed(events) if e.action in REVIEW_ACTIONS), None)



def people_in(events: list[ClaimEvent]) -> dict[int, str]:
    """Display names of the second reviewers a history names (one query)."""
    ids = {v for e in events for v in (e.changes or {}).get("second_reviewer_id", [])
           if isinstance(v, int)}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}
