"""An article's revisions as pages and services read them: revision 1 is the article row as
first captured, later ones ``ArticleRevision`` rows (see ``webapp.revisions.store`` for how one
is added). Only the records are needed here, so that any service can ask for the text an
article shows now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Article
from ..models.revision import CAPTURED_BY, ArticleRevision, ClaimAnchor
from ..services.errors import NotFound


@dataclass(frozen=True)
class Revision:
    """One revision as pages read it (revision 1 is the article itself)."""
    number: int
    text: str
    content_hash: str
    body_start: int
    body_end: int
    captured_at: datetime
    captured_by_id: int
    how: str

    @property
    def how_label(self) -> str:
        return "first capture" if self.number == 1 else CAPTURED_BY.get(self.how, self.how)


def _first(article: Article) -> Revision:
    return Revision(1, article.text, article.content_hash, article.body_start, article.body_end,
                    article.captured_at, article.imported_by_id, "import")


def of_row(row: ArticleRevision) -> Revision:
    return Revision(row.number, row.text, row.content_hash, row.body_start, row.body_end,
                    row.captured_at, row.captured_by_id, row.how)


def get_revision(article: Article, number: int) -> Revision:
    if number == 1:
        return _first(article)
    row = db.session.scalar(select(ArticleRevision).where(
        ArticleRevision.article_id == article.id, ArticleRevision.number == number))
    if row is None:
        raise NotFound(f"The article has no revision {number}.")
    return of_row(row)


def latest(article: Article) -> Revision:
    """The text the article shows now, and new claims are marked on."""
    return get_revision(article, article.revision)


def list_revisions(article: Article) -> list[Revision]:
    """Every revision, the first first (the texts are read: one query)."""
    rows = db.session.scalars(select(ArticleRevision).where(ArticleRevision.article_id == article.id)
                              .order_by(ArticleRevision.number))
    return [_first(article), *map(of_row, rows)]


def current_text(article: Article) -> str:
    """The latest revision's text (the article's own while it has one revision: no query)."""
    return article.text if article.revision == 1 else latest(article).text


def spans_in(article: Article, number: int, claims: list) -> tuple[list[tuple[int, int, int]], list]:
    """The claims' spans ``(claim_id, start, end)`` in revision ``number``, and the claims not
    found there (orphaned by it, or marked on a later revision)."""
    if number == article.revision:
        found = [c for c in claims if c.revision == number]
        return [(c.id, c.start_offset, c.end_offset) for c in found], \
            [c for c in claims if c.revision != number]
    anchors = {a.claim_id: a for a in db.session.scalars(select(ClaimAnchor).where(
        ClaimAnchor.claim_id.in_([c.id for c in claims]), ClaimAnchor.revision == number))}
    spans, missing = [], []
    for claim in claims:
        anchor = anchors.get(claim.id)
        if anchor is not None and anchor.start_offset is not None:
            spans.append((claim.id, anchor.start_offset, anchor.end_offset))
        elif anchor is None and claim.revision == number:
            spans.append((claim.id, claim.start_offset, claim.end_offset))
        else:
            missing.append(claim)
    return sorted(spans, key=lambda s: (s[1], s[2])), missing
