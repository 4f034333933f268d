"""Suggestions made for an article's latest revision and kept (``models.Suggestion``).

Making them replaces the article's *open* suggestions; accepted and rejected ones are kept (the
lead's figures count them, and a rejected quote is never suggested on that article again). What
the rules propose is left out where a live claim is already marked on the same words of that
revision, and where a person rejected the same words there before (compared by
``normalise_quote``: case, spacing and the punctuation around them do not matter).

A project with suggestions turned off gets none: making them deletes its articles' open ones
(they were never decided, so no figure is lost) and stores nothing. Turning the setting on again
and pressing Re-run on the settings page makes them for every article.

The rules (``engine``, with spaCy: ~0.7 s and ~100 MB to load) are imported inside the
functions that call them, so that a web worker never loads them: a page hands its article to
the worker (``hand_over``); the worker, the command line and the bulk import's follow-up make
them here. Batches read their articles, claims and rejected quotes with one query each, and
store the suggestions with one executemany (``make_for_articles``: the worker's pace is what
the bench measures).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, fields

from sqlalchemy import and_, delete, func, insert, select

from ..extensions import db
from ..models import Article, Claim, Project, Suggestion, User
from ..models.revision import ArticleRevision
from ..services import background
from ..services.figures import fetch_vague_terms

BATCH = 500          # articles per read, per call of the rules and per insert
LANGUAGE = "en"      # articles carry no language yet: every project reads English
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
Writes = Callable[[], AbstractContextManager]


@dataclass
class Counts:
    """What a run made: articles read and suggestions stored, and how many of those carry a
    figure, an attribution or a hedge (one suggestion may carry all three)."""
    articles: int = 0
    suggestions: int = 0
    figures: int = 0
    attributions: int = 0
    hedges: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class _Text:
    article_id: int
    project_id: int
    revision: int
    text: str
    body: tuple[int, int]


def normalise_quote(quote: str) -> str:
    """The words of a quote as a rejection remembers them: NFKC, case-folded, spaces collapsed,
    punctuation at either end left out ("“26 killed,”" and "26 Killed" are the same)."""
    words = " ".join(unicodedata.normalize("NFKC", quote).casefold().split())
    return _EDGES.sub("", words)


def make_for_article(article: Article, force: bool = False) -> int:
    """Suggestions for the article's latest revision (stored, not committed); how many. Without
    ``force`` an article whose latest revision already has suggestions by these rules is left
    as it is (0)."""
    return make_for_articles([article.id], force=force).suggestions


def make_for_articles(article_ids: Iterable[int], force: bool = False,
                      on_batch: Callable[[Counts], None] | None = None,
                      writes: Writes | None = None) -> Counts:
    """``make_for_article`` for many articles, ``BATCH`` at a time: per batch one query reads
    the texts, one the claims, one the rejected quotes, one insert stores the suggestions.
    ``on_batch(counts so far)`` after each batch (the worker commits there); ``writes``: see
    ``_make``."""
    ids, total = list(article_ids), Counts()
    for start in range(0, len(ids), BATCH):
        total += _make(_texts(Article.id.in_(ids[start:start + BATCH])), force, writes)
        if on_batch:
            on_batch(total)
    return total


def make_for_project(project_id: int, force: bool = True, after_id: int = 0,
                     on_batch: Callable[[Counts, int, int], None] | None = None,
                     writes: Writes | None = None) -> Counts:
    """Every article of the project with an id above ``after_id``, in id order, ``BATCH`` a
    query; ``on_batch(counts so far, articles read so far, last article id)`` after each batch
    (a job saves the last id, to resume from)."""
    total, read = Counts(), 0
    while True:
        batch = _texts(Article.project_id == project_id, Article.id > after_id, limit=BATCH)
        if not batch:
            return total
        total += _make(batch, force, writes)
        read, after_id = read + len(batch), batch[-1].article_id
        if on_batch:
            on_batch(total, read, after_id)


def count_articles(project_id: int, after_id: int = 0) -> int:
    return db.session.scalar(select(func.count(Article.id)).where(
        Article.project_id == project_id, Article.id > after_id)) or 0


def hand_over(article_ids: list[int]) -> None:
    """Queue the making of these (committed) articles' suggestions for the worker: a web
    request never loads the rules (see the module's docstring)."""
    if article_ids:
        background.hand_over(background.SUGGESTIONS, list(article_ids))


def hand_over_imported(project_id: int, after_id: int) -> None:
    """Queue the suggestions of a bulk import's new articles (the project's above ``after_id``
    that have none by these rules yet) for the worker, once the import has finished: the import
    itself runs at its own pace (thousands of articles a second), the rules at theirs."""
    background.hand_over(background.SUGGESTIONS, None, project_id, after_id)


def last_article_id() -> int:
    """The newest article's id: a bulk import's new articles come after it."""
    return db.session.scalar(select(func.max(Article.id))) or 0


def withdraw_open(project_id: int) -> int:
    """Delete the project's open suggestions (suggestions were turned off); how many."""
    return db.session.execute(delete(Suggestion).where(
        Suggestion.project_id == project_id, Suggestion.status == "open")
        .execution_options(synchronize_session=False)).rowcount


def _texts(*where, limit: int | None = None) -> list[_Text]:
    """The latest revision's text and body of each article (one query)."""
    latest = and_(ArticleRevision.article_id == Article.id, ArticleRevision.number == Article.revision)
    query = (select(Article.id, Article.project_id, Article.revision,
                    func.coalesce(ArticleRevision.text, Article.text),
                    func.coalesce(ArticleRevision.body_start, Article.body_start),
                    func.coalesce(ArticleRevision.body_end, Article.body_end))
             .outerjoin(ArticleRevision, latest).where(*where).order_by(Article.id))
    if limit:
        query = query.limit(limit)
    return [_Text(i, p, n, text, (start, end)) for i, p, n, text, start, end in db.session.execute(query)]


def _make(batch: list[_Text], force: bool, writes: Writes | None) -> Counts:
    """Read and run the rules first, then write (in ``writes()``, when given: the worker's
    short write transaction, so SQLite's write lock is not held while the rules run)."""
    if not batch:
        return Counts()
    from .engine import RULES_VERSION   # the rules load where suggestions are made, not at start-up
    enabled = _enabled({t.project_id for t in batch})
    current = set() if force else _already_made([t.article_id for t in batch], RULES_VERSION)
    # Replaced: the open ones of every article remade, and of every article whose project is off.
    replaced = [t.article_id for t in batch if t.article_id not in current or not enabled[t.project_id]]
    wanted = [t for t in batch if enabled[t.project_id] and t.article_id not in current]
    rows = _rows(wanted, RULES_VERSION) if wanted else []
    with writes() if writes else nullcontext():
        if replaced:
            db.session.execute(delete(Suggestion).where(
                Suggestion.article_id.in_(replaced), Suggestion.status == "open")
                .execution_options(synchronize_session=False))
        if rows:
            db.session.execute(insert(Suggestion), rows)
    return Counts(articles=len(wanted), suggestions=len(rows),
                  figures=sum(bool(r["figures"]) for r in rows),
                  attributions=sum(bool(r["attribution_text"]) for r in rows),
                  hedges=sum(bool(r["hedging"]) for r in rows))


def _rows(wanted: list[_Text], rules_version: str) -> list[dict]:
    """What the rules propose for these texts, less what is claimed or was rejected there."""
    claimed, rejected = _claimed(wanted), _rejected([t.article_id for t in wanted])
    rows = []
    for project_id, texts in _by_project(wanted).items():
        for item, found in zip(texts, _suggest(texts, fetch_vague_terms(project_id))):
            for s in found:
                if not _overlaps(s, claimed[item.article_id]) and \
                        normalise_quote(s.quote) not in rejected[item.article_id]:
                    rows.append(_row(item, s, rules_version))
    return rows


def _suggest(texts: list[_Text], vague_terms: dict[str, int]):
    from . import engine
    if len(texts) == 1:
        return [engine.suggest(texts[0].text, LANGUAGE, vague_terms, texts[0].body)]
    return engine.suggest_many(((t.text, t.body) for t in texts), LANGUAGE, vague_terms)


def _row(item: _Text, s, rules_version: str) -> dict:
    return {"project_id": item.project_id, "article_id": item.article_id, "revision": item.revision,
            "start_offset": s.start, "end_offset": s.end, "quote": s.quote, "kind": s.kind or "",
            "figures": list(s.figures or []), "attribution_text": s.attribution_text or "",
            "speaker": s.speaker or "", "source_type": s.source_type or "", "named": s.named or "",
            "hedging": (s.hedging or "")[:500], "parts": list(s.parts or []), "language": LANGUAGE,
            "rules_version": rules_version, "status": "open"}


def _enabled(project_ids: set[int]) -> dict[int, bool]:
    return dict(db.session.execute(select(Project.id, Project.suggestions_enabled)
                                   .where(Project.id.in_(project_ids))).all())


def _already_made(article_ids: list[int], rules_version: str) -> set[int]:
    """The articles whose latest revision has suggestions by these rules (any status)."""
    return set(db.session.scalars(
        select(Suggestion.article_id).join(Article, Article.id == Suggestion.article_id)
        .where(Suggestion.article_id.in_(article_ids), Suggestion.revision == Article.revision,
               Suggestion.rules_version == rules_version).distinct()))


def _claimed(texts: list[_Text]) -> dict[int, list[tuple[int, int]]]:
    """The spans of the live claims marked on each article's latest revision (one query)."""
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    revision = {t.article_id: t.revision for t in texts}
    for article_id, number, start, end in db.session.execute(
            select(Claim.article_id, Claim.revision, Claim.start_offset, Claim.end_offset)
            .where(Claim.article_id.in_(list(revision)), Claim.deleted_at.is_(None))):
        if number == revision[article_id]:   # an orphan's offsets are in an older revision
            found[article_id].append((start, end))
    return found


def _rejected(article_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for article_id, quote in db.session.execute(select(Suggestion.article_id, Suggestion.quote).where(
            Suggestion.article_id.in_(article_ids), Suggestion.status == "rejected")):
        found[article_id].add(normalise_quote(quote))
    return found


def _overlaps(s, spans: list[tuple[int, int]]) -> bool:
    return any(s.start < end and start < s.end for start, end in spans)


def _by_project(texts: list[_Text]) -> dict[int, list[_Text]]:
    found: dict[int, list[_Text]] = defaultdict(list)
    for t in texts:
        found[t.project_id].append(t)
    return found


def fetch_page(project_id: int, article_id: int | None, status: str | None, offset: int,
               limit: int) -> tuple[list[tuple[Suggestion, str | None]], int]:
    """One page of the project's (or one article's) suggestions in article and text order,
    each with the username of who decided it, and how many there are (two queries)."""
    where = [Suggestion.project_id == project_id]
    if article_id is not None:
        where.append(Suggestion.article_id == article_id)
    if status:
        where.append(Suggestion.status == status)
    total = db.session.scalar(select(func.count(Suggestion.id)).where(*where)) or 0
    rows = db.session.execute(
        select(Suggestion, User.username).outerjoin(User, User.id == Suggestion.decided_by_id)
        .where(*where).order_by(Suggestion.article_id, Suggestion.start_offset, Suggestion.id)
        .offset(offset).limit(limit)).all()
    return [tuple(r) for r in rows], total
