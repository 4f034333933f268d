"""Claim clusters: linking the reports of one claim across articles, reading a cluster back
with its independent origins, range and grade (``grades``), and suggesting reports to link.

Every change (link, unlink, split, merge, marking an admission) is an event in the trail of
each claim concerned, in the caller's transaction, and the cluster's grade is computed again.
A change to a report itself (its status, figures, chain, deletion) recomputes the grade too:
``services.claims`` announces every event it records (``claim_recorded``) and ``refresh_for``
listens, so the claims service needs to know nothing of clusters.
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, delete, func, select, union_all

from ..extensions import db
from ..models import Article, Claim, ClaimCluster, ClusterMember, Source, User
from ..models._time import utcnow
from ..services import visibility
from ..services.claims import claim_recorded, record_event
from ..services.errors import Invalid, NotFound
from . import chains, figure_source, grades
from .groups import copy_groups

MAX_REPORTS = 500          # reports read for one cluster page
SUGGEST_DAYS = 14          # article dates this close count as "near"
SUGGEST_CANDIDATES = 250   # claims scored for one suggestion list
SUGGEST_ARTICLES = 100     # articles read on each side of the claim's article's date
QUIET_ACTIONS = {"created", "commented"}   # events that cannot change a grade


def cluster_of(claim_id: int) -> ClaimCluster | None:
    return db.session.scalar(select(ClaimCluster).join(ClusterMember).where(
        ClusterMember.claim_id == claim_id))


def get_cluster(project_id: int, cluster_id: int, for_update: bool = False) -> ClaimCluster:
    """The project's cluster (NotFound for one of another project, as for one that does not
    exist); ``for_update`` locks its row until the transaction ends (PostgreSQL)."""
    cluster = db.session.get(ClaimCluster, cluster_id, with_for_update=for_update or None,
                             populate_existing=for_update)
    if cluster is None or cluster.project_id != project_id:
        raise NotFound("No such cluster.")
    return cluster


def _member_ids(cluster_id: int) -> list[int]:
    return list(db.session.scalars(select(ClusterMember.claim_id).where(
        ClusterMember.cluster_id == cluster_id).order_by(ClusterMember.claim_id)))


def _event(claim: Claim, user: User, action: str, before, after, reason: str = "") -> None:
    record_event(claim, user, action, {"cluster": [before, after]}, reason)


def link(claim: Claim, other: Claim, user: User, reason: str = "") -> ClaimCluster:
    """Put two reports in one cluster: a new one, the cluster one of them is in, or — both in
    clusters — the two merged into the older. An event on each claim that moves."""
    if claim.id == other.id:
        raise Invalid({"cluster": "A claim is not a second report of itself."})
    if claim.project_id != other.project_id:
        raise Invalid({"cluster": "Reports of one cluster belong to one project."})
    mine, theirs = cluster_of(claim.id), cluster_of(other.id)
    if mine is not None and theirs is not None and mine.id == theirs.id:
        return mine
    if mine is None and theirs is None:
        cluster = ClaimCluster(project_id=claim.project_id, created_by_id=user.id)
        db.session.add(cluster)
        db.session.flush()
        for each in (claim, other):
            _join(cluster, each, user, "cluster_linked", None, reason)
    elif mine is None or theirs is None:
        cluster, newcomer = (mine, other) if theirs is None else (theirs, claim)
        _join(cluster, newcomer, user, "cluster_linked", None, reason)
    else:
        older, newer = (mine, theirs) if mine.id < theirs.id else (theirs, mine)
        return merge(older, newer, user, reason)
    refresh(cluster)
    return cluster


def merge(cluster: ClaimCluster, other: ClaimCluster, user: User, reason: str = "") -> ClaimCluster:
    """Move every report of ``other`` into ``cluster``; ``other`` ends. An event on each claim
    that moves, and the grade computed again."""
    if cluster.id == other.id:
        raise Invalid({"cluster": "A cluster cannot be merged into itself."})
    if cluster.project_id != other.project_id:
        raise Invalid({"cluster": "Clusters of two projects cannot be merged."})
    for claim_id in _member_ids(other.id):
        # Through the relationship, so a loaded ``other.members`` lets go of the report too.
        db.session.get(ClusterMember, claim_id).cluster = cluster
        _event(db.session.get(Claim, claim_id), user, "cluster_merged", other.id, cluster.id, reason)
    db.session.flush()
    db.session.delete(other)
    refresh(cluster)
    return cluster


def _join(cluster: ClaimCluster, claim: Claim, user: User, action: str, before, reason: str):
    db.session.add(ClusterMember(claim_id=claim.id, cluster_id=cluster.id, linked_by_id=user.id))
    db.session.flush()
    _event(claim, user, action, before, cluster.id, reason)


def unlink(claim: Claim, user: User, reason: str = "") -> None:
    """Take a report out of its cluster; a cluster left with one report ends (that report
    leaves it too, with an event of its own)."""
    cluster = cluster_of(claim.id)
    if cluster is None:
        raise Invalid({"cluster": "This claim is in no cluster."})
    _leave(cluster, claim, user, reason)
    rest = _member_ids(cluster.id)
    if len(rest) == 1:
        _leave(cluster, db.session.get(Claim, rest[0]), user, "The last report of its cluster.")
        db.session.delete(cluster)
        db.session.flush()
    else:
        refresh(cluster)


def _leave(cluster: ClaimCluster, claim: Claim, user: User, reason: str) -> None:
    db.session.execute(delete(ClusterMember).where(ClusterMember.claim_id == claim.id))
    _event(claim, user, "cluster_unlinked", cluster.id, None, reason)


def split(cluster: ClaimCluster, claim_ids: list[int], user: User, reason: str = "") -> ClaimCluster:
    """Move the given reports of the cluster into a new cluster of their own (two or more;
    one report is simply unlinked)."""
    members = set(_member_ids(cluster.id))
    chosen = sorted(set(claim_ids))
    if not chosen or not set(chosen) <= members:
        raise Invalid({"cluster": "Choose reports of this cluster to split off."})
    if len(members) - len(chosen) < 2 or len(chosen) < 2:
        raise Invalid({"cluster": "A split leaves two clusters of at least two reports each; "
                                  "to take one report out, unlink it."})
    new = ClaimCluster(project_id=cluster.project_id, created_by_id=user.id)
    db.session.add(new)
    db.session.flush()
    for claim_id in chosen:
        db.session.get(ClusterMember, claim_id).cluster_id = new.id
        _event(db.session.get(Claim, claim_id), user, "cluster_split", cluster.id, new.id, reason)
    db.session.flush()
    refresh(cluster)
    refresh(new)
    return new


def set_admission(claim: Claim, user: User, admission: bool, reason: str = "") -> None:
    """Mark (or unmark) a report as the admission of the party concerned."""
    member = db.session.get(ClusterMember, claim.id)
    if member is None:
        raise Invalid({"cluster": "Only a report in a cluster can be marked as an admission."})
    if member.admission == admission:
        return
    member.admission = admission
    record_event(claim, user, "admission_marked" if admission else "admission_unmarked",
                 {"admission": [not admission, admission]}, reason)
    db.session.flush()
    refresh(member.cluster)


# --- reading -------------------------------------------------------------------------------

@dataclass
class ReportRow:
    claim: Claim
    article: Article
    source: Source | None
    report: grades.Report


def _origin(hops: list[chains.Hop], outlet: str) -> tuple[str, str]:
    hop = chains.origin_of(hops)
    if hop is None:
        return (outlet or "no outlet named"), ""
    if hop.name.casefold() == outlet.strip().casefold():
        return hop.name, ""   # the outlet's own report: the "same outlet" rule says it
    key = f"source:{hop.source_id}" if hop.source_id else f"name:{hop.name.casefold()}"
    return hop.name, key


def read_reports(cluster_id: int, user: User | None = None, role: str = "lead") -> list[ReportRow]:
    """The live reports of a cluster that the person may see (all of them: ``role`` "lead"),
    with their article and source, oldest article first (undated ones last)."""
    rows = db.session.execute(
        select(Claim, Article, Source, ClusterMember.admission)
        .join(ClusterMember, ClusterMember.claim_id == Claim.id)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Source, Source.id == Claim.source_id)
        .where(ClusterMember.cluster_id == cluster_id, visibility.live_and_seen_by(user, role))
        # Undated articles last on either database (PostgreSQL and SQLite differ by default).
        .order_by(Article.published_on.asc().nulls_last(), Claim.id).limit(MAX_REPORTS)).all()
    claims = [r.Claim for r in rows]
    hops = chains.chains_for_rows([{
        "claim_id": c.id, "site_name": a.site_name, "original_outlet": a.original_outlet,
        "source_id": s.id if s else None, "source_name": s.name if s else None,
        "source_kind": s.entry_kind if s else None} for c, a, s, _ in rows])
    figures = figure_source.figures_for([c.id for c in claims])
    found = []
    for claim, article, source, admission in rows:
        label, key = _origin(hops[claim.id], article.site_name)
        found.append(ReportRow(claim, article, source, grades.Report(
            claim.id, article.id, article.site_name, label, key, claim.status, admission,
            figures.get(claim.id, []))))
    return found


def assess(cluster_id: int, user: User | None = None, role: str = "lead"
           ) -> tuple[list[ReportRow], grades.Assessment]:
    rows = read_reports(cluster_id, user, role)
    copies = copy_groups({r.article.id for r in rows})
    return rows, grades.assess([r.report for r in rows], copies)


def refresh(cluster: ClaimCluster) -> None:
    """Compute the cluster's grade again from every live report, and keep it."""
    rows, assessment = assess(cluster.id)
    cluster.grade, cluster.grade_reason = assessment.grade, assessment.reason
    cluster.reports, cluster.origins = len(rows), len(assessment.origins)
    cluster.updated_at = utcnow()
    db.session.flush()


