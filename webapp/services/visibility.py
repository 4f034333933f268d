"""Which claims a person may see: the one rule every list, count, search, page and export
applies (SECURITY.md T13).

A claim is live until it is deleted (adjudication that drops one of a blind pair deletes it
too). During blind double review — an article marked for double review while any of its
assignments is not done — an annotator or viewer sees only the claims they made themselves;
leads see all. A source registered from the claim form in such an article is hidden the same
way (registry, source page, pickers): only its registrant and leads see it until the blind
phase is over, so it cannot tell the other reviewer what was marked.
"""
from sqlalchemy import ColumnElement, and_, exists, or_, select, true
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Article, Assignment, Claim, Source, User


def live() -> ColumnElement[bool]:
    return Claim.deleted_at.is_(None)


def seen_by(user: User, role: str | None) -> ColumnElement[bool]:
    """Where-clause on ``Claim``: the claims ``user`` (with ``role`` in the claim's project)
    may see, deleted ones included (their history stays readable)."""
    if role == "lead":
        return true()
    return or_(Claim.created_by_id == user.id, ~_blind(Claim.article_id))


def _blind(article_id) -> ColumnElement[bool]:
    """Whether the article ``article_id`` (a column) is in its blind double review."""
    article = aliased(Article)  # never correlated with an Article the outer query joins
    return exists(select(article.id).where(
        article.id == article_id, article.double_review.is_(True),
        exists(select(Assignment.id).where(Assignment.article_id == article.id,
                                           Assignment.state != "done"))))


def source_seen_by(user: User, role: str | None) -> ColumnElement[bool]:
    """Where-clause on ``Source``: the sources ``user`` may see in the registry and pickers."""
    if role == "lead":
        return true()
    return or_(Source.claim_form_article_id.is_(None), Source.created_by_id == user.id,
               ~_blind(Source.claim_form_article_id))


def can_see_source(source: Source, user: User, role: str | None) -> bool:
    """The same rule for one source already loaded."""
    if role == "lead" or source.claim_form_article_id is None or source.created_by_id == user.id:
        return True
    return not in_blind_phase(db.session.get(Article, source.claim_form_article_id))


def live_and_seen_by(user: User, role: str | None) -> ColumnElement[bool]:
    return and_(live(), seen_by(user, role))


def can_see(claim: Claim, user: User, role: str | None) -> bool:
    """The same rule for one claim already loaded."""
    if role == "lead" or claim.created_by_id == user.id:
        return True
    return not in_blind_phase(claim.article)


def in_blind_phase(article: Article) -> bool:
    if not article.double_review:
        return False
    return db.session.scalar(select(exists().where(
        Assignment.article_id == article.id, Assignment.state != "done")))
