"""The stale-save card of the claim page: who saved the claim since the person opened it (they
themselves in another tab or window, or others, by name), and, field by field, the value as
they opened it, the newer save's and their own (not saved) side by side."""
from dataclasses import dataclass

from ..forms.claims import claim_values
from ..services.conflicts import own_changes, values_seen


@dataclass
class Row:
    field: str
    seen: object            # the value in the version the person opened
    stored: object          # the value now stored (the newer save's, or unchanged)
    stored_changed: bool
    by: object = None       # the newer event that last changed it
    yours: object = None    # the person's value in this form
    yours_changed: bool = False


def conflict_view(exc, claim, form, user, with_form: bool = True) -> dict:
    """What the card shows for ``exc`` (an ``EditConflict``). ``with_form``: the refused
    action was a save of the edit form (its values are the person's); else a button."""
    events = _saves(exc)
    mine = own_changes(claim, events, claim_values(form)) if with_form else {}
    return {
        "headline": headline(events, user), "own": _own(events, user),
        "version": exc.current_version, "message": exc.message, "with_form": with_form,
        "base": min(e.version for e in events) - 1 if events else exc.current_version,
        "rows": _rows(claim, events, mine), "yours_count": len(mine),
        "new_source": form.new_source_name.data if with_form else "",
    }


def _rows(claim, events: list, mine: dict) -> list[Row]:
    seen = values_seen(claim, events)
    rows: dict[str, Row] = {}
    for event in events:
        for field, change in event.changes.items():
            before = rows[field].seen if field in rows else seen.get(field, change[0])
            rows[field] = Row(field, before, change[-1], True, by=event)
    for field, (before, value) in mine.items():
        row = rows.setdefault(field, Row(field, before, getattr(claim, field), False))
        row.yours, row.yours_changed = value, True
    for row in rows.values():
        if not row.yours_changed and row.field in seen:
            row.yours = row.seen
    return list(rows.values())



def _saves(exc) -> list:
    """The newer saves behind a stale-version refusal (comments change no version)."""
    return [e for e in getattr(exc, "newer_events", []) if e.action != "commented"]


def _own(events: list, user) -> bool:
    return bool(events) and all(e.actor_id == user.id for e in events)


def headline(events: list, user) -> str:
    """Who saved the claim since the person opened it, and when (UTC, as every page shows)."""
    if not events:  # a version from the future: a tampered form
        return "This claim is not at the version your form holds"
    at = f"{events[-1].created_at:%H:%M} UTC"
    if _own(events, user):
        return f"You saved this claim in another tab or window at {at}"
    names = list(dict.fromkeys(e.actor.display_name for e in events if e.actor_id != user.id))
    if len(names) < len({e.actor_id for e in events}):
        names.append("you (in another tab or window)")
    return f"{' and '.join(names)} saved this claim at {at} while you were editing"


def conflict_message(exc, user) -> str:
    """A refusal's message; for a stale save the person made themselves elsewhere, say so
    (the domain's message speaks of "someone else")."""
    events = _saves(exc)
    if not _own(events, user):
        return exc.message
    return f"{headline(events, user)}. Nothing was saved here; reload the page to see that version."
