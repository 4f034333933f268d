"""Groups of copies as people see them, and a lead's decisions about them.

A group is every article linked to another by a stored pair that was not split; its original
is the member published first. A lead confirms a group (every pair in it is confirmed) or
splits an article off it (its pairs in the group are marked split, and never suggested again);
each decision is an event in the history of every article it touches, in the same transaction.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, or_, select

from ..extensions import db
from ..models import Article, ArticleCopy, User
from ..models._time import utcnow
from ..services.assignments import record
from ..services.errors import Invalid
from . import shingles as sh
from .unions import DisjointSets

MAX_GROUP = 200          # members read for one group (wire copy rarely reaches dozens)
MAX_DEPTH = 12           # links followed from an article (a copy of a copy of …)
LIVE = ("suggested", "confirmed")


@dataclass
class Member:
    article: Article
    share: float | None      # with the article the page is about
    state: str               # of their pair, or "linked" (in the group through another member)
    found_by: str


@dataclass
class Group:
    members: list[Member]    # the other articles of the group, earliest first
    split: list[Member]      # articles split off this article by a lead
    original_id: int | None  # the member published first (None: no group)
    state: str               # "confirmed" when every pair is, else "suggested"

    @property
    def is_copy(self) -> bool:
        return self.original_id is not None


def republished_from(article: Article) -> str:
    """The outlet the provenance says first published the article, when it is not the site
    it was read on: a copy relation even when the project holds no other text of it."""
    outlet = article.original_outlet.strip()
    return outlet if outlet and outlet.casefold() != article.site_name.strip().casefold() else ""


def republished() -> ColumnElement[bool]:
    """``republished_from`` in SQL."""
    return and_(Article.original_outlet != "",
                func.lower(Article.original_outlet) != func.lower(Article.site_name))


def is_copy() -> ColumnElement[bool]:
    """The article copies an earlier one of the project, or its provenance records a
    republication (the list's "copies" filter; "originals" is the rest)."""
    return or_(republished(), exists(select(ArticleCopy.id).where(
        ArticleCopy.copy_id == Article.id, ArticleCopy.state.in_(LIVE))))


def _pairs_touching(ids: set[int], states=LIVE) -> list[ArticleCopy]:
    return list(db.session.scalars(select(ArticleCopy).where(
        or_(ArticleCopy.original_id.in_(ids), ArticleCopy.copy_id.in_(ids)),
        ArticleCopy.state.in_(states))))


def _reach(article_ids: set[int]):
    """The ids of every article linked to one of these by live pairs, the articles included:
    one recursive query (copies of copies are followed ``MAX_DEPTH`` links at most)."""
    pair = ArticleCopy.__table__.alias("pair")
    reach = (select(Article.id.label("id"), literal(0).label("depth"))
             .where(Article.id.in_(article_ids)).cte("reach", recursive=True))
    step = (select(case((pair.c.original_id == reach.c.id, pair.c.copy_id),
                        else_=pair.c.original_id), reach.c.depth + 1)
            .where(or_(pair.c.original_id == reach.c.id, pair.c.copy_id == reach.c.id),
                   pair.c.state.in_(LIVE), reach.c.depth < MAX_DEPTH))
    return select(reach.union(step).c.id)


def _pairs_within(article_ids: set[int]) -> list[ArticleCopy]:
    """The live pairs of the groups these articles are in (one query)."""
    if not article_ids:
        return []
    return list(db.session.scalars(select(ArticleCopy).where(
        ArticleCopy.state.in_(LIVE), ArticleCopy.original_id.in_(_reach(article_ids)))
        .order_by(ArticleCopy.id).limit(MAX_GROUP * MAX_GROUP)))


def _component(article_id: int) -> tuple[set[int], list[ArticleCopy]]:
    """The article's group: ids and pairs."""
    pairs = _pairs_within({article_id})
    members = {article_id} | {i for p in pairs for i in (p.original_id, p.copy_id)}
    return members, pairs


def copy_groups(article_ids: set[int]) -> dict[int, int]:
    """Each of the articles that is in a group of copies, with its group's name (the smallest
    member's id), in one query however many articles and however long the chains of copies."""
    sets = DisjointSets()
    for pair in _pairs_within(article_ids):
        sets.join(pair.original_id, pair.copy_id)
    roots = sets.roots()
    return {i: roots[i] for i in article_ids if i in roots}


def fetch_group(article: Article) -> Group:
    """The other articles of the article's group, with the share of text each has in common
    with it, and the articles a lead split off it."""
    ids, pairs = _component(article.id)
    split = [p for p in _pairs_touching({article.id}, ("split",))]
    others = ids - {article.id}
    loaded = {a.id: a for a in db.session.scalars(select(Article).where(
        Article.id.in_(others | {p.original_id for p in split} | {p.copy_id for p in split})))}
    direct = {p.copy_id if p.original_id == article.id else p.original_id: p
              for p in pairs if article.id in (p.original_id, p.copy_id)}
    members = [_member(article, loaded[i], direct.get(i)) for i in others]
    members.sort(key=lambda m: (m.article.published_on is None, str(m.article.published_on), m.article.id))
    every = sorted([article, *(m.article for m in members)],
                   key=lambda a: (a.published_on is None, str(a.published_on), a.captured_at.replace(tzinfo=None), a.id))
    gone = [Member(loaded[p.copy_id if p.original_id == article.id else p.original_id], p.share,
                   "split", p.found_by) for p in split]
    state = "confirmed" if pairs and all(p.state == "confirmed" for p in pairs) else "suggested"
    return Group(members, gone, every[0].id if members else None, state)


def _member(article: Article, other: Article, pair: ArticleCopy | None) -> Member:
    if pair is not None:
        return Member(other, pair.share, pair.state, pair.found_by)
    # In the group through another member: measured here (groups are small).
    share = sh.jaccard(*(sh.shingles(sh.body_of(a.text, a.body_start, a.body_end)) for a in (article, other)))
    return Member(other, share, "linked", "text")


def member_of(article: Article, member_id: int) -> Article:
    """The article itself, or a member of its group (``Invalid`` for any other id)."""
    if member_id == article.id:
        return article
    ids, _pairs = _component(article.id)
    if member_id not in ids:
        raise Invalid({"copies": "That article is not in this group of copies."})
    return db.session.get(Article, member_id)


def _label(article: Article) -> str:
    return f"#{article.id} {article.title[:80]} ({article.site_name or 'no site'})"


def confirm_group(article: Article, actor: User) -> int:
    """Confirm the article's group: every pair in it is a copy. Returns how many pairs changed."""
    ids, pairs = _component(article.id)
    pending = [p for p in pairs if p.state != "confirmed"]
    if not pairs:
        raise Invalid({"copies": "This article has no copies to confirm."})
    if not pending:
        return 0
    now = utcnow()
    for pair in pending:
        pair.state, pair.decided_by_id, pair.decided_at = "confirmed", actor.id, now
    loaded = {a.id: a for a in db.session.scalars(select(Article).where(Article.id.in_(ids)))}
    names = [_label(loaded[i]) for i in sorted(ids)]
    for member in loaded.values():
        record(member, actor, "copies_confirmed", {"copies": ["suggested", "confirmed"],
                                                   "group": [None, names]})
    db.session.flush()
    return len(pending)


def split_article(article: Article, actor: User, reason: str = "") -> int:
    """Take the article out of its group: its pairs are split (and never suggested again)."""
    pairs = _pairs_touching({article.id})
    if not pairs:
        raise Invalid({"copies": "This article is in no group of copies."})
    now: datetime = utcnow()
    partners = []
    for pair in pairs:
        pair.state, pair.decided_by_id, pair.decided_at = "split", actor.id, now
        partners.append(pair.original if pair.copy_id == article.id else pair.copy)
    names = [_label(a) for a in partners]
    record(article, actor, "copy_split", {"copy of": [names, None]}, reason)
    for other in partners:
        record(other, actor, "copy_split", {"copy of": [[_label(article)], None]}, reason)
    db.session.flush()
    return len(pairs)


def fetch_groups(project_id: int) -> list[list[tuple[Article, float | None]]]:
    """Every group of the project, each as its members (earliest first) with the share each
    has with the group's original when they were paired directly."""
    pairs = db.session.execute(select(ArticleCopy.original_id, ArticleCopy.copy_id, ArticleCopy.share)
                               .where(ArticleCopy.project_id == project_id,
                                      ArticleCopy.state.in_(LIVE))).all()
    sets = DisjointSets()
    for a, b, _share in pairs:
        sets.join(a, b)
    components = sets.groups()
    shares = {(a, b): s for a, b, s in pairs}
    articles = _titles(set(sets.parent))
    groups = []
    for ids in components.values():
        members = sorted((articles[i] for i in ids), key=lambda a: (a.published_on is None, str(a.published_on), a.id))
        first = members[0].id
        groups.append([(m, shares.get((first, m.id))) for m in members])
    groups.sort(key=lambda g: (-len(g), g[0][0].id))
    return groups


def _titles(ids: set[int]) -> dict[int, Article]:
    from sqlalchemy.orm import load_only
    found: dict[int, Article] = {}
    chunk = sorted(ids)
    for start in range(0, len(chunk), 500):
        for a in db.session.scalars(select(Article).options(load_only(
                Article.id, Article.title, Article.site_name, Article.published_on))
                .where(Article.id.in_(chunk[start:start + 500]))):
            found[a.id] = a
    return found


def count_links(article_ids: list[int]) -> dict[int, int]:
    """How many copies each article is paired with (for a page of the list: one query)."""
    if not article_ids:
        return {}
    counts: dict[int, int] = {}
    for a, b in db.session.execute(select(ArticleCopy.original_id, ArticleCopy.copy_id).where(
            or_(ArticleCopy.original_id.in_(article_ids), ArticleCopy.copy_id.in_(article_ids)),
            ArticleCopy.state.in_(LIVE))):
        for i in (a, b):
            if i in article_ids:
                counts[i] = counts.get(i, 0) + 1
    return counts
