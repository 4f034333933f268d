"""Reading a project archive back (the format: ``webapp.interop.archive``) into a new project,
mapping the archive's ids to the new ones."""
import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import delete, insert, select, update

from ...extensions import db
from ...models import (Article, ArticleCapture, ArticleCopy, ArticleRevision, Claim, ClaimAnchor, ClaimCluster,
                       ClaimEvent, ClaimEvidence, ClaimFigure, ClaimHop, ClusterMember, Evidence,
                       ListItem, Project, Source, Suggestion, User, VagueTerm)
from ...services import figures as figure_service
from ...services import projects as project_service
from ...services import users as user_service
from ...revisions.texts import get_revision
from ...services.errors import Invalid
from .fields import (ANCHOR_FIELDS, ARTICLE_FIELDS, CAPTURE_FIELDS, CLAIM_FIELDS, FIGURE_KEYS,
                     FORMAT, PEOPLE, PROJECT_SETTINGS, REVISION_FIELDS, SUGGESTION_FIELDS, VERSION)


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
        self.claim_forms: list[tuple[int, int]] = []   # (new source id, archived article id)
        self.clusters: list[tuple[ClaimCluster, datetime | None]] = []
        self.placeholders: list[str] = []
        self.text: tuple[tuple[int, int] | None, str] = (None, "")   # (article, revision), its text

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
               "copy": _read_copy, "suggestion": _read_suggestion}
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
    _link_later_records(state)
    from ...corroboration import clusters   # the grade, computed again over what was imported
    for cluster, updated_at in state.clusters:
        clusters.refresh(cluster)
        cluster.updated_at = updated_at or cluster.updated_at
    db.session.flush()
    return state.project, {"articles": len(state.articles), "claims": len(state.claims),
                           "placeholders": state.placeholders}


def _link_later_records(state: _Import) -> None:
    """The references to records that came after the one naming them: a claim merged into a
    later claim, a source registered from the claim form of an article (articles follow the
    registry). A reference to a record the archive does not hold is left empty."""
    for old, target in state.merged:
        if target in state.claims:
            db.session.execute(update(Claim).where(Claim.id == state.claims[old])
                               .values(merged_into_id=state.claims[target])
                               .execution_options(synchronize_session=False))
    for source_id, article in state.claim_forms:
        if article in state.articles:
            db.session.execute(update(Source).where(Source.id == source_id)
                               .values(claim_form_article_id=state.articles[article])
                               .execution_options(synchronize_session=False))
    db.session.flush()


def _read_project(state: _Import, record: dict) -> None:
    if record.get("format") != FORMAT or record.get("version") != VERSION:
        raise Invalid({"": f"unknown archive format {record.get('format')!r} "
                           f"version {record.get('version')!r}."})
    project = project_service.create_project(state.name, state.user, record.get("description", ""))
    for setting in PROJECT_SETTINGS:   # older archives: the defaults
        if setting in record:
            setattr(project, setting, record[setting])
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
                    reliability=record.get("reliability", "F"),
                    created_by_id=state.person(record.get("created_by")))
    db.session.add(source)
    db.session.flush()
    state.sources[record["id"]] = source.id
    if record.get("claim_form_article") is not None:   # articles come later: mapped at the end
        state.claim_forms.append((source.id, record["claim_form_article"]))


def _read_article(state: _Import, record: dict) -> None:
    text = record["text"]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != record["content_hash"]:
        raise Invalid({"": "an article's text does not match its content hash."})
    values = {f: record[f] for f in ARTICLE_FIELDS if f in record}
    published = record.get("published_on")
    values.update(project_id=state.project.id, imported_by_id=state.person(record["imported_by"]),
                  published_on=date.fromisoformat(published) if published else None,
                  captured_at=_moment(record["captured_at"]), removed_at=_moment(record.get("removed_at")))
    revisions = record.get("revisions") or []
    if values.get("revision", 1) != 1 + len(revisions) or [r["number"] for r in revisions] != list(
            range(2, 2 + len(revisions))):
        raise Invalid({"": f"article {record['id']}: its revisions are not numbered 2, 3 … up to its latest."})
    new_id = db.session.execute(insert(Article).values(**values).returning(Article.id)).scalar_one()
    state.articles[record["id"]] = new_id
    for revision in revisions:
        if hashlib.sha256(revision["text"].encode("utf-8")).hexdigest() != revision["content_hash"]:
            raise Invalid({"": f"article {record['id']}: revision {revision['number']}'s text does "
                               "not match its content hash."})
        db.session.execute(insert(ArticleRevision).values(
            article_id=new_id, captured_at=_moment(revision["captured_at"]),
            captured_by_id=state.person(revision["captured_by"]),
            **{f: revision[f] for f in REVISION_FIELDS}))
    for capture in record.get("captures") or []:
        db.session.execute(insert(ArticleCapture).values(
            article_id=new_id, captured_at=_moment(capture["captured_at"]),
            warc=_warc(record["id"], capture), **{f: capture[f] for f in CAPTURE_FIELDS}))


def _warc(article_id: int, capture: dict) -> bytes:
    """A capture's WARC file, checked against its SHA-256: proof that fails its digest is refused."""
    try:
        data = base64.b64decode(capture["warc"], validate=True)
    except (binascii.Error, ValueError, TypeError):
        data = b""
    if hashlib.sha256(data).hexdigest() != capture["warc_sha256"]:
        raise Invalid({"": f"article {article_id}: a capture's WARC file does not match its SHA-256."})
    return data


def _text_of(state: _Import, article_id: int, number: int) -> str:
    """The text of a revision (kept while records come for it: claims and suggestions come in
    id order, mostly article by article)."""
    if state.text[0] != (article_id, number):
        article = db.session.get(Article, article_id)
        state.text = ((article_id, number), get_revision(article, number).text)
    return state.text[1]


def _check_quote(state: _Import, what: str, record: dict, article_id: int) -> None:
    start, end = record["start"], record["end"]
    if _text_of(state, article_id, record.get("revision", 1))[start:end] != record["quote"]:
        raise Invalid({"": f"{what} {record['id']}: the quote does not match its article at {start}–{end}."})


def _read_suggestion(state: _Import, record: dict) -> None:
    """A suggestion as it was (the rules are not run again on an imported project)."""
    article_id = state.articles[record["article"]]
    _check_quote(state, "suggestion", record, article_id)
    db.session.execute(insert(Suggestion).values(
        project_id=state.project.id, article_id=article_id, start_offset=record["start"],
        end_offset=record["end"], **{f: record[f] for f in SUGGESTION_FIELDS if f in record},
        claim_id=state.claims.get(record.get("claim")),
        decided_by_id=state.person(record.get("decided_by")),
        decided_at=_moment(record.get("decided_at")),
        **({"created_at": _moment(record["created_at"])} if record.get("created_at") else {})))


def _read_claim(state: _Import, record: dict) -> None:
    article_id = state.articles[record["article"]]
    _check_quote(state, "claim", record, article_id)
    start, end = record["start"], record["end"]
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
    anchors = [{"claim_id": claim_id, "created_at": _moment(a["created_at"]),
                **{f: a[f] for f in ANCHOR_FIELDS}} for a in record.get("anchors", [])]
    if anchors:
        db.session.execute(insert(ClaimAnchor), anchors)


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
