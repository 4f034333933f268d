"""Finding a project's copies: articles that share most of their text.

1. Every article without a signature for its current text gets one (``shingles.signature``);
   signatures are stored, so a run after an import hashes only the new articles.
2. Candidates: locality-sensitive hashing (datasketch's ``MinHashLSH``) over the signatures,
   in memory: 51 bands of 5 values, so that two texts sharing half of their shingles meet in
   a band 4 times in 5, and those sharing 60% 49 times in 50; texts on the same topic that
   share a tenth of their shingles almost never meet. Only new articles are looked up; a
   handful of new articles are compared with every stored signature directly instead (a
   comparison of 256 numbers each, cheaper than building the index).
3. Each candidate pair's share is estimated from the two signatures, and those near or above
   the threshold are measured exactly (Jaccard of the bodies' shingle sets). Pairs sharing at
   least half their shingles are stored as suggested copies; a pair already stored (confirmed,
   or split by a lead) is never suggested again.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from sqlalchemy import select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import Article, ArticleCopy, ArticleSignature
from . import shingles as sh

if TYPE_CHECKING:   # numpy is imported where it is used: a web worker never loads it
    import numpy as np

THRESHOLD = 0.5          # share of 5-word shingles in common that makes two articles copies
ESTIMATE_FLOOR = 0.38    # candidates whose estimated share is below this are not measured
BANDS, ROWS = 51, 5      # the LSH index: BANDS * ROWS <= NUM_PERM
DIRECT_LIMIT = 64        # at most this many new articles: compared directly, no index
BATCH = 500
Progress = Callable[[int, int, str], None]


@dataclass
class Outcome:
    hashed: int = 0
    compared: int = 0
    candidates: int = 0
    measured: int = 0
    pairs: list[tuple[int, int, float]] = field(default_factory=list)   # (original, copy, share)


def find_copies(project_id: int, progress: Progress | None = None, every: bool = False) -> Outcome:
    """Hash the project's new articles, find their copies (``every``: every article's), store
    the pairs (the caller commits; ``progress(done, total, message)`` is called between
    batches and may commit)."""
    report = progress or (lambda done, total, message: None)
    outcome = Outcome()
    new_ids = _hash_new(project_id, report, outcome)
    ids, matrix = _signatures(project_id)
    new = [i for i, article_id in enumerate(ids) if every or article_id in new_ids]
    outcome.compared = len(new)
    report(outcome.hashed, outcome.hashed, "Comparing the new articles with the project's…")
    pairs = _direct(matrix, new) if len(new) <= DIRECT_LIMIT else _lsh(matrix, new)
    outcome.candidates = len(pairs)
    pairs = _likely(matrix, pairs)
    known = _known_pairs(project_id, {(ids[a], ids[b]) for a, b in pairs})
    todo = [(ids[a], ids[b]) for a, b in pairs if _ordered(ids[a], ids[b]) not in known]
    outcome.measured = len(todo)
    report(outcome.hashed, outcome.hashed, f"Measuring {len(todo):,} likely copies…")
    outcome.pairs = _store(project_id, _measure(todo))
    return outcome


def _hash_new(project_id: int, report: Progress, outcome: Outcome) -> set[int]:
    """Sign every article whose current text has no signature; their ids."""
    stale = (select(Article.id).outerjoin(ArticleSignature, ArticleSignature.article_id == Article.id)
             .where(Article.project_id == project_id,
                    (ArticleSignature.article_id.is_(None))
                    | (ArticleSignature.content_hash != Article.content_hash)))
    todo = list(db.session.scalars(stale.order_by(Article.id)))
    for start in range(0, len(todo), BATCH):
        chunk = todo[start:start + BATCH]
        rows = []
        for article_id, text, body_start, body_end, digest in _bodies(chunk, with_hash=True):
            found = sh.shingles(sh.body_of(text, body_start, body_end))
            rows.append({"article_id": article_id, "project_id": project_id, "content_hash": digest,
                         "signature": sh.signature(found), "shingles": len(found)})
        db.session.query(ArticleSignature).filter(ArticleSignature.article_id.in_(chunk)).delete(
            synchronize_session=False)
        db.session.execute(_insert_ignoring_conflicts(ArticleSignature), rows)
        outcome.hashed += len(rows)
        report(outcome.hashed, len(todo), f"Hashing the texts: {outcome.hashed:,} of {len(todo):,}")
    return set(todo)


def _bodies(article_ids: list[int], with_hash: bool = False) -> Iterable[tuple]:
    columns = [Article.id, Article.text, Article.body_start, Article.body_end]
    if with_hash:
        columns.append(Article.content_hash)
    return db.session.execute(select(*columns).where(Article.id.in_(article_ids))).all()


def _signatures(project_id: int) -> tuple[list[int], np.ndarray]:
    import numpy as np
    rows = db.session.execute(select(ArticleSignature.article_id, ArticleSignature.signature)
                              .where(ArticleSignature.project_id == project_id)
                              .order_by(ArticleSignature.article_id)).all()
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<u4").reshape(len(rows), sh.NUM_PERM)
    return [r[0] for r in rows], matrix


def _direct(matrix: np.ndarray, new: list[int]) -> set[tuple[int, int]]:
    """Each new article against every stored signature (rows of the matrix)."""
    import numpy as np
    found = set()
    for i in new:
        shares = (matrix == matrix[i]).mean(axis=1)
        for j in np.nonzero(shares >= ESTIMATE_FLOOR)[0]:
            if j != i:
                found.add((min(i, int(j)), max(i, int(j))))
    return found


def _lsh(matrix: np.ndarray, new: list[int]) -> set[tuple[int, int]]:
    """Candidate pairs from datasketch's LSH index: the stored articles are indexed first, then
    each new one is looked up and added, so every pair is met once."""
    from datasketch import MinHashLSH

    index = MinHashLSH(num_perm=sh.NUM_PERM, params=(BANDS, ROWS))
    fresh = set(new)
    for i in range(len(matrix)):
        if i not in fresh:
            index.insert(i, sh.as_minhash(matrix[i]), check_duplication=False)
    found = set()
    for i in new:
        signature = sh.as_minhash(matrix[i])
        found.update((min(i, j), max(i, j)) for j in index.query(signature))
        index.insert(i, signature, check_duplication=False)
    return found


def _likely(matrix: np.ndarray, pairs: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs whose share, estimated from their signatures, is near the threshold or above."""
    import numpy as np
    if not pairs:
        return []
    ordered = np.array(sorted(pairs), dtype=np.int64)
    keep = []
    for start in range(0, len(ordered), 100_000):
        chunk = ordered[start:start + 100_000]
        shares = (matrix[chunk[:, 0]] == matrix[chunk[:, 1]]).mean(axis=1)
        keep.extend(map(tuple, chunk[shares >= ESTIMATE_FLOOR].tolist()))
    return keep


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _known_pairs(project_id: int, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which of these pairs (by id, in either direction) are stored already."""
    found: set[tuple[int, int]] = set()
    wanted = list(pairs)
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start:start + BATCH]
        both = chunk + [(b, a) for a, b in chunk]
        for a, b in db.session.execute(select(ArticleCopy.original_id, ArticleCopy.copy_id).where(
                ArticleCopy.project_id == project_id,
                tuple_(ArticleCopy.original_id, ArticleCopy.copy_id).in_(both))):
            found.add(_ordered(a, b))
    return found


def _measure(pairs: list[tuple[int, int]]) -> list[tuple[int, int, float]]:
    """The exact share of each pair, read from the two bodies (each article read once)."""
    ids = sorted({i for pair in pairs for i in pair})
    sets: dict[int, set[int]] = {}
    for start in range(0, len(ids), BATCH):
        for article_id, text, body_start, body_end in _bodies(ids[start:start + BATCH]):
            sets[article_id] = sh.shingles(sh.body_of(text, body_start, body_end))
    measured = ((a, b, sh.jaccard(sets[a], sets[b])) for a, b in pairs)
    return [(a, b, share) for a, b, share in measured if share >= THRESHOLD]


def _store(project_id: int, measured: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Store the copies, each pair oriented from the earlier article to the later."""
    stored = []
    for start in range(0, len(measured), BATCH):
        chunk = measured[start:start + BATCH]
        facts = {row.id: row for row in db.session.execute(
            select(Article.id, Article.published_on, Article.captured_at, Article.site_name,
                   Article.original_outlet)
            .where(Article.id.in_({i for a, b, _s in chunk for i in (a, b)})))}
        rows = []
        for a, b, share in chunk:
            original, copy = sorted((facts[a], facts[b]), key=_first_published)
            rows.append({"project_id": project_id, "original_id": original.id, "copy_id": copy.id,
                         "share": round(share, 4), "found_by": _found_by(original, copy),
                         "state": "suggested"})
            stored.append((original.id, copy.id, share))
        db.session.execute(_insert_ignoring_conflicts(ArticleCopy), rows)
    return stored


def _first_published(row) -> tuple:
    """Published first (an article without a date after those with one), then captured first."""
    return (row.published_on is None, row.published_on or row.captured_at.date(),
            row.captured_at.replace(tzinfo=None), row.id)


def _found_by(original, copy) -> str:
    """"text+provenance" when the copy's provenance names the original's outlet."""
    named = copy.original_outlet.strip().casefold()
    return "text+provenance" if named and named in (original.site_name.strip().casefold(),
                                                    original.original_outlet.strip().casefold()) else "text"


def _insert_ignoring_conflicts(model):
    """An insert that leaves a row another run stored a moment ago (two runs after two imports
    may overlap): the same pair or signature is not an error."""
    dialect = db.session.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return make(model).on_conflict_do_nothing()


def after_import(project_id: int) -> None:
    """Queue a copy detection for the project's new articles (after the import committed)."""
    from ..services import background
    background.hand_over(background.COPY_DETECTION, project_id)


def summary(project_id: int, outcome: Outcome) -> dict:
    """What a run did, for the job's report and the command line."""
    from sqlalchemy import func
    stored = db.session.scalar(select(func.count(ArticleCopy.id)).where(
        ArticleCopy.project_id == project_id, ArticleCopy.state != "split")) or 0
    return {"Articles hashed": f"{outcome.hashed:,}", "Articles compared": f"{outcome.compared:,}",
            "Candidate pairs": f"{outcome.candidates:,}", "Measured exactly": f"{outcome.measured:,}",
            "New copies found": f"{len(outcome.pairs):,}", "Copy pairs in the project": f"{stored:,}"}


def message(outcome: Outcome) -> str:
    found = len(outcome.pairs)
    return (f"Compared {outcome.compared:,} new article{'' if outcome.compared == 1 else 's'}; "
            f"{found:,} new cop{'y' if found == 1 else 'ies'} found (pairs sharing at least "
            f"{THRESHOLD:.0%} of their text).")
