"""The claim rows every export shares: one flat record per live claim of a project.

Rows are read in batches with their article, source, people and evidence joined, so the
number of queries does not grow with the number of claims and memory stays flat. With
``trail=True`` each row also carries the claim's review events, oldest first, read in the
same batches (one query per batch, never one per claim).

The batches select plain columns, not ORM objects: an export only reads, and building and
tracking an object per claim, article and source cost more than all the formatting.
"""
from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import ColumnElement, Integer, Select, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased

from ..corroboration import blind, chains, figure_source, grades
from ..corroboration.clusters import MAX_REPORTS
from ..extensions import db
from ..models import (Article, ArticleRevision, Claim, ClaimCluster, ClaimEvent, ClaimEvidence, ClaimFigure,
                      ClusterMember, Evidence, Source, User)
from ..models.claim import STATUSES
from ..models.revision import ANCHOR_STATES
from ..services import visibility
from ..services.lists import fetch_lists, labels
from .filters import ExportFilters, conditions

BATCH = 250   # claims read per query: a batch is the most an export holds in memory
COLUMNS = [
    "claim_id", "article_id", "article_title", "site_name", "original_outlet", "article_url",
    "article_author", "article_published_on", "article_captured_at", "article_content_hash",
    "quote", "start", "end", "prefix", "suffix", "revision", "anchor_state", "anchor_finding",
    "statement", "kind", "structured_figures",
    "figures", "attribution_text", "source_type", "named", "party", "access", "hedging",
    "independent_sources", "source_name", "source_affiliation", "source_reliability",
    "credibility", "admiralty_code", "attribution_chain", "chain_note", "cluster_id",
    "cluster_reports", "cluster_origins", "cluster_grade", "cluster_grade_reason", "cluster_range",
    "status", "rationale", "evidence",
    "created_by", "created_at", "last_reviewed_by", "review_state", "second_reviewer",
    "updated_at", "version",
]
NUMBER_COLUMNS = {"claim_id", "article_id", "start", "end", "revision", "version", "cluster_id",
                  "cluster_reports", "cluster_origins"}   # the others hold text


def begin_snapshot() -> None:
    """Make the reads that follow see one moment of the database, so that a long export is
    complete and consistent while others keep editing (SECURITY.md T34): PostgreSQL gets a
    REPEATABLE READ transaction; SQLite's read transaction in WAL mode is a snapshot already
    (a GET starts it with a plain BEGIN, see ``webapp.database``)."""
    db.session.commit()   # end what the access check read, so the snapshot starts here
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _select_rows(project_id: int, user: User | None, role: str) -> Select:
    """The live claims of the project the person may see, with what a row shows of their
    article, source and people: the columns in the order of ``_row``'s parameters."""
    creator, reviewer, second = aliased(User), aliased(User), aliased(User)
    return (
        select(Claim.id.label("claim_id"), Claim.article_id,
               Article.title.label("article_title"), Article.site_name, Article.original_outlet,
               Article.url.label("article_url"), Article.author.label("article_author"),
               Article.published_on, Article.captured_at, Article.content_hash,
               Claim.quote, Claim.start_offset, Claim.end_offset, Claim.prefix, Claim.suffix,
               Claim.revision, Claim.anchor_state, Claim.anchor_finding,
               Claim.anchor_finding_revision,
               # When the revision the offsets are in was captured (revision 1: the article).
               func.coalesce(ArticleRevision.captured_at, Article.captured_at)
               .label("revision_captured_at"),
               Claim.statement, Claim.kind, Claim.figures.label("figures_note"), Claim.attribution_text,
               Claim.source_type, Claim.named, Claim.party, Claim.access, Claim.hedging,
               Claim.independent_sources, Claim.source_id,
               Source.name.label("source_name"), Source.affiliation.label("source_affiliation"),
               Source.reliability.label("source_reliability"),
               Source.entry_kind.label("source_kind"), Claim.credibility,
               Claim.attribution_chain, Claim.status, Claim.rationale,
               creator.username.label("created_by"), Claim.created_at,
               reviewer.username.label("last_reviewed_by"), Claim.review_state,
               second.username.label("second_reviewer"), Claim.updated_at, Claim.version)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(ArticleRevision, (ArticleRevision.article_id == Claim.article_id)
                   & (ArticleRevision.number == Claim.revision))
        .outerjoin(Source, Source.id == Claim.source_id)
        .join(creator, creator.id == Claim.created_by_id)
        .outerjoin(reviewer, reviewer.id == Claim.last_reviewed_by_id)
        .outerjoin(second, second.id == Claim.second_reviewer_id)
        .where(Claim.project_id == project_id, visibility.live_and_seen_by(user, role)))


