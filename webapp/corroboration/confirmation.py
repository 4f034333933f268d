""""Confirmed" needs an independent origin (issue 11, 6): a claim is marked confirmed or partly
confirmed only with corroboration whose origin differs from the claim's own — a report in its
cluster from another independent origin, or an evidence item whose recorded origin (a registry
entry) is not the one the claim rests on. The refusal names that origin and what would count.

The rule applies when the status is set; claims confirmed before it (or whose corroboration
went away) are never changed: ``unsupported_confirmed`` lists them for review.
"""
from sqlalchemy import select

from ..extensions import db
from ..models import Article, Claim, ClaimEvidence, Evidence, Source, User
from ..services import claims as claim_service
from ..services import visibility
from ..services.errors import Invalid
from . import chains, clusters

CONFIRMING = {"confirmed": "confirmed", "partly_confirmed": "partly confirmed"}
REVIEW_PAGE = 100


def _own_origin(claim: Claim | None, article: Article, data: dict) -> tuple[str, int | None]:
    """The origin the claim rests on: (its name, its registry id if it has one)."""
    if claim is not None and chains.is_set(claim.id):
        hops = chains.chain_of(claim)
    else:
        source_id = data.get("source_id", claim.source_id if claim is not None else None)
        source = db.session.get(Source, source_id) if isinstance(source_id, int) else None
        hops = chains.provenance_hops(article.site_name, article.original_outlet,
                                      (source.id, source.name, source.entry_kind) if source else None)
    hop = chains.origin_of(hops)
    if hop is None:
        return "an unnamed origin (no outlet and no source recorded)", None
    return hop.name, hop.source_id


def _evidence_origins(claim: Claim | None, items: list[dict]) -> set[int]:
    origins = {i.get("origin_source_id") for i in items if i.get("evidence_id") is None}
    linked = [i["evidence_id"] for i in items if i.get("evidence_id") is not None]
    if linked:
        origins |= set(db.session.scalars(select(Evidence.origin_source_id).where(
            Evidence.id.in_(linked))))
    if claim is not None:
        origins |= {link.evidence.origin_source_id for link in claim.evidence_links}
    return {o for o in origins if o is not None}


def _independent_report(claim: Claim) -> bool:
    cluster = clusters.cluster_of(claim.id)
    if cluster is None:
        return False
    _rows, assessment = clusters.assess(cluster.id)
    return any(all(r.claim_id != claim.id for r in origin.reports) for origin in assessment.origins)


def corroborated(claim: Claim | None, article: Article, data: dict, items: list[dict]) -> tuple[bool, str]:
    """Whether the claim has corroboration from another origin, and the origin it rests on."""
    label, source_id = _own_origin(claim, article, data)
    if any(origin != source_id for origin in _evidence_origins(claim, items)):
        return True, label
    return (claim is not None and _independent_report(claim)), label


def check(claim: Claim | None, article: Article, data: dict, items: list[dict]) -> None:
    status = data.get("status", "unreviewed")
    if status not in CONFIRMING or (claim is not None and claim.status == status):
        return
    ok, label = corroborated(claim, article, data, items)
    if not ok:
        raise Invalid({"status": (
            f"A claim marked {CONFIRMING[status]} needs corroboration from an origin other than "
            f"its own, and this one rests on {label}. What would count: a report of the same "
            "claim in another article from an independent origin (link it under “Reports of "
            "this claim elsewhere”), or evidence whose recorded origin is another entry of the "
            "source registry (choose it as the evidence's origin).")})


claim_service.STATUS_RULES.append(check)


def unsupported_confirmed(project_id: int, user: User, role: str, page: int = 1
                          ) -> tuple[list[tuple[Claim, str]], bool]:
    """Confirmed and partly confirmed claims that this rule would refuse now, with the origin
    each rests on, for review (a page of them; True if there are more). Candidates are read in
    SQL — claims with no evidence whose recorded origin differs from their source — and each is
    then checked exactly (chains, clusters)."""
    other_origin = select(ClaimEvidence.id).join(Evidence).where(
        ClaimEvidence.claim_id == Claim.id, Evidence.origin_source_id.is_not(None),
        (Claim.source_id.is_(None)) | (Evidence.origin_source_id != Claim.source_id)).exists()
    query = (select(Claim).where(Claim.project_id == project_id,
                                 Claim.status.in_(CONFIRMING), ~other_origin,
                                 visibility.live_and_seen_by(user, role))
             .order_by(Claim.id))
    found, offset, wanted = [], 0, page * REVIEW_PAGE + 1
    while len(found) < wanted:
        batch = list(db.session.scalars(query.offset(offset).limit(500)))
        if not batch:
            break
        offset += len(batch)
        for claim in batch:
            ok, label = corroborated(claim, claim.article, {}, [])
            if not ok:
                found.append((claim, label))
    start = (page - 1) * REVIEW_PAGE
    return found[start:start + REVIEW_PAGE], len(found) > start + REVIEW_PAGE
