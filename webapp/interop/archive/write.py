"""Writing a project archive (the format: ``webapp.interop.archive``): the project's records,
line by line, as a lead sees them."""
import base64
from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import select, union

from ...exports.rows import events_for, figures_for, rfc3339
from ...extensions import db
from ...models import (Article, ArticleCapture, ArticleCopy, ArticleRevision, Claim, ClaimAnchor,
                       ClaimCluster, ClaimEvent, ClaimEvidence, ClaimHop, ClusterMember, Evidence, ListItem,
                       Project, Source, Suggestion, User)
from ...services import figures as figure_service
from ...services import visibility
from .fields import (ANCHOR_FIELDS, ARTICLE_FIELDS, CAPTURE_FIELDS, CLAIM_FIELDS, FORMAT, PEOPLE,
                     PROJECT_SETTINGS, REVISION_FIELDS, SUGGESTION_FIELDS, VERSION)
from .fields import line as _line

BATCH, ARTICLE_BATCH = 1000, 50


def write_archive(project_id: int, user: User | None, role: str) -> Iterator[str]:
    """The project's archive, line by line (a lead's view: ``role`` "lead" sees everything)."""
    project = db.session.get(Project, project_id)
    lists = db.session.scalars(select(ListItem).where(ListItem.project_id == project_id)
                               .order_by(ListItem.list_name, ListItem.position, ListItem.id))
    yield _line({"type": "project", "format": FORMAT, "version": VERSION, "name": project.name,
                 "description": project.description, "created_at": rfc3339(project.created_at),
                 **{f: getattr(project, f) for f in PROJECT_SETTINGS},
                 "lists": [{"list": i.list_name, "key": i.key, "label": i.label,
                            "position": i.position, "retired": i.retired} for i in lists],
                 "vague_terms": [{"term": t, "value": v} for t, v in
                                 figure_service.fetch_vague_terms(project_id).items()]})
    for username, display_name in db.session.execute(
            select(User.username, User.display_name).where(User.id.in_(_people_ids(project_id)))
            .order_by(User.username)):
        yield _line({"type": "person", "username": username, "display_name": display_name})
    yield from _sources(project_id)
    yield from _articles(project_id)
    yield from _copies(project_id)
    yield from _claims(project_id, user, role)
    yield from _suggestions(project_id)
    yield from _clusters(project_id, user, role)


def _names(project_id: int) -> dict[int, str]:
    """The usernames of everyone the project's records name, by user id."""
    return {row.id: row.username for row in db.session.execute(
        select(User.id, User.username).where(User.id.in_(_people_ids(project_id))))}


def _sources(project_id: int) -> Iterator[str]:
    """The registry: who registered each entry, and the article whose claim form it was
    registered from (an article id of this archive)."""
    names = _names(project_id)
    for source in db.session.scalars(select(Source).where(Source.project_id == project_id)
                                     .order_by(Source.id)):
        yield _line({"type": "source", "id": source.id, "name": source.name,
                     "entry_kind": source.entry_kind, "affiliation": source.affiliation,
                     "reliability": source.reliability, "sensitive": source.sensitive,
                     "notes": "" if source.sensitive else source.notes,
                     "created_by": names.get(source.created_by_id),
                     "claim_form_article": source.claim_form_article_id})


def _copies(project_id: int) -> Iterator[str]:
    names = _names(project_id)
    for pair in db.session.scalars(select(ArticleCopy).where(
            ArticleCopy.project_id == project_id).order_by(ArticleCopy.id)):
        yield _line({"type": "copy", "original": pair.original_id, "copy": pair.copy_id,
                     "share": pair.share, "found_by": pair.found_by, "state": pair.state,
                     "found_at": rfc3339(pair.found_at),
                     "decided_by": names.get(pair.decided_by_id),
                     "decided_at": rfc3339(pair.decided_at) or None})