@claim_recorded.connect
def refresh_for(claim: Claim, action: str = "", **_extra) -> None:
    """A report changed: its cluster's grade is computed again (in the same transaction)."""
    if action in QUIET_ACTIONS or action.startswith(("cluster_", "admission_")):
        return
    cluster = cluster_of(claim.id)
    if cluster is not None:
        refresh(cluster)


# --- suggestions ---------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_STOP = frozenset("""a an and are as at be been by for from had has have in is it its of on or
said says than that the their them they this to was were which who will with""".split())


def _words(*texts: str) -> set[str]:
    text = unicodedata.normalize("NFKC", " ".join(texts)).casefold()
    return {w for w in _WORD.findall(text) if w not in _STOP}


@dataclass
class Candidate:
    """What the ranking and the list read of a claim suggested (not the whole claim)."""
    id: int
    article_id: int
    quote: str
    statement: str
    kind: str
    status: str


@dataclass
class CandidateArticle:
    id: int
    title: str
    site_name: str
    published_on: date | None


@dataclass
class Suggestion:
    claim: Candidate
    article: CandidateArticle
    score: float
    why: list[str]


def _nearest_articles(article: Article):
    """The ids of the project's articles dated nearest to this one, within ``SUGGEST_DAYS``:
    at most ``SUGGEST_ARTICLES`` on or after its date and as many before (two index ranges, so
    a project of any size reads about as many claims)."""
    day, near = article.published_on, timedelta(days=SUGGEST_DAYS)
    mine = and_(Article.project_id == article.project_id, Article.id != article.id)
    after = (select(Article.id).where(mine, Article.published_on.between(day, day + near))
             .order_by(Article.published_on, Article.id).limit(SUGGEST_ARTICLES).subquery())
    before = (select(Article.id).where(mine, Article.published_on >= day - near,
                                       Article.published_on < day)
              .order_by(Article.published_on.desc(), Article.id.desc())
              .limit(SUGGEST_ARTICLES).subquery())
    return union_all(select(after.c.id), select(before.c.id))


def suggest(claim: Claim, user: User, role: str, limit: int = 8) -> list[Suggestion]:
    """Claims of the project's other articles that may report the same thing, best first:
    similar words in quote and statement, the same kind, close figures, article dates near
    each other. Candidates are read from the articles dated nearest to this one's (or the
    newest claims, when it has no date), at most ``SUGGEST_CANDIDATES``; the cluster's own
    reports are left out."""
    article = claim.article
    # Only what the ranking and the list read, as plain rows (400 candidates, each with an
    # article whose text alone is ~3 KB).
    query = (select(Claim.id, Claim.article_id, Claim.quote, Claim.statement, Claim.kind,
                    Claim.status, Article.title, Article.site_name, Article.published_on)
             .join(Article, Article.id == Claim.article_id)
             .where(Claim.project_id == claim.project_id, Claim.article_id != claim.article_id,
                    visibility.live_and_seen_by(user, role)))
    mine = select(ClusterMember.cluster_id).where(ClusterMember.claim_id == claim.id)
    query = query.where(Claim.id.not_in(select(ClusterMember.claim_id).where(   # its own reports
        ClusterMember.cluster_id == mine.scalar_subquery())))
    if article.published_on is not None:
        query = query.where(Claim.article_id.in_(_nearest_articles(article)))
    if claim.kind:
        query = query.where(Claim.kind == claim.kind)
    rows = db.session.execute(query.order_by(Claim.id.desc()).limit(SUGGEST_CANDIDATES)).all()
    if not rows:
        return []
    candidates = [(Candidate(r.id, r.article_id, r.quote, r.statement, r.kind, r.status),
                   CandidateArticle(r.article_id, r.title, r.site_name, r.published_on)) for r in rows]
    own = _words(claim.quote, claim.statement)
    figures = figure_source.figures_for([claim.id, *(c.id for c, _a in candidates)])
    mine_figures = figures.get(claim.id, [])
    found = []
    for other, other_article in candidates:
        words = _words(other.quote, other.statement)
        overlap = len(own & words) / len(own | words) if own and words else 0.0
        why, score = [], overlap
        if overlap >= 0.2:
            why.append(f"{round(overlap * 100)}% of the words in common")
        if claim.kind and other.kind == claim.kind:
            score += 0.1
            why.append("same kind")
        close = [f for f in figures.get(other.id, []) for m in mine_figures
                 if f.category == m.category and grades.agree(f, m)]
        if close:
            score += 0.2
            why.append("close figures")
        if article.published_on and other_article.published_on:
            days = abs((other_article.published_on - article.published_on).days)
            score += 0.1 * (1 - days / (SUGGEST_DAYS + 1))
            why.append("same day" if days == 0 else f"{days} day{'s' * (days != 1)} apart")
        if overlap >= 0.12 or close:
            found.append(Suggestion(other, other_article, round(score, 3), why))
    found.sort(key=lambda s: (-s.score, s.claim.id))
    return found[:limit]


def project_cluster_counts(project_id: int, leave_out=()) -> dict[str, int]:
    """The project's clusters per stored grade (but those in ``leave_out``)."""
    return dict(db.session.execute(select(ClaimCluster.grade, func.count()).where(
        ClaimCluster.project_id == project_id, ClaimCluster.id.not_in(list(leave_out)))
        .group_by(ClaimCluster.grade)).all())


def disagreement(status: str, grade: str) -> str | None:
    """Where the analyst's status and the cluster's grade disagree, in words (None if not):
    "confirmed" on a single origin, "false" while independent origins agree."""
    if status in ("confirmed", "partly_confirmed") and grade == "single_origin":
        return ("Marked confirmed, but every report of this claim rests on one origin: "
                "nothing independent corroborates it.")
    if status in ("false", "disputed") and grade == "corroborated":
        return ("Marked false or disputed, while independent origins agree: say why in the "
                "rationale, or review the status.")
    return None
