"""A project archive: the whole project as JSON Lines, and the way back into an instance.

One JSON object per line, each with a ``type``, in this order:

- ``project`` (first): name, description, settings, every list value (key, label,
  retired) and the table of vague quantities (term, value), plus
  ``format: "claimtrail-archive"`` and ``version``;
- ``person``: everyone the records below name (username, display name) — no passwords;
- ``source``: the source registry (notes of sensitive sources are left out);
- ``article``: the text exactly as captured, its provenance and content hash;
- ``claim``: every field, the span, the figures as data (``structured_figures``), evidence,
  deleted ones too (with ``deleted_at``), ``events``: the full review trail, oldest first, with
  the actors' usernames, and ``hops``: the attribution chain set on it (registry ids of this
  archive; none: its provenance gives it);
- ``copy`` (after the articles): two articles found to share a text (original, copy, share,
  how found, state: suggested, confirmed or split, who decided when) — copies share one origin;
- ``cluster`` (after the claims): a claim cluster, who made it and when, its grade as last
  computed, and ``members``: its reports (claim ids of this archive), each with ``admission``
  and who linked it when. The importer computes the grade again (``clusters.refresh``) over
  the imported reports, keeping the cluster's archived ``updated_at``.

Ids in an archive are the exporting instance's; the importer maps them to new ones. Reading
an archive back gives the same articles (text, hash), claims (offsets, fields, status) and
history (actions, versions, changes, reasons, timestamps) in a new project.
"""
import hashlib
import json
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from sqlalchemy import delete, insert, select, union, update

from ..exports.rows import events_for, figures_for, rfc3339
from ..extensions import db
from ..models import (Article, ArticleCopy, Claim, ClaimCluster, ClaimEvent, ClaimEvidence, ClaimFigure,
                      ClaimHop, ClusterMember, Evidence, ListItem, Project, Source, User,
                      VagueTerm)
from ..services import figures as figure_service
from ..services import projects as project_service
from ..services import users as user_service
from ..services import visibility
from ..services.errors import Invalid

FORMAT, VERSION = "claimtrail-archive", 1
BATCH, ARTICLE_BATCH = 1000, 50
ARTICLE_FIELDS = ("title", "site_name", "original_outlet", "url", "author", "text",
                  "content_hash", "body_start", "body_end", "double_review")
CLAIM_FIELDS = ("quote", "prefix", "suffix", "statement", "kind", "figures", "attribution_text",
                "source_type", "named", "party", "access", "hedging", "independent_sources",
                "attribution_chain", "credibility", "status", "rationale", "review_state", "version")
FIGURE_KEYS = ("kind", "low", "high", "term", "counts", "who", "text")
PEOPLE = {"created_by": "created_by_id", "last_reviewed_by": "last_reviewed_by_id",
          "second_reviewer": "second_reviewer_id"}


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


# --- writing ---------------------------------------------------------------------------------

def write_archive(project_id: int, user: User | None, role: str) -> Iterator[str]:
    """The project's archive, line by line (a lead's view: ``role`` "lead" sees everything)."""
    project = db.session.get(Project, project_id)
    lists = db.session.scalars(select(ListItem).where(ListItem.project_id == project_id)
                               .order_by(ListItem.list_name, ListItem.position, ListItem.id))
    yield _line({"type": "project", "format": FORMAT, "version": VERSION, "name": project.name,
                 "description": project.description, "created_at": rfc3339(project.created_at),
                 "annotators_edit_all": project.annotators_edit_all,
                 "second_review_required": project.second_review_required,
                 "lists": [{"list": i.list_name, "key": i.key, "label": i.label,
                            "position": i.position, "retired": i.retired} for i in lists],
                 "vague_terms": [{"term": t, "value": v} for t, v in
                                 figure_service.fetch_vague_terms(project_id).items()]})
    for username, display_name in db.session.execute(
            select(User.username, User.display_name).where(User.id.in_(_people_ids(project_id)))
            .order_by(User.username)):
        yield _line({"type": "person", "username": username, "display_name": display_name})
    for source in db.session.scalars(select(Source).where(Source.project_id == project_id)
                                     .order_by(Source.id)):
        yield _line({"type": "source", "id": source.id, "name": source.name,
                     "entry_kind": source.entry_kind, "affiliation": source.affiliation,
                     "reliability": source.reliability, "sensitive": source.sensitive,
                     "notes": "" if source.sensitive else source.notes})
    yield from _articles(project_id)
    yield from _copies(project_id)
    yield from _claims(project_id, user, role)
    yield from _clusters(project_id, user, role)


