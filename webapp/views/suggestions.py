"""Machine suggestions in the reading view: what the page shows of them, and rejecting one.
Accepting one fills the claim form (reader.js, or ``?accept=`` without JavaScript); the claim
save (``views.claims.create``) records it. Nothing here knows a language's rules: the page
reads the stored suggestions only."""
from bisect import bisect_right
from dataclasses import dataclass

from flask import Blueprint, flash, g, jsonify, redirect, request, url_for
from flask_login import current_user
from jinja2.utils import htmlsafe_json_dumps

from ..access import project_role
from ..corroboration.figures import describe
from ..extensions import db
from ..forms.claims import fill
from ..models import Project
from ..services import articles as article_service
from ..services import figures as figure_service
from ..services.errors import DomainError
from ..suggestions import decisions

bp = Blueprint("suggestions", __name__,
               url_prefix="/projects/<int:project_id>/articles/<int:article_id>/suggestions")
REJECTED = "Suggestion rejected: it will not be suggested again for this article."


@dataclass(slots=True)
class Shown:
    """One open suggestion as the reading view lists it, its words ready to print (the page
    may list thousands: the template only writes them out)."""

    suggestion: object       # a row of decisions.SHOWN_COLUMNS
    quote: str               # shortened for the list
    short: str               # shorter still, for the buttons' names
    kind: str                # the kind's label in the project's list
    source: str              # source type and named, as labels ("Individual combatant, Unnamed")
    figures: list[str]       # in words ("26 · killed · combatants")
    data: str                # JSON for suggestions.js: what Accept fills in, where its parts are


def reading_suggestions(project_id: int, article, revision, labels: dict,
                        marked: list[tuple[int, int, int]] = ()) -> list[Shown]:
    """The open suggestions of the revision shown, if it is the latest and the project uses
    suggestions (one query for them, one for the vague quantities' table if any has figures),
    but not those on words a claim already marks there (``marked``: the claims' spans).
    Each is written to JSON at once: thousands of dicts held until the page is rendered would
    make the garbage collector sweep the whole process, once a request."""
    if revision.number != article.revision or not db.session.get(Project, project_id).suggestions_enabled:
        return []
    length = len(revision.text)
    taken = _covered(marked)
    found = [s for s in decisions.open_rows(article.id, revision.number)
             if 0 <= s.start_offset < s.end_offset <= length and not taken(s.start_offset, s.end_offset)]
    terms = figure_service.fetch_vague_terms(project_id) if any(s.figures for s in found) else {}
    return [_shown(s, labels, terms, length) for s in found]


def _covered(spans: list[tuple[int, int, int]]):
    """``taken(start, end)``: whether the words overlap a claim's span (the spans merged once,
    each question a binary search)."""
    merged: list[list[int]] = []
    for _claim, start, end in sorted(spans, key=lambda s: s[1]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [m[0] for m in merged]

    def taken(start: int, end: int) -> bool:
        i = bisect_right(starts, end - 1) - 1   # the last merged span starting before ``end``
        return i >= 0 and merged[i][1] > start
    return taken


def _shown(s, labels: dict, terms: dict, length: int) -> Shown:
    source = ", ".join(labels[name].get(value, value) for name, value in
                       (("source_type", s.source_type), ("named", s.named)) if value)
    return Shown(s, _cut(s.quote, 160), _cut(s.quote, 60),
                 labels["kind"].get(s.kind, s.kind.replace("_", " ")) if s.kind else "", source,
                 [_in_words(f, terms) for f in s.figures or []],
                 htmlsafe_json_dumps({**decisions.form_values(s), "parts": _parts(s, length)}))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _parts(suggestion, length: int) -> list[dict]:
    """Where the figures, attribution and hedges are, for drawing them (well-formed ones only)."""
    return [{"part": str(p["part"]), "start": p["start"], "end": p["end"]} for p in suggestion.parts or []
            if isinstance(p, dict) and isinstance(p.get("start"), int) and isinstance(p.get("end"), int)
            and 0 <= p["start"] < p["end"] <= length]


def prefill(form, shown: list[Shown], wanted: int | None) -> bool:
    """Fill the claim form from the open suggestion ``wanted`` (the Accept link without
    JavaScript); False if it is not one of those shown."""
    found = next((x.suggestion for x in shown if x.suggestion.id == wanted), None)
    if found is None:
        return False
    fill(form, decisions.form_values(found))
    return True


def _in_words(figure, terms: dict) -> str:
    """A figure as people read it; a figure the rules left incomplete reads as written."""
    try:
        return describe(figure, terms)
    except (KeyError, TypeError, ValueError, AttributeError):
        return str(figure.get("text", "")) if isinstance(figure, dict) else ""


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.route("/<int:suggestion_id>/reject", methods=["POST"])
@project_role("annotator")
def reject(project_id: int, article_id: int, suggestion_id: int):
    """Reject a suggestion: it leaves the reading view and is never suggested again for this
    article. Answers JSON to the reading view's script, else goes back to the suggestions."""
    try:
        article = article_service.get_article(project_id, article_id)
        suggestion = decisions.get_suggestion(article, suggestion_id, for_update=True)
        decisions.reject(suggestion, current_user, g.role)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        if _wants_json():
            return jsonify({"message": exc.message}), exc.status
        if not isinstance(exc, decisions.AlreadyDecided):
            raise
        return _back(project_id, article_id, exc.message, "info")
    if _wants_json():
        return jsonify({"message": REJECTED, "id": suggestion_id})
    return _back(project_id, article_id, REJECTED, "success")


def _back(project_id: int, article_id: int, message: str, category: str):
    flash(message, category)
    return redirect(url_for("articles.read", project_id=project_id, article_id=article_id,
                            _anchor="suggestions"))