def iter_claim_rows(project_id: int, user: User | None, role: str,
                    filters: ExportFilters = ExportFilters(), trail: bool = False) -> Iterator[dict]:
    """Every live claim of the project that the person may see and the filters keep."""
    names = labels(fetch_lists(project_id))
    seen = blind.for_filters(filters, project_id, user, role)   # clusters as this person sees them
    query = _select_rows(project_id, user, role).where(conditions(filters, seen)).order_by(Claim.id)
    for batch in _batches(query):
        ids = [columns[0] for columns in batch]
        evidence, figures = _evidence_for(ids), figures_for(ids)
        events = events_for(ids) if trail else None
        rows = _with_chains([_row(names, evidence, *columns, figures=figures) for columns in batch])
        _with_clusters(rows, user, role)
        for row in rows:
            if events is not None:
                row["trail"] = events[row["claim_id"]]
            yield row


def _with_chains(rows: list[dict]) -> list[dict]:
    """Each row's attribution chain (set, or the one its provenance gives): one query a batch."""
    found = chains.chains_for_rows(rows)
    for row in rows:
        set_chain_fields(row, found[row["claim_id"]])
    return rows


def _with_clusters(rows: list[dict], user: User | None, role: str) -> list[dict]:
    """Each row's cluster: its id, number of reports and of independent origins and grade as
    last computed (stored on ``ClaimCluster``), and the figure range over its reports with
    the articles they appeared in. A fixed number of queries a batch, whatever its size: the
    batch's clusters (one), their live reports the person may see, with their article (one),
    and those reports' figures (``figure_source``: two). The range is computed here rather
    than stored: it depends on the project's vague-quantity table, which a lead may change
    without touching a cluster, and it costs one small query more than a stored copy would.
    A person who is not a lead gets one query more, for the clusters some of whose reports
    blind review hides from them: those are assessed from what they may see (``blind``)."""
    for row in rows:
        set_cluster_fields(row, None)
    if not rows:
        return rows
    found = db.session.execute(
        select(ClusterMember.claim_id, ClaimCluster.id, ClaimCluster.grade,
               ClaimCluster.grade_reason, ClaimCluster.reports, ClaimCluster.origins)
        .join(ClaimCluster, ClaimCluster.id == ClusterMember.cluster_id)
        .where(_among(ClusterMember.claim_id, [row["claim_id"] for row in rows]))).all()
    if not found:
        return rows
    clusters = {cluster_id: {"id": cluster_id, "grade": grade, "grade_reason": reason,
                             "reports": reports, "origins": origins, "members": []}
                for _c, cluster_id, grade, reason, reports, origins in found}
    for cluster_id, seen in blind.summaries(user, role, cluster_ids=clusters).items():
        clusters[cluster_id].update(vars(seen))   # not the reports this person may not see
    members = db.session.execute(
        select(ClusterMember.cluster_id, Claim.id, Article.id, Article.url, Article.title,
               Article.site_name, Article.published_on)
        .join(Claim, Claim.id == ClusterMember.claim_id)
        .join(Article, Article.id == Claim.article_id)
        .where(ClusterMember.cluster_id.in_(sorted(clusters)),
               visibility.live_and_seen_by(user, role))
        .order_by(ClusterMember.cluster_id, Article.published_on.asc().nulls_last(),
                  Claim.id)).all()
    for cluster_id, claim_id, article_id, url, title, site, published in members:
        listed = clusters[cluster_id]["members"]
        if len(listed) < MAX_REPORTS:
            listed.append({"claim_id": claim_id, "article_id": article_id, "article_url": url,
                           "article_title": title, "site_name": site,
                           "published_on": published.isoformat() if published else ""})
    figures = figure_source.figures_for([m[1] for m in members])
    for cluster in clusters.values():
        cluster["ranges"] = grades.ranges([
            grades.Report(m["claim_id"], m["article_id"], "", "", "",
                          figures=figures.get(m["claim_id"], [])) for m in cluster["members"]])
    by_claim = {claim_id: clusters[cluster_id] for claim_id, cluster_id, *_ in found}
    for row in rows:
        set_cluster_fields(row, by_claim.get(row["claim_id"]))
    return rows


def range_text(ranges: dict[str, dict]) -> str:
    """One line a thing counted: "killed · combatants: 26–500 (most conservative 26)"."""
    lines = []
    for category, entry in ranges.items():
        low, high = entry["min"], entry["max"]
        if low == high:
            lines.append(f"{category}: {low}")
        else:
            lines.append(f"{category}: {low}–{high} (most conservative {entry['conservative']})")
    return "\n".join(lines)


