"""Evidence items in a project and their links to claims.

An item belongs to the project, not to one claim: the same report or archived page can support
one claim and contradict another, in any article of the project. Linking goes through
``services.claims`` (``add_evidence``), which writes the claim's "evidence_added" event.

Who sees an item follows the claims' visibility rule: leads see every item; others see the
items they added and those used by a claim they may see. So during blind double review the
evidence someone found for a claim hidden from you stays hidden too.
"""
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, or_, select, true

from ..extensions import db
from ..models import Article, Claim, ClaimEvidence, Evidence, User
from ..models.evidence import STANCES
from . import visibility
from .errors import Invalid, NotFound
from .text_checks import check_storable

MAX_SEARCH = 200
PICKER_LIMIT = 50


def check_evidence(stance: str, url: str, reference: str, summary: str) -> None:
    if stance not in STANCES:
        raise Invalid({"evidence_stance": "Say whether the evidence supports or contradicts the claim."})
    if not url.strip() and not reference.strip():
        raise Invalid({"evidence_url": "Give the evidence a link or a reference."})
    if url and not re.match(r"^https?://\S+$", url.strip(), re.I):
        raise Invalid({"evidence_url": "An evidence link must be an http:// or https:// address."})
    for field, value, limit in (("evidence_url", url, 2000), ("evidence_reference", reference, 500),
                                ("evidence_summary", summary, 5000)):
        check_storable(field, value)
        if len(value) > limit:
            raise Invalid({field: f"At most {limit} characters."})


def check_origin(project_id: int, origin_source_id) -> int | None:
    """The evidence's recorded origin: None, or an entry of this project's registry."""
    if origin_source_id in (None, ""):
        return None
    from ..models import Source
    source = db.session.get(Source, origin_source_id) if isinstance(origin_source_id, int) else None
    if source is None or source.project_id != project_id:
        raise Invalid({"evidence_origin": "The evidence's origin is an entry of this project's "
                                          "source registry."})
    return source.id


def attach_new_evidence(claim: Claim, user: User, stance: str, url: str, reference: str,
                        summary: str, origin_source_id: int | None = None) -> ClaimEvidence:
    check_evidence(stance, url, reference, summary)
    evidence = Evidence(project_id=claim.project_id, url=url.strip(), reference=reference.strip(),
                        summary=summary.strip(), created_by_id=user.id,
                        origin_source_id=check_origin(claim.project_id, origin_source_id))
    db.session.add(evidence)
    db.session.flush()
    return _link(claim, evidence, stance)


def attach_existing_evidence(claim: Claim, evidence_id: int, stance: str) -> ClaimEvidence:
    """Link an item the project already has; an item of another project is refused like one
    that does not exist."""
    if stance not in STANCES:
        raise Invalid({"evidence_stance": "Say whether the evidence supports or contradicts the claim."})
    try:
        evidence = get_evidence(claim.project_id, evidence_id)
    except NotFound:
        raise Invalid({"evidence_id": "Choose an evidence item of this project."}) from None
    if any(link.evidence_id == evidence.id for link in claim.evidence_links):
        raise Invalid({"evidence_id": "This evidence is already on the claim."})
    return _link(claim, evidence, stance)


def evidence_to_add(project_id: int, links: list[ClaimEvidence], items: list[dict], user: User,
                    role: str | None) -> list[dict]:
    """What a list of a claim's evidence (the API's ``claimtrail:evidence``) adds to the claim,
    as items for ``services.claims``: the items that ``links`` (the claim's own) already hold
    stay as they are; an ``evidence_id`` the claim does not have links that item of the project
    (if the person may see it); an item without one is new evidence, unless the claim holds
    the same one already (so an exported list sent back adds nothing). A listed item never
    edits a stored one: a different stance or text is refused. Checked before anything is
    written; items the list leaves out stay on the claim."""
    added: list[dict] = []
    seen: set[int] = set()
    for item in items:
        evidence_id = item.get("evidence_id")
        if evidence_id is None:
            if _held(links, item) is None:
                check_evidence(item["stance"], item.get("url", ""), item.get("reference", ""),
                               item.get("summary", ""))
                added.append({"stance": item["stance"], **{k: item.get(k, "") for k in
                                                           ("url", "reference", "summary")},
                              "origin_source_id": check_origin(project_id,
                                                               item.get("origin_source_id"))})
            continue
        if evidence_id in seen:
            raise Invalid({"evidence_id": f"Evidence {evidence_id} is listed twice; list it once."})
        seen.add(evidence_id)
        if _same_item(links, item, project_id, user, role):
            added.append({"stance": item["stance"], "evidence_id": evidence_id})
    return added


def _held(links: list[ClaimEvidence], item: dict) -> ClaimEvidence | None:
    """The claim's link that is this item without an id (same stance, link, reference, text)."""
    wanted = (item["stance"], *(item.get(k, "").strip() for k in ("url", "reference", "summary")))
    return next((link for link in links if (link.stance, link.evidence.url, link.evidence.reference,
                                            link.evidence.summary) == wanted), None)


