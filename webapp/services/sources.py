"""The project's source registry and the history of each source's reliability grade."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import Claim, Source, SourceGrade, User
from ..models.source import RELIABILITY, SOURCE_ENTRY_KINDS
from . import visibility
from .errors import Invalid, NotFound
from .text_checks import check_storable


def _check(name: str, entry_kind: str, affiliation: str, notes: str) -> None:
    for field, value in (("name", name), ("affiliation", affiliation), ("notes", notes)):
        check_storable(field, value)
    if not name.strip() or len(name) > 300:
        raise Invalid({"source_name": "Give the source a name of at most 300 characters."})
    if entry_kind not in SOURCE_ENTRY_KINDS:
        raise Invalid({"entry_kind": "Choose what kind of source this is."})


def create_source(project_id: int, user: User, name: str, entry_kind: str = "person",
                  affiliation: str = "", notes: str = "", sensitive: bool = False,
                  reliability: str = "F", reason: str = "",
                  claim_form_article_id: int | None = None) -> Source:
    """Register a source; ``claim_form_article_id``: from the claim form in that article (during
    its blind double review only the registrant and leads see it, see ``visibility``)."""
    _check(name, entry_kind, affiliation, notes)
    source = Source(project_id=project_id, name=name.strip(), entry_kind=entry_kind,
                    affiliation=affiliation.strip(), notes=notes.strip(), sensitive=sensitive,
                    created_by_id=user.id, claim_form_article_id=claim_form_article_id)
    db.session.add(source)
    db.session.flush()
    grade_source(source, user, reliability, reason or "Graded when the source was registered.")
    return source


def update_source(source: Source, name: str, entry_kind: str, affiliation: str, notes: str,
                  sensitive: bool) -> None:
    _check(name, entry_kind, affiliation, notes)
    source.name, source.entry_kind = name.strip(), entry_kind
    source.affiliation, source.notes, source.sensitive = affiliation.strip(), notes.strip(), sensitive


def grade_source(source: Source, user: User, grade: str, reason: str) -> SourceGrade:
    """Set the source's reliability (A–F); the grading is kept in its history with the reason."""
    if grade not in RELIABILITY:
        raise Invalid({"reliability": "Choose a reliability grade from A to F."})
    if not reason.strip():
        raise Invalid({"reason": "Say why the source gets this grade."})
    check_storable("reason", reason)
    entry = SourceGrade(source_id=source.id, grade=grade, reason=reason.strip(), graded_by_id=user.id)
    db.session.add(entry)
    source.reliability = grade
    db.session.flush()
    return entry


def get_source(project_id: int, source_id: int) -> Source:
    source = db.session.get(Source, source_id)
    if source is None or source.project_id != project_id:
        raise NotFound("No such source.")
    return source


def get_visible_source(project_id: int, source_id: int, user: User, role: str | None) -> Source:
    """A source of the project that this person may see (else ``NotFound``, as if none)."""
    source = get_source(project_id, source_id)
    if not visibility.can_see_source(source, user, role):
        raise NotFound("No such source.")
    return source


def fetch_sources(project_id: int, user: User, role: str | None) -> list[Source]:
    """The registry as this person may see it, by name (for pickers)."""
    return list(db.session.scalars(
        select(Source).where(Source.project_id == project_id, visibility.source_seen_by(user, role))
        .order_by(Source.name)))


def fetch_sources_with_counts(project_id: int, user: User, role: str) -> list[tuple[Source, int]]:
    """The registry with how many live claims the person may see cite each source."""
    uses = (select(Claim.source_id, func.count().label("n"))
            .where(Claim.project_id == project_id, visibility.live_and_seen_by(user, role))
            .group_by(Claim.source_id).subquery())
    rows = db.session.execute(
        select(Source, func.coalesce(uses.c.n, 0)).outerjoin(uses, uses.c.source_id == Source.id)
        .where(Source.project_id == project_id, visibility.source_seen_by(user, role))
        .order_by(Source.name))
    return [(s, n) for s, n in rows]