def _copies(project_id: int) -> Iterator[str]:
    names = {row.id: row.username for row in db.session.execute(
        select(User.id, User.username).where(User.id.in_(_people_ids(project_id))))}
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
    names = {row.id: row.username for row in db.session.execute(
        select(User.id, User.username).where(User.id.in_(_people_ids(project_id))))}
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
        select(ArticleCopy.decided_by_id).where(ArticleCopy.project_id == project_id,
                                                ArticleCopy.decided_by_id.is_not(None)),
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
        for article, imported_by in batch:
            record = {"type": "article", "id": article.id,
                      **{f: getattr(article, f) for f in ARTICLE_FIELDS},
                      "published_on": article.published_on.isoformat() if article.published_on else None,
                      "captured_at": rfc3339(article.captured_at), "imported_by": imported_by}
            yield _line(record)
        last_id = batch[-1][0].id
        del batch   # article texts can be large: hold one batch at a time


def _claims(project_id: int, user: User | None, role: str) -> Iterator[str]:
    names = {row.id: row.username for row in db.session.execute(
        select(User.id, User.username).where(User.id.in_(_people_ids(project_id))))}
    last_id = 0
    while True:
        batch = db.session.scalars(
            select(Claim).where(Claim.project_id == project_id, visibility.seen_by(user, role),
                                Claim.id > last_id).order_by(Claim.id).limit(BATCH)).all()
        if not batch:
            return
        ids = [c.id for c in batch]
        events, evidence, figures = events_for(ids), _evidence_for(ids, names), figures_for(ids)
        hops = _hops_for(ids)
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
                         "events": events[claim.id], "hops": hops[claim.id]})
        last_id = ids[-1]
        del batch


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


# --- reading ---------------------------------------------------------------------------------

class _Import:
    """The state of one import: the new project and the old → new ids."""

    def __init__(self, project_name: str, user: User):
        self.name, self.user, self.project = project_name, user, None
        self.people: dict[str, int] = {}
        self.sources: dict[int, int] = {}
        self.articles: dict[int, int] = {}
        self.claims: dict[int, int] = {}
        self.evidence: dict[int, int] = {}
        self.merged: list[tuple[int, int]] = []
        self.clusters: list[tuple[ClaimCluster, datetime | None]] = []
        self.placeholders: list[str] = []
        self.text: tuple[int | None, str] = (None, "")

    def person(self, username: str | None, display_name: str = "") -> int | None:
        if not username:
            return None
        if username not in self.people:
            found = db.session.scalar(select(User).where(User.username == username))
            if found is None:   # an inactive placeholder: nobody can sign in as it
                found = user_service.create_user(username, display_name or username,
                                                 secrets.token_urlsafe(24))
                found.active = False
                self.placeholders.append(username)
            self.people[username] = found.id
        return self.people[username]


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def read_archive(lines: Iterable[str], project_name: str, importing_user: User) -> tuple[Project, dict]:
    """Recreate an archive in a new project led by ``importing_user``. Flushes; the caller
    commits (one transaction: an archive that fails half-way leaves nothing behind)."""
    state = _Import(project_name, importing_user)
    readers = {"project": _read_project, "person": _read_person, "source": _read_source,
               "article": _read_article, "claim": _read_claim, "cluster": _read_cluster,
               "copy": _read_copy}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            kind = record.get("type")
            if (state.project is None) != (kind == "project") or kind not in readers:
                raise Invalid({"": "it is not a Claimtrail project archive (it must start "
                                   "with its project record)."})
            readers[kind](state, record)
        except (ValueError, KeyError, TypeError) as exc:
            raise Invalid({"": f"Line {number}: {exc}"}) from None
        except Invalid as exc:
            raise Invalid({"": f"Line {number}: {exc.message}"}) from None
    if state.project is None:
        raise Invalid({"": "The archive is empty."})
    for old, target in state.merged:
        if target in state.claims:
            db.session.execute(update(Claim).where(Claim.id == state.claims[old])
                               .values(merged_into_id=state.claims[target])
                               .execution_options(synchronize_session=False))
    db.session.flush()
    from ..corroboration import clusters   # the grade, computed again over what was imported
    for cluster, updated_at in state.clusters:
        clusters.refresh(cluster)
        cluster.updated_at = updated_at or cluster.updated_at
    db.session.flush()
    return state.project, {"articles": len(state.articles), "claims": len(state.claims),
                           "placeholders": state.placeholders}


