"""A claim's figures: checking them as they come in (typed, from the form's selects, from the
API), and the project's table of vague quantities that a lead edits."""
from flask import g, has_request_context
from sqlalchemy import func, select

from ..corroboration.figures import KEYS, check, parse
from ..corroboration.vague_terms import ACLED_DEFAULTS, MAX_TERM_CHARS, normalise_term
from ..extensions import db
from ..models import ClaimFigure, Project, VagueTerm
from .errors import Invalid, NotFound

MAX_FIGURES = 50
MAX_FIGURE_TEXT = 500
STRUCTURED = ("kind", "low", "high", "term", "counts", "who")


def add_default_vague_terms(project: Project) -> None:
    for term, value in ACLED_DEFAULTS.items():
        db.session.add(VagueTerm(project_id=project.id, term=term, value=value))
    db.session.flush()


def fetch_vague_terms(project_id: int) -> dict[str, int]:
    """The project's table, term → number, in term order: read once per request (a claim
    page codes the figures of its form, its cluster's reports and its suggestions with it)."""
    cache = _request_cache()
    if project_id not in cache:
        cache[project_id] = dict(db.session.execute(
            select(VagueTerm.term, VagueTerm.value).where(VagueTerm.project_id == project_id)
            .order_by(VagueTerm.term)).all())
    return dict(cache[project_id])


def _request_cache() -> dict[int, dict[str, int]]:
    """This request's tables (a fresh dict outside a request: nothing kept between tasks)."""
    if not has_request_context():
        return {}
    if "vague_terms" not in g:
        g.vague_terms = {}
    return g.vague_terms


def normalise_figures(project_id: int, items, terms: dict[str, int] | None = None) -> list[dict]:
    """Complete figures from what was given: each item has the keys of ``KEYS``, any of which
    may be missing or None; what is missing is read from the item's ``text`` (so "at least 26
    killed combatants" alone is a figure). Raises ``Invalid`` naming the figure and the key."""
    if not isinstance(items, list) or len(items) > MAX_FIGURES:
        raise Invalid({"structured_figures": f"Figures come as a list of at most {MAX_FIGURES}."})
    terms = fetch_vague_terms(project_id) if terms is None and items else (terms or {})
    return [_complete(number, item, terms) for number, item in enumerate(items, 1)]


def _complete(number: int, item, terms: dict[str, int]) -> dict:
    where = f"Figure {number}"
    if not isinstance(item, dict) or set(item) - set(KEYS):
        raise Invalid({"structured_figures": f"{where}: a figure has the keys {', '.join(KEYS)}."})
    text = item.get("text") or ""
    if not isinstance(text, str) or len(text) > MAX_FIGURE_TEXT:
        raise Invalid({"structured_figures": f"{where}: its text is at most {MAX_FIGURE_TEXT} characters."})
    given = {k: item.get(k) for k in STRUCTURED if item.get(k) not in (None, "")}
    read = (parse(text, terms) or {}) if set(STRUCTURED) - set(given) else {}
    if "kind" not in given and not read:
        raise Invalid({"structured_figures": f"{where}: “{text[:80]}” does not read as one figure; "
                                             "write it like “at least 26 killed” or choose its bound and number."})
    figure = _fill(given, read, text)
    problems = check(figure, terms)
    if problems:
        raise Invalid({"structured_figures": f"{where}: " + " ".join(problems.values())})
    return figure


def _fill(given: dict, read: dict, text: str) -> dict:
    """The given keys over what the text reads; the numbers come as a pair (a bound chosen
    for a typed number keeps the number where the bound puts it)."""
    kind = given.get("kind") or read.get("kind")
    numbers = {k: given[k] for k in ("low", "high") if k in given}
    if not numbers and read:
        value = read.get("low") if read.get("low") is not None else read.get("high")
        numbers = {"low": read.get("low"), "high": read.get("high")} if kind == read.get("kind") \
            else {"low": value, "high": value}
    low, high = numbers.get("low"), numbers.get("high")
    if kind in ("exact", "about") and (low is None) != (high is None):
        low = high = low if low is not None else high
    elif kind in ("at_least", "more_than"):
        low, high = (low if low is not None else high), None
    elif kind in ("at_most", "up_to"):
        low, high = None, (high if high is not None else low)
    elif kind == "vague":
        low = high = None
    term = normalise_term(given.get("term") or (read.get("term", "") if kind == "vague" else ""))
    return {"kind": kind, "low": low, "high": high, "term": term,
            "counts": given.get("counts", read.get("counts", "")),
            "who": given.get("who", read.get("who", "unknown")), "text": text.strip()}


# --- the table of vague quantities (leads) ---------------------------------------------------

def _checked(term: str, value) -> tuple[str, int]:
    term = normalise_term(term)
    if not term or len(term) > MAX_TERM_CHARS:
        raise Invalid({"term": f"Name the vague quantity (at most {MAX_TERM_CHARS} characters)."})
    if not any(c.isalpha() for c in term):
        raise Invalid({"term": "A vague quantity is a word (“dozens”), not a number."})
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 2_000_000_000:
        raise Invalid({"value": "Code it as a whole number from 0."})
    return term, value


def set_vague_term(project_id: int, term: str, value) -> VagueTerm:
    """Add a vague quantity, or change the number an existing one is coded as."""
    term, value = _checked(term, value)
    row = db.session.scalar(select(VagueTerm).where(VagueTerm.project_id == project_id,
                                                    VagueTerm.term == term))
    if row is None:
        row = VagueTerm(project_id=project_id, term=term, value=value)
        db.session.add(row)
    row.value = value
    db.session.flush()
    _request_cache().pop(project_id, None)
    return row


def remove_vague_term(project_id: int, term: str) -> str:
    """Remove a term no figure uses (a term in use stays, or those figures lose their number)."""
    row = db.session.scalar(select(VagueTerm).where(VagueTerm.project_id == project_id,
                                                    VagueTerm.term == normalise_term(term)))
    if row is None:
        raise NotFound("No such vague quantity.")
    from ..models import Claim
    used = db.session.scalar(select(func.count()).select_from(ClaimFigure).join(Claim)
                             .where(Claim.project_id == project_id, ClaimFigure.term == row.term))
    if used:
        raise Invalid({"term": f"“{row.term}” codes {used} figure{'s' if used > 1 else ''}; "
                               "change its number instead of removing it."})
    db.session.delete(row)
    _request_cache().pop(project_id, None)
    db.session.flush()
    return row.term
