"""Second review ("four eyes"): a final status counts only after a second person reviewed it.

The claim's ``review_state`` (with ``second_reviewer_id``, who gave the latest second review):

    ""         no second review asked (the project does not require one, or the status is
               not final)
    pending    waiting for a second reviewer
    accepted   a second reviewer accepted the verdict          } the final status counts
    changed    a second reviewer changed status and rationale  }
    sent_back  a second reviewer returned it to the author with a comment

A save of the claim (``services.claims.create_claim`` / ``update_claim``, through
``review_changes`` below) moves the state like this; R = the project requires second review:

    status after the save   | state before              | state after
    ------------------------+---------------------------+----------------------------------
    not final               | sent_back                 | sent_back (still the author's)
    not final               | anything else             | ""
    final, status changed   | anything                  | pending if R, else ""
    final, status unchanged | "" or sent_back           | pending if R, else ""
    final, status unchanged | pending/accepted/changed  | unchanged

So a new final status, or an edit of the status of an accepted claim, asks for a (new)
second review; the author's next save with a final status answers a send-back; edits that
leave the status alone (statement, sourcing, evidence) keep an accepted verdict, and the
history shows them. Turning the setting on does not rewrite existing claims: a claim with a
final status and state "" in such a project awaits review as if pending (it does not count
until reviewed, and its next save makes it pending).

The second reviewer's actions (``accept``, ``change``, ``send_back``) need a claim awaiting
review, a reviewer with role annotator or lead who neither made the claim (``created_by``)
nor set its current status (``last_reviewed_by``), and the version the reviewer saw. Each
bumps the claim's version and writes exactly one event (second_review_accepted,
second_review_changed, sent_back) with before and after of every field it changed; a
refusal writes nothing.
"""
from sqlalchemy import ColumnElement, and_, select

from ..extensions import db
from ..models import Claim, ClaimEvent, Project, User
from ..models.claim import FINAL_STATUSES, STATUSES
from . import claims as claim_service
from .errors import Invalid, NotAllowed
from .text_checks import check_storable

REVIEWER_ROLES = ("annotator", "lead")
COUNTING_STATES = ("accepted", "changed")
REVIEW_ACTIONS = ("second_review_accepted", "second_review_changed", "sent_back")
MAX_COMMENT = 5000


def next_state(state: str, required: bool, final: bool, status_changed: bool) -> str:
    """The review state after a save of the claim (the table in the module docstring)."""
    if not final:
        return "sent_back" if state == "sent_back" else ""
    if status_changed or state in ("", "sent_back"):
        return "pending" if required else ""
    return state


def review_changes(claim: Claim, new_status: str, status_changed: bool) -> dict:
    """What a save of ``claim`` with ``new_status`` does to its second review, as
    ``{field: [before, after]}`` for the save's event (empty if nothing)."""
    required = _required(claim)
    state = next_state(claim.review_state, required, new_status in FINAL_STATUSES, status_changed)
    if state == claim.review_state:
        return {}
    changes = {"review_state": [claim.review_state, state]}
    if state in ("", "pending") and claim.second_reviewer_id is not None:
        changes["second_reviewer_id"] = [claim.second_reviewer_id, None]
    return changes


def _required(claim: Claim) -> bool:
    return db.session.get(Project, claim.project_id).second_review_required


def awaits_review(claim: Claim, required: bool | None = None) -> bool:
    """Pending, or (with the setting on) a final status from before the setting was turned on."""
    if claim.review_state == "pending":
        return True
    required = _required(claim) if required is None else required
    return required and claim.review_state == "" and claim.status in FINAL_STATUSES


def counts_as_final(claim: Claim, required: bool | None = None) -> bool:
    """A final status counts if the project does not require a second review, or if a second
    reviewer accepted or changed it."""
    if claim.status not in FINAL_STATUSES:
        return False
    required = _required(claim) if required is None else required
    return not required or claim.review_state in COUNTING_STATES


def counting_as_final(required: bool) -> ColumnElement[bool]:
    """The same rule as a where-clause on ``Claim`` (for counts and coverage)."""
    final = Claim.status.in_(FINAL_STATUSES)
    return final if not required else and_(final, Claim.review_state.in_(COUNTING_STATES))


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
