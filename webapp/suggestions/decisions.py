"""A person's decision on a suggestion: rejected (remembered for the article: the rules never
suggest it there again), or accepted into the claim form and saved as a claim, whose trail
then says it was made from the suggestion and what the person changed of what was suggested.

The services flush; the caller commits once, so a claim and its "from_suggestion" event, and
the suggestion marked accepted, are one transaction.
"""
from sqlalchemy import select

from ..extensions import db
from ..models import Article, Claim, ClaimEvent, Suggestion, User
from ..models._time import utcnow
from ..services.assignments import check_may_edit
from ..services.claims import record_event
from ..services.errors import Duplicate, Invalid, NotFound

# What a suggestion fills in, by the claim's field; ``span`` stands for quote and offsets.
FILLED = ("span", "kind", "structured_figures", "attribution_text", "hedging", "source_type",
          "named")
# How the trail names them ("Changed from what was suggested: figures, hedging").
FILLED_WORDS = {"span": "quote", "kind": "kind", "structured_figures": "figures",
                "attribution_text": "attribution", "hedging": "hedging",
                "source_type": "source type", "named": "named"}
FIGURE_KEYS = ("kind", "low", "high", "term", "counts", "who", "text")
DECIDED = {"accepted": "accepted", "rejected": "rejected"}


class AlreadyDecided(Duplicate):
    def __init__(self, suggestion: Suggestion):
        super().__init__(f"This suggestion was already {DECIDED.get(suggestion.status, suggestion.status)}.")
        self.suggestion = suggestion


def open_for(article_id: int, revision: int) -> list[Suggestion]:
    """The open suggestions of one revision of an article, in text order (one query)."""
    return list(db.session.scalars(_open(article_id, revision, Suggestion)))


# What the reading view shows and Accept fills in, read as plain rows (``open_rows``): an
# article of 400 KB may have thousands of suggestions, and ORM objects cost several times more.
SHOWN_COLUMNS = (Suggestion.id, Suggestion.start_offset, Suggestion.end_offset, Suggestion.quote,
                 Suggestion.kind, Suggestion.figures, Suggestion.attribution_text,
                 Suggestion.source_type, Suggestion.named, Suggestion.hedging, Suggestion.parts)


def _open(article_id: int, revision: int, *what):
    return select(*what).where(
        Suggestion.article_id == article_id, Suggestion.revision == revision,
        Suggestion.status == "open").order_by(Suggestion.start_offset, Suggestion.end_offset, Suggestion.id)


def open_rows(article_id: int, revision: int) -> list:
    """``open_for`` as rows of ``SHOWN_COLUMNS`` (attributes named as the model's), one query."""
    return list(db.session.execute(_open(article_id, revision, *SHOWN_COLUMNS)))


def get_suggestion(article: Article, suggestion_id: int, for_update: bool = False) -> Suggestion:
    """The article's suggestion (NotFound for another article's, or one that does not exist).
    ``for_update`` locks its row (PostgreSQL), so two decisions on it are taken one at a time."""
    suggestion = db.session.get(Suggestion, suggestion_id, with_for_update=for_update or None,
                                populate_existing=for_update)
    if suggestion is None or suggestion.article_id != article.id or \
            suggestion.project_id != article.project_id:
        raise NotFound("No such suggestion in this article.")
    return suggestion


def form_values(suggestion: Suggestion) -> dict:
    """What accepting the suggestion puts into the claim form, by the form's field names
    (nothing is saved until the person saves; the form sends ``suggestion_id`` back)."""
    figures = [{k: f.get(k) for k in FIGURE_KEYS} for f in suggestion.figures or []
               if isinstance(f, dict)]
    return {"suggestion_id": suggestion.id, "quote": suggestion.quote,
            "start": suggestion.start_offset, "end": suggestion.end_offset,
            "kind": suggestion.kind, "structured_figures": figures,
            "attribution_text": suggestion.attribution_text, "hedging": suggestion.hedging,
            "source_type": suggestion.source_type, "named": suggestion.named}


def _decide(suggestion: Suggestion, user: User, status: str, claim_id: int | None = None) -> None:
    if suggestion.status != "open":
        raise AlreadyDecided(suggestion)
    suggestion.status, suggestion.claim_id = status, claim_id
    suggestion.decided_by_id, suggestion.decided_at = user.id, utcnow()
    db.session.flush()


def reject(suggestion: Suggestion, user: User, role: str | None) -> Suggestion:
    """Reject an open suggestion, by the rules for marking claims in its article (leads;
    annotators where they may mark claims; never viewers)."""
    check_may_edit(user, role, db.session.get(Article, suggestion.article_id))
    _decide(suggestion, user, "rejected")
    return suggestion


def for_saving(article: Article, value: str | None) -> Suggestion | None:
    """The suggestion a claim form says it was filled from: None if it names none, or names
    one that is no longer open (someone decided it meanwhile: the claim is saved all the same,
    not counted as made from it); ``Invalid`` if it is not one of this article's latest
    revision's."""
    if not (value or "").strip():
        return None
    try:
        suggestion = get_suggestion(article, int(value), for_update=True)
    except (ValueError, NotFound):
        suggestion = None
    if suggestion is None or suggestion.revision != article.revision:
        raise Invalid({"suggestion_id": "The suggestion this form was filled from is not one of "
                                        "this article's; mark the claim again."})
    return suggestion if suggestion.status == "open" else None


def accepted(suggestion: Suggestion, claim: Claim, user: User) -> ClaimEvent:
    """The claim saved from ``suggestion``: the suggestion is accepted (``claim_id``), and the
    claim's trail gets a "from_suggestion" event: ``suggestion_id``, and each filled field the
    person changed as ``[suggested, saved]``."""
    _decide(suggestion, user, "accepted", claim.id)
    changes = {"suggestion_id": [None, suggestion.id], **changed_fields(suggestion, claim)}
    return record_event(claim, user, "from_suggestion", changes)


def changed_fields(suggestion: Suggestion, claim: Claim) -> dict:
    """``{field: [suggested, saved]}`` for what the person changed of what was suggested."""
    suggested, saved = suggested_values(suggestion), _saved_values(claim)
    return {f: [suggested[f], saved[f]] for f in FILLED if _norm(f, suggested[f]) != _norm(f, saved[f])}


def suggested_values(suggestion: Suggestion) -> dict:
    return {"span": [suggestion.start_offset, suggestion.end_offset], "kind": suggestion.kind,
            "structured_figures": list(suggestion.figures or []),
            "attribution_text": suggestion.attribution_text, "hedging": suggestion.hedging,
            "source_type": suggestion.source_type, "named": suggestion.named}


def _saved_values(claim: Claim) -> dict:
    values = {f: getattr(claim, f) or "" for f in FILLED if f not in ("span", "structured_figures")}
    return {**values, "span": [claim.start_offset, claim.end_offset],
            "structured_figures": claim.structured_figures}


def _norm(field: str, value):
    """Values compared as a person reads them: a blank is a blank, whatever its type."""
    if field == "structured_figures":
        return [tuple(None if f.get(k) in (None, "") else f.get(k) for k in FIGURE_KEYS)
                for f in value or []]
    if field == "span":
        return tuple(value)
    return (value or "").strip()