def _read_project(state: _Import, record: dict) -> None:
    if record.get("format") != FORMAT or record.get("version") != VERSION:
        raise Invalid({"": f"unknown archive format {record.get('format')!r} "
                           f"version {record.get('version')!r}."})
    project = project_service.create_project(state.name, state.user, record.get("description", ""))
    project.annotators_edit_all = bool(record.get("annotators_edit_all", True))
    project.second_review_required = bool(record.get("second_review_required", False))
    existing = {(i.list_name, i.key): i for i in db.session.scalars(
        select(ListItem).where(ListItem.project_id == project.id))}
    for value in record.get("lists", []):
        item = existing.get((value["list"], value["key"]))
        if item is None:
            item = ListItem(project_id=project.id, list_name=value["list"], key=value["key"])
            db.session.add(item)
        item.label, item.position = value["label"], value.get("position", 0)
        item.retired = bool(value.get("retired", False))
    if "vague_terms" in record:   # the archived table, as it was (older archives: the defaults)
        db.session.execute(delete(VagueTerm).where(VagueTerm.project_id == project.id))
        for row in record["vague_terms"]:
            figure_service.set_vague_term(project.id, row["term"], row["value"])
    db.session.flush()
    state.project = project


def _read_person(state: _Import, record: dict) -> None:
    state.person(record["username"], record.get("display_name", ""))


def _read_source(state: _Import, record: dict) -> None:
    source = Source(project_id=state.project.id, name=record["name"],
                    entry_kind=record.get("entry_kind", "person"),
                    affiliation=record.get("affiliation", ""), notes=record.get("notes", ""),
                    sensitive=bool(record.get("sensitive", False)),
                    reliability=record.get("reliability", "F"))
    db.session.add(source)
    db.session.flush()
    state.sources[record["id"]] = source.id


def _read_article(state: _Import, record: dict) -> None:
    text = record["text"]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != record["content_hash"]:
        raise Invalid({"": "an article's text does not match its content hash."})
    values = {f: record[f] for f in ARTICLE_FIELDS if f in record}
    published = record.get("published_on")
    values.update(project_id=state.project.id, imported_by_id=state.person(record["imported_by"]),
                  published_on=date.fromisoformat(published) if published else None,
                  captured_at=_moment(record["captured_at"]))
    new_id = db.session.execute(insert(Article).values(**values).returning(Article.id)).scalar_one()
    state.articles[record["id"]] = new_id


