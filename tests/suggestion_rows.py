"""Suggestion rows for the tests of the reading view and of decisions, written directly: what a
good rules engine makes of the seed article (the engine and the store that keeps its output
come in other branches; when they land, the tests take the engine's output instead)."""
from webapp.extensions import db
from webapp.models import Suggestion

FIGHTER = "a Swedish foreign fighter operating in SDF ranks"
CASUALTIES = "26 ISIS militants have been killed and dozens more injured"
INTENTION = "ISIS commanders reportedly hope to drive US allies back across Lake Assad"
SEED = {
    CASUALTIES: {
        "kind": "casualty_figure",
        "figures": [{"kind": "exact", "low": 26, "high": 26, "term": "", "counts": "killed",
                     "who": "combatants", "text": "26"},
                    {"kind": "vague", "low": None, "high": None, "term": "dozens",
                     "counts": "injured", "who": "combatants", "text": "dozens"}],
        "attribution_text": f"{FIGHTER} said", "speaker": FIGHTER,
        "source_type": "combatant", "named": "unnamed",
        "parts": [("figure", "26"), ("figure", "dozens"), ("attribution", f"{FIGHTER} said")]},
    INTENTION: {"kind": "intention", "hedging": "reportedly", "parts": [("hedge", "reportedly")]},
}


def make_suggestion(article, quote: str, revision: int | None = None, **fields) -> Suggestion:
    """An open suggestion of ``quote`` (its first occurrence) in ``article``'s text; ``parts``
    given as ``(part, words)`` are found from the quote's start on."""
    text = article.text
    start = text.index(quote)
    parts = []
    for part, words in fields.pop("parts", []):
        at = text.index(words, start)
        parts.append({"part": part, "start": at, "end": at + len(words)})
    suggestion = Suggestion(project_id=article.project_id, article_id=article.id,
                            revision=revision or article.revision, start_offset=start,
                            end_offset=start + len(quote), quote=quote, parts=parts,
                            rules_version="test", **fields)
    db.session.add(suggestion)
    db.session.commit()
    return suggestion


def seed_suggestions(article) -> dict[str, int]:
    """The two suggestions of the seed article: {quote: id}."""
    return {quote: make_suggestion(article, quote, **{**fields, "parts": list(fields.get("parts", []))}).id
            for quote, fields in SEED.items()}
