"""A stale save (``EditConflict``): the claim as the editor opened it, the editor's own changes
from that version, and those changes re-applied onto the newer stored version.

Re-applying is a three-way merge over the editable fields: where the editor changed a field,
their value; everywhere else, the stored one (so a newer save's other changes are kept). It
saves nothing: the result is filled into the form with the newer version number, and the save
that follows is checked against that version like any other."""
from ..models import Claim
from .claims import EDITABLE_FIELDS


def values_seen(claim: Claim, newer_events: list) -> dict:
    """The editable fields at the version the editor opened: the stored values with each newer
    change undone, latest first (an adjudication's three-way rows have no "before": skipped)."""
    values = {f: getattr(claim, f) for f in EDITABLE_FIELDS}
    for event in reversed(newer_events):
        for field, change in event.changes.items():
            if field in values and len(change) == 2:
                values[field] = change[0]
    return values


def own_changes(claim: Claim, newer_events: list, data: dict) -> dict:
    """``{field: [as opened, the editor's value]}`` for the fields the editor changed."""
    seen = values_seen(claim, newer_events)
    return {f: [seen[f], value] for f, value in data.items() if f in seen and value != seen[f]}


def reapply(claim: Claim, newer_events: list, data: dict) -> dict:
    """The editable fields to offer for saving onto the stored version."""
    stored = {f: getattr(claim, f) for f in EDITABLE_FIELDS}
    mine = own_changes(claim, newer_events, data)
    return {**stored, **{f: new for f, (_seen, new) in mine.items()}}
