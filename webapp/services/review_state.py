"""The second-review state of a claim ("four eyes"): a final status counts only after a second
person reviewed it. ``services.claims`` moves the state on every save; ``services.reviews``
holds the second reviewer's actions.

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
"""
from sqlalchemy import ColumnElement, and_

from ..extensions import db
from ..models import Claim, Project
from ..models.claim import FINAL_STATUSES

COUNTING_STATES = ("accepted", "changed")


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