def _clusters(project_id: int, user: User | None, role: str) -> Iterator[str]:
    """Every cluster of the project with the members whose claims the archive holds (two
    queries: the project's clusters are few next to its claims)."""
    names = _names(project_id)
    members: dict[int, list[dict]] = defaultdict(list)
    for member in db.session.scalars(
            select(ClusterMember).join(Claim, Claim.id == ClusterMember.claim_id)
            .where(Claim.project_id == project_id, visibility.seen_by(user, role))
            .order_by(ClusterMember.cluster_id, ClusterMember.claim_id)):
        members[member.cluster_id].append({
            "claim": member.claim_id, "admission": member.admission,
            "linked_by": names.get(member.linked_by_id), "linked_at": rfc3339(member.linked_at)})
    for cluster in db.session.scalars(select(ClaimCluster).where(
            ClaimCluster.project_id == project_id).order_by(ClaimCluster.id)):
        if members[cluster.id]:
            yield _line({"type": "cluster", "id": cluster.id,
                         "created_by": names.get(cluster.created_by_id),
                         "created_at": rfc3339(cluster.created_at),
                         "updated_at": rfc3339(cluster.updated_at), "grade": cluster.grade,
                         "grade_reason": cluster.grade_reason, "reports": cluster.reports,
                         "origins": cluster.origins, "members": members[cluster.id]})


def _people_ids(project_id: int):
    return union(
        select(Article.imported_by_id).where(Article.project_id == project_id),
        select(Claim.created_by_id).where(Claim.project_id == project_id),
        select(Claim.last_reviewed_by_id).where(Claim.project_id == project_id),
        select(Claim.second_reviewer_id).where(Claim.project_id == project_id),
        select(ClaimEvent.actor_id).where(ClaimEvent.project_id == project_id),
        select(Evidence.created_by_id).where(Evidence.project_id == project_id),
        select(ClaimCluster.created_by_id).where(ClaimCluster.project_id == project_id),
        select(Source.created_by_id).where(Source.project_id == project_id,
                                           Source.created_by_id.is_not(None)),
        select(ArticleCopy.decided_by_id).where(ArticleCopy.project_id == project_id,
                                                ArticleCopy.decided_by_id.is_not(None)),
        select(Suggestion.decided_by_id).where(Suggestion.project_id == project_id,
                                               Suggestion.decided_by_id.is_not(None)),
        select(ArticleRevision.captured_by_id).join(Article, Article.id == ArticleRevision.article_id)
        .where(Article.project_id == project_id),
        select(ClusterMember.linked_by_id).join(Claim, Claim.id == ClusterMember.claim_id)
        .where(Claim.project_id == project_id))


def _articles(project_id: int) -> Iterator[str]:
    last_id = 0
    while True:
        batch = db.session.execute(
            select(Article, User.username).join(User, User.id == Article.imported_by_id)
            .where(Article.project_id == project_id, Article.id > last_id)
            .order_by(Article.id).limit(ARTICLE_BATCH)).all()
        if not batch:
            return
        revisions = _revisions_for([a.id for a, _ in batch if a.revision > 1])
        captures = _captures_for([a.id for a, _ in batch if a.url])
        for article, imported_by in batch:
            record = {"type": "article", "id": article.id,
                      **{f: getattr(article, f) for f in ARTICLE_FIELDS},
                      "published_on": article.published_on.isoformat() if article.published_on else None,
                      "captured_at": rfc3339(article.captured_at), "imported_by": imported_by,
                      "removed_at": rfc3339(article.removed_at) if article.removed_at else None,
                      "revisions": revisions[article.id], "captures": captures[article.id]}
            yield _line(record)
        last_id = batch[-1][0].id
        del batch   # article texts can be large: hold one batch at a time


def _revisions_for(article_ids: list[int]) -> dict[int, list[dict]]:
    """The later revisions (2, 3 …) of these articles, each verbatim with its capture."""
    found: dict[int, list[dict]] = defaultdict(list)
    if not article_ids:
        return found
    for row, captured_by in db.session.execute(
            select(ArticleRevision, User.username).join(User, User.id == ArticleRevision.captured_by_id)
            .where(ArticleRevision.article_id.in_(article_ids))
            .order_by(ArticleRevision.article_id, ArticleRevision.number)):
        found[row.article_id].append({**{f: getattr(row, f) for f in REVISION_FIELDS},
                                      "captured_at": rfc3339(row.captured_at),
                                      "captured_by": captured_by})
    return found