def set_cluster_fields(row: dict, cluster: dict | None) -> dict:
    """The ``cluster_*`` columns, and ``cluster`` (None, or the cluster with its ranges and
    reports) for the formats that keep structure."""
    row["cluster"] = cluster
    row["cluster_id"] = cluster["id"] if cluster else None
    row["cluster_reports"] = cluster["reports"] if cluster else None
    row["cluster_origins"] = cluster["origins"] if cluster else None
    row["cluster_grade"] = cluster["grade"] if cluster else ""
    row["cluster_grade_reason"] = cluster["grade_reason"] if cluster else ""
    row["cluster_range"] = range_text(cluster["ranges"]) if cluster else ""
    return row


def set_chain_fields(row: dict, hops: list) -> dict:
    """``attribution_chain`` in one line and ``chain``, its hops, for the formats that keep
    structure (JSON Lines, the JSON-LD exports, the API)."""
    row["attribution_chain"] = chains.chain_text(hops)
    row["chain"] = [hop.as_dict() for hop in hops]
    return row


def _batches(query: Select) -> Iterator[list]:
    """The query's rows, BATCH at a time, in claim id order (the claim id first). PostgreSQL
    streams them from one server-side cursor: a query per batch, planned and joined again each
    time, made a 10,000-claim export 20% slower. SQLite reads each batch with a keyset query of
    its own, which measured 10% faster there than one statement held open while each batch's
    evidence is read."""
    connection = db.session.connection()   # plain rows: the ORM's row loading costs 5 us a row
    if connection.dialect.name == "postgresql":
        yield from connection.execute(query, execution_options={"yield_per": BATCH}).partitions()
        return
    last_id = 0
    while batch := connection.execute(query.where(Claim.id > last_id).limit(BATCH)).all():
        yield batch
        last_id = batch[-1][0]


def events_for(claim_ids: list[int]) -> dict[int, list[dict]]:
    """The review trail of each claim, oldest first: action, actor, at, version, changes, reason."""
    found: dict[int, list[dict]] = defaultdict(list)
    rows = db.session.execute(
        select(ClaimEvent.claim_id, ClaimEvent.action, User.username, ClaimEvent.created_at,
               ClaimEvent.version, ClaimEvent.changes, ClaimEvent.reason)
        .join(User, User.id == ClaimEvent.actor_id)
        .where(_among(ClaimEvent.claim_id, claim_ids))
        .order_by(ClaimEvent.claim_id, ClaimEvent.id))
    for claim_id, action, actor, at, version, changes, reason in rows:
        found[claim_id].append({"action": action, "actor": actor, "at": rfc3339(at),
                                "version": version, "changes": changes or {}, "reason": reason})
    return found