def _read_claim(state: _Import, record: dict) -> None:
    article_id = state.articles[record["article"]]
    if state.text[0] != article_id:   # claims come in id order, mostly article by article
        state.text = (article_id, db.session.scalar(select(Article.text).where(Article.id == article_id)))
    text = state.text[1]
    start, end = record["start"], record["end"]
    if text[start:end] != record["quote"]:
        raise Invalid({"": f"claim {record['id']}: the quote does not match its article at {start}–{end}."})
    values = {f: record[f] for f in CLAIM_FIELDS if f in record}
    values.update({col: state.person(record.get(k)) for k, col in PEOPLE.items()})
    values.update(project_id=state.project.id, article_id=article_id, start_offset=start,
                  end_offset=end, source_id=state.sources.get(record.get("source")),
                  created_at=_moment(record["created_at"]),
                  updated_at=_moment(record["updated_at"]),
                  deleted_at=_moment(record.get("deleted_at")))
    # Core inserts: the ORM's version counter would restart the claim at version 1.
    claim_id = db.session.execute(insert(Claim).values(**values).returning(Claim.id)).scalar_one()
    state.claims[record["id"]] = claim_id
    if record.get("merged_into"):
        state.merged.append((record["id"], record["merged_into"]))
    figures = record.get("structured_figures") or []
    if figures:   # as archived: they were checked when made, against the table archived with them
        db.session.execute(insert(ClaimFigure), [
            {"claim_id": claim_id, "position": n, **{k: f[k] for k in FIGURE_KEYS}}
            for n, f in enumerate(figures)])
    for item in record.get("evidence", []):
        _read_evidence(state, claim_id, item)
    hops = [{"claim_id": claim_id, "position": n, "entry_kind": h.get("entry_kind", "outlet"),
             "relation": h.get("relation", ""),
             "source_id": None if h.get("source") is None else state.sources[h["source"]]}
            for n, h in enumerate(record.get("hops", []))]
    if hops:
        db.session.execute(insert(ClaimHop), hops)
    events = [{"claim_id": claim_id, "project_id": state.project.id,
               "actor_id": state.person(e["actor"]), "created_at": _moment(e["at"]),
               "action": e["action"], "version": e["version"], "changes": e.get("changes") or {},
               "reason": e.get("reason", "")} for e in record.get("events", [])]
    if events:
        db.session.execute(insert(ClaimEvent), events)


def _read_copy(state: _Import, record: dict) -> None:
    db.session.execute(insert(ArticleCopy).values(
        project_id=state.project.id, original_id=state.articles[record["original"]],
        copy_id=state.articles[record["copy"]], share=float(record["share"]),
        found_by=record.get("found_by", "text"), state=record.get("state", "suggested"),
        decided_by_id=state.person(record.get("decided_by")),
        decided_at=_moment(record.get("decided_at")),
        **({"found_at": _moment(record["found_at"])} if record.get("found_at") else {})))


def _read_cluster(state: _Import, record: dict) -> None:
    reports = [m for m in record.get("members", []) if m["claim"] in state.claims]
    if len(reports) < 2:
        return   # a cluster is two reports or more
    cluster = ClaimCluster(project_id=state.project.id,
                           created_by_id=state.person(record.get("created_by")) or state.user.id,
                           **({"created_at": _moment(record["created_at"])}
                              if record.get("created_at") else {}))
    db.session.add(cluster)
    db.session.flush()
    db.session.execute(insert(ClusterMember), [{
        "claim_id": state.claims[m["claim"]], "cluster_id": cluster.id,
        "admission": bool(m.get("admission", False)),
        "linked_by_id": state.person(m.get("linked_by")) or state.user.id,
        **({"linked_at": _moment(m["linked_at"])} if m.get("linked_at") else {})}
        for m in reports])
    state.clusters.append((cluster, _moment(record.get("updated_at"))))


def _read_evidence(state: _Import, claim_id: int, item: dict) -> None:
    if item["id"] not in state.evidence:
        state.evidence[item["id"]] = db.session.execute(insert(Evidence).values(
            project_id=state.project.id, url=item.get("url", ""),
            reference=item.get("reference", ""), summary=item.get("summary", ""),
            origin_source_id=(None if item.get("origin_source") is None
                              else state.sources[item["origin_source"]]),
            created_by_id=state.person(item.get("created_by")) or state.user.id,
            **({"created_at": _moment(item["created_at"])} if item.get("created_at") else {}),
        ).returning(Evidence.id)).scalar_one()
    db.session.execute(insert(ClaimEvidence).values(
        claim_id=claim_id, evidence_id=state.evidence[item["id"]], stance=item["stance"]))