def _captures_for(article_ids: list[int]) -> dict[int, list[dict]]:
    """The proof of capture of these articles: each fetch's WARC file (base64) and digests."""
    found: dict[int, list[dict]] = defaultdict(list)
    if not article_ids:
        return found
    for row in db.session.scalars(select(ArticleCapture).where(ArticleCapture.article_id.in_(article_ids))
                                  .order_by(ArticleCapture.article_id, ArticleCapture.id)):
        found[row.article_id].append({**{f: getattr(row, f) for f in CAPTURE_FIELDS},
                                      "captured_at": rfc3339(row.captured_at),
                                      "warc": base64.b64encode(row.warc).decode("ascii")})
    return found


def _anchors_for(claim_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    for anchor in db.session.scalars(select(ClaimAnchor).where(ClaimAnchor.claim_id.in_(claim_ids))
                                     .order_by(ClaimAnchor.claim_id, ClaimAnchor.revision)):
        found[anchor.claim_id].append({**{f: getattr(anchor, f) for f in ANCHOR_FIELDS},
                                       "created_at": rfc3339(anchor.created_at)})
    return found


def _claims(project_id: int, user: User | None, role: str) -> Iterator[str]:
    names = _names(project_id)
    last_id = 0
    while True:
        batch = db.session.scalars(
            select(Claim).where(Claim.project_id == project_id, visibility.seen_by(user, role),
                                Claim.id > last_id).order_by(Claim.id).limit(BATCH)).all()
        if not batch:
            return
        ids = [c.id for c in batch]
        events, evidence, figures = events_for(ids), _evidence_for(ids, names), figures_for(ids)
        hops, anchors = _hops_for(ids), _anchors_for(ids)
        for claim in batch:
            yield _line({"type": "claim", "id": claim.id, "article": claim.article_id,
                         "start": claim.start_offset, "end": claim.end_offset,
                         **{f: getattr(claim, f) for f in CLAIM_FIELDS},
                         **{k: names.get(getattr(claim, col)) for k, col in PEOPLE.items()},
                         "source": claim.source_id, "merged_into": claim.merged_into_id,
                         "created_at": rfc3339(claim.created_at),
                         "updated_at": rfc3339(claim.updated_at),
                         "deleted_at": rfc3339(claim.deleted_at) or None,
                         "structured_figures": figures[claim.id], "evidence": evidence[claim.id],
                         "events": events[claim.id], "hops": hops[claim.id],
                         "anchors": anchors[claim.id]})
        last_id = ids[-1]
        del batch


def _suggestions(project_id: int) -> Iterator[str]:
    """Every suggestion of the project, of every status, ``BATCH`` a query; the claim an
    accepted one became is named by its id (the reader links it when the archive holds it)."""
    names, last_id = _names(project_id), 0
    while True:
        batch = db.session.scalars(select(Suggestion).where(
            Suggestion.project_id == project_id, Suggestion.id > last_id)
            .order_by(Suggestion.id).limit(BATCH)).all()
        if not batch:
            return
        for s in batch:
            yield _line({"type": "suggestion", "id": s.id, "article": s.article_id,
                         "start": s.start_offset, "end": s.end_offset,
                         **{f: getattr(s, f) for f in SUGGESTION_FIELDS},
                         "claim": s.claim_id, "decided_by": names.get(s.decided_by_id),
                         "decided_at": rfc3339(s.decided_at) or None,
                         "created_at": rfc3339(s.created_at)})
        last_id = batch[-1].id


def _hops_for(claim_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    for hop in db.session.scalars(select(ClaimHop).where(ClaimHop.claim_id.in_(claim_ids))
                                  .order_by(ClaimHop.claim_id, ClaimHop.position)):
        found[hop.claim_id].append({"source": hop.source_id, "entry_kind": hop.entry_kind,
                                    "relation": hop.relation})
    return found


def _evidence_for(claim_ids: list[int], names: dict[int, str]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    for link, item in db.session.execute(
            select(ClaimEvidence, Evidence).join(Evidence, Evidence.id == ClaimEvidence.evidence_id)
            .where(ClaimEvidence.claim_id.in_(claim_ids)).order_by(ClaimEvidence.id)):
        found[link.claim_id].append({
            "id": item.id, "stance": link.stance, "url": item.url, "reference": item.reference,
            "summary": item.summary, "origin_source": item.origin_source_id,
            "created_by": names.get(item.created_by_id),
            "created_at": rfc3339(item.created_at)})
    return found
