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

from sqlalchemy import ColumnElement, Integer, Select, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased

from ..corroboration import chains
from ..extensions import db
from ..models import Article, Claim, ClaimEvent, ClaimEvidence, ClaimFigure, Evidence, Source, User
from ..models.claim import STATUSES
from ..services import visibility
from ..services.lists import fetch_lists, labels
from .filters import ExportFilters, conditions

BATCH = 250   # claims read per query: a batch is the most an export holds in memory
COLUMNS = [
    "claim_id", "article_id", "article_title", "site_name", "original_outlet", "article_url",
    "article_author", "article_published_on", "article_captured_at", "article_content_hash",
    "quote", "start", "end", "prefix", "suffix", "statement", "kind", "structured_figures",
    "figures", "attribution_text", "source_type", "named", "party", "access", "hedging",
    "independent_sources", "source_name", "source_affiliation", "source_reliability",
    "credibility", "admiralty_code", "attribution_chain", "chain_note", "status", "rationale",
    "evidence",
    "created_by", "created_at", "last_reviewed_by", "review_state", "second_reviewer",
    "updated_at", "version",
]
NUMBER_COLUMNS = {"claim_id", "article_id", "start", "end", "version"}   # the others hold text


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
        .outerjoin(Source, Source.id == Claim.source_id)
        .join(creator, creator.id == Claim.created_by_id)
        .outerjoin(reviewer, reviewer.id == Claim.last_reviewed_by_id)
        .outerjoin(second, second.id == Claim.second_reviewer_id)
        .where(Claim.project_id == project_id, visibility.live_and_seen_by(user, role)))


def iter_claim_rows(project_id: int, user: User | None, role: str,
                    filters: ExportFilters = ExportFilters(), trail: bool = False) -> Iterator[dict]:
    """Every live claim of the project that the person may see and the filters keep."""
    names = labels(fetch_lists(project_id))
    query = _select_rows(project_id, user, role).where(conditions(filters)).order_by(Claim.id)
    for batch in _batches(query):
        ids = [columns[0] for columns in batch]
        evidence, figures = _evidence_for(ids), figures_for(ids)
        events = events_for(ids) if trail else None
        rows = _with_chains([_row(names, evidence, *columns, figures=figures) for columns in batch])
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
         end_offset, prefix, suffix, statement, kind, figures_note, attribution_text, source_type,
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
        "suffix": suffix, "statement": statement, "kind": names["kind"].get(kind, kind),
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
        "chain_note": attribution_chain,
        "status": status, "rationale": rationale, "evidence": evidence.get(claim_id, []),
        "created_by": created_by, "created_at": _iso(created_at),
        "last_reviewed_by": last_reviewed_by or "", "review_state": review_state,
        "second_reviewer": second_reviewer or "", "updated_at": _iso(updated_at),
        "version": version, "status_label": STATUSES.get(status, status),
        "codes": {"kind": kind, "source_type": source_type, "named": named, "party": party,
                  "access": access},
        "source_kind": source_kind if has_source else "", "source_id": source_id,
    }


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
    return _with_chains([_row(names, evidence, *columns, figures=figures) for columns in batch])