def _evidence_for(claim_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    rows = db.session.execute(
        select(ClaimEvidence.claim_id, ClaimEvidence.stance, Evidence.url, Evidence.reference,
               Evidence.summary, Evidence.id)
        .join(Evidence, Evidence.id == ClaimEvidence.evidence_id)
        .where(_among(ClaimEvidence.claim_id, claim_ids)).order_by(ClaimEvidence.id))
    for claim_id, *item in rows:
        found[claim_id].append(evidence_entry(*item))
    return found


def figures_for(claim_ids: list[int]) -> dict[int, list[dict]]:
    """Each claim's figures in order, as ``ClaimFigure.as_dict`` gives them (one query a batch)."""
    found: dict[int, list[dict]] = defaultdict(list)
    rows = db.session.execute(
        select(ClaimFigure.claim_id, ClaimFigure.kind, ClaimFigure.low, ClaimFigure.high,
               ClaimFigure.term, ClaimFigure.counts, ClaimFigure.who, ClaimFigure.text)
        .where(_among(ClaimFigure.claim_id, claim_ids))
        .order_by(ClaimFigure.claim_id, ClaimFigure.position))
    for claim_id, kind, low, high, term, counts, who, text in rows:
        found[claim_id].append({"kind": kind, "low": low, "high": high, "term": term,
                                "counts": counts, "who": who, "text": text})
    return found


def evidence_entry(stance: str, url: str, reference: str, summary: str, evidence_id: int) -> dict:
    """One item of a row's ``evidence``; ``evidence_id`` lets the API link the same item to
    another claim, or recognise it when an exported annotation is sent back."""
    return {"stance": stance, "url": url, "reference": reference, "summary": summary,
            "evidence_id": evidence_id}


def _among(column, claim_ids: list[int]) -> ColumnElement[bool]:
    """``column IN claim_ids`` for a batch of claims. PostgreSQL gets the ids as one array
    parameter: as hundreds of separate parameters they cost its driver more than the rows they
    fetch. SQLite keeps the plain ``IN``: one statement text, prepared once and reused."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("claim_ids", claim_ids, type_=ARRAY(Integer)))
    return column.in_(claim_ids)


def _row(names: dict[str, dict[str, str]], evidence: dict[int, list[dict]],
         # One parameter per column of ``_select_rows``, in its order: each row of a batch is
         # unpacked straight into them, much cheaper than reading forty columns by name.
         claim_id, article_id, article_title, site_name, original_outlet, article_url,
         article_author, published_on, captured_at, content_hash, quote, start_offset,
         end_offset, prefix, suffix, revision, anchor_state, anchor_finding,
         anchor_finding_revision, revision_captured_at, statement, kind, figures_note, attribution_text, source_type,
         named, party, access, hedging, independent_sources, source_id, source_name,
         source_affiliation, source_reliability, source_kind, credibility, attribution_chain,
         status, rationale, created_by, created_at, last_reviewed_by, review_state,
         second_reviewer, updated_at, version, *, figures: dict[int, list[dict]] | None = None) -> dict:
    """One claim's record: the keys of ``COLUMNS`` in order, then what the JSON-LD formats
    need besides the labels. ``names``: the project's list labels; ``evidence`` and
    ``figures``: by claim."""
    has_source = source_id is not None
    reliability = source_reliability if has_source else "F"
    return {
        "claim_id": claim_id, "article_id": article_id, "article_title": article_title,
        "site_name": site_name, "original_outlet": original_outlet, "article_url": article_url,
        "article_author": article_author,
        "article_published_on": published_on.isoformat() if published_on else "",
        "article_captured_at": _iso(captured_at), "article_content_hash": content_hash,
        "quote": quote, "start": start_offset, "end": end_offset, "prefix": prefix,
        "suffix": suffix, "revision": revision,
        "anchor_state": ANCHOR_STATES.get(anchor_state, anchor_state),
        "anchor_finding": finding_text(anchor_finding, anchor_finding_revision),
        "statement": statement, "kind": names["kind"].get(kind, kind),
        "structured_figures": (figures or {}).get(claim_id, []), "figures": figures_note,
        "attribution_text": attribution_text,
        "source_type": names["source_type"].get(source_type, source_type),
        "named": names["named"].get(named, named), "party": names["party"].get(party, party),
        "access": names["access"].get(access, access), "hedging": hedging,
        "independent_sources": independent_sources,
        "source_name": source_name if has_source else "",
        "source_affiliation": source_affiliation if has_source else "",
        "source_reliability": reliability if has_source else "", "credibility": credibility,
        "admiralty_code": reliability + credibility, "attribution_chain": "",
        "chain_note": attribution_chain, "cluster_id": None, "cluster_reports": None,
        "cluster_origins": None, "cluster_grade": "", "cluster_grade_reason": "",
        "cluster_range": "",
        "status": status, "rationale": rationale, "evidence": evidence.get(claim_id, []),
        "created_by": created_by, "created_at": _iso(created_at),
        "last_reviewed_by": last_reviewed_by or "", "review_state": review_state,
        "second_reviewer": second_reviewer or "", "updated_at": _iso(updated_at),
        "version": version, "status_label": STATUSES.get(status, status),
        "codes": {"kind": kind, "source_type": source_type, "named": named, "party": party,
                  "access": access, "anchor_state": anchor_state},
        "source_kind": source_kind if has_source else "", "source_id": source_id,
        "revision_captured_at": _iso(revision_captured_at),
    }


def finding_text(finding: str, revision: int | None) -> str:
    """A person's finding about a re-anchored claim, in words: "removed in revision 3"."""
    if not finding:
        return ""
    return f"{finding} in revision {revision}" if revision else finding


def _iso(moment) -> str:
    return moment.isoformat() if moment else ""


def rfc3339(moment) -> str:
    """A stored moment with its zone (SQLite hands them back naive; they are UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        return moment.isoformat() + "Z"
    return moment.isoformat().replace("+00:00", "Z")


def article_claim_rows(project_id: int, article_id: int, user: User, role: str, *,
                       offset: int = 0, limit: int | None = None,
                       claim_id: int | None = None) -> list[dict]:
    """The rows of one article's claims that the person may see, in text order (the API's
    annotation container pages), or with ``claim_id`` the row of that one claim, if visible."""
    names = labels(fetch_lists(project_id))
    query = (_select_rows(project_id, user, role).where(Claim.article_id == article_id)
             .order_by(Claim.start_offset, Claim.end_offset, Claim.id).offset(offset).limit(limit))
    if claim_id is not None:
        query = query.where(Claim.id == claim_id)
    batch = db.session.execute(query).all()
    ids = [columns[0] for columns in batch]
    evidence, figures = (_evidence_for(ids), figures_for(ids)) if batch else ({}, {})
    return _with_clusters(
        _with_chains([_row(names, evidence, *columns, figures=figures) for columns in batch]),
        user, role)