def _same_item(links: list[ClaimEvidence], item: dict, project_id: int, user: User,
               role: str | None) -> bool:
    """Check an item with an id against the stored one; True if the claim does not have it yet."""
    evidence_id, stance = item["evidence_id"], item["stance"]
    link = next((lk for lk in links if lk.evidence_id == evidence_id), None)
    if link is not None:
        evidence = link.evidence
        if link.stance != stance:
            raise Invalid({"evidence_stance": f"Evidence {evidence_id} is on this claim as "
                                              f"{STANCES.get(link.stance, link.stance).lower()}: "
                                              "remove it and add it again to change its stance."})
    else:
        if stance not in STANCES:
            raise Invalid({"evidence_stance": "Say whether the evidence supports or contradicts the claim."})
        try:
            evidence = get_evidence(project_id, evidence_id, user, role)
        except NotFound:
            raise Invalid({"evidence_id": f"There is no evidence {evidence_id} in this project "
                                          "(or it is not yours to see)."}) from None
    for key in ("url", "reference", "summary"):
        if key in item and item[key].strip() != getattr(evidence, key):
            raise Invalid({f"evidence_{key}": f"Evidence {evidence_id} has another {key} than the "
                                              "one sent; evidence items are not edited here: leave "
                                              f"the {key} out, or send it as stored."})
    return link is None


def _link(claim: Claim, evidence: Evidence, stance: str) -> ClaimEvidence:
    link = ClaimEvidence(claim_id=claim.id, evidence_id=evidence.id, stance=stance)
    link.evidence = evidence
    claim.evidence_links.append(link)
    db.session.flush()
    return link


def seen_by(user: User, role: str | None) -> ColumnElement[bool]:
    """Where-clause on ``Evidence``: the items ``user`` may see (see the module docstring)."""
    if role == "lead":
        return true()
    used_by_visible = exists(select(ClaimEvidence.id).join(Claim, Claim.id == ClaimEvidence.claim_id)
                             .where(ClaimEvidence.evidence_id == Evidence.id,
                                    visibility.seen_by(user, role)))
    return or_(Evidence.created_by_id == user.id, used_by_visible)


def get_evidence(project_id: int, evidence_id: int, user: User | None = None,
                 role: str | None = None) -> Evidence:
    """The item, if it is in the project (and, given a person, if they may see it); else
    NotFound, the same as for an id that does not exist."""
    query = select(Evidence).where(Evidence.id == evidence_id, Evidence.project_id == project_id)
    if user is not None:
        query = query.where(seen_by(user, role))
    evidence = db.session.scalar(query)
    if evidence is None:
        raise NotFound("No such evidence.")
    return evidence


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _search(project_id: int, q: str, user: User, role: str | None):
    q = (q or "").strip()
    if len(q) > MAX_SEARCH:
        raise Invalid({"q": f"Search for at most {MAX_SEARCH} characters."})
    check_storable("q", q)
    where = [Evidence.project_id == project_id, seen_by(user, role)]
    if q:
        where.append(or_(*(column.ilike(_like(q), escape="\\")
                           for column in (Evidence.url, Evidence.reference, Evidence.summary))))
    return where


def fetch_project_evidence(project_id: int, user: User, role: str, q: str = "", page: int = 1,
                           per_page: int = 50) -> tuple[list[tuple[Evidence, int]], int]:
    """A page of the project's evidence, newest first, each with how many live claims the
    person may see use it; and how many items match."""
    where = _search(project_id, q, user, role)
    uses = (select(ClaimEvidence.evidence_id, func.count().label("n"))
            .join(Claim, Claim.id == ClaimEvidence.claim_id)
            .where(Claim.project_id == project_id, visibility.live_and_seen_by(user, role))
            .group_by(ClaimEvidence.evidence_id).subquery())
    total = db.session.scalar(select(func.count()).select_from(Evidence).where(*where))
    rows = db.session.execute(
        select(Evidence, func.coalesce(uses.c.n, 0)).outerjoin(uses, uses.c.evidence_id == Evidence.id)
        .where(*where).order_by(Evidence.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return [(e, n) for e, n in rows], total


def fetch_evidence_choices(claim: Claim, user: User, role: str | None, q: str = "",
                           limit: int = PICKER_LIMIT) -> list[Evidence]:
    """Items of the claim's project that the person may see and that are not on the claim yet,
    newest first (the picker on the claim page; the search narrows it)."""
    on_claim = select(ClaimEvidence.evidence_id).where(ClaimEvidence.claim_id == claim.id)
    return list(db.session.scalars(
        select(Evidence).where(*_search(claim.project_id, q, user, role), Evidence.id.not_in(on_claim))
        .order_by(Evidence.id.desc()).limit(limit)))


@dataclass
class Use:
    claim: Claim
    article_title: str
    stance: str


def fetch_claims_using(evidence: Evidence, user: User, role: str) -> list[Use]:
    """The live claims that use this item and that the person may see, by article and place."""
    rows = db.session.execute(
        select(Claim, Article.title, ClaimEvidence.stance)
        .join(ClaimEvidence, ClaimEvidence.claim_id == Claim.id)
        .join(Article, Article.id == Claim.article_id)
        .where(ClaimEvidence.evidence_id == evidence.id, Claim.project_id == evidence.project_id,
               visibility.live_and_seen_by(user, role))
        .order_by(Article.title, Article.id, Claim.start_offset, Claim.id))
    return [Use(claim, title, stance) for claim, title, stance in rows]
