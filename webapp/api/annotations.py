"""API: an article's claims as a W3C Web Annotation Protocol container.

``GET …/annotations/`` is the container (an ``AnnotationCollection`` and ``ldp:BasicContainer``)
with its first page embedded; ``?page=N`` (from 0) is one ``AnnotationPage``. ``POST`` there
marks a claim; ``GET``/``PUT``/``DELETE …/annotations/<claim_id>`` read, edit and delete one,
with ``ETag`` and ``If-Match`` so that no update is lost (Protocol §4.2–4.4, RFC 9110 §13).
Every write goes through ``webapp.services.claims`` and is an event in the claim's history; who
sees which claim is ``webapp.services.visibility``'s rule, as in the pages.
"""
import hashlib
import json
from urllib.parse import urlsplit

from flask import current_app, g, request, url_for

from ..access import api_project_role
from ..corroboration import chains
from ..database import writing
from ..exports.rows import _row as claim_row
from ..exports.rows import article_claim_rows, evidence_entry, set_chain_fields
from ..interop.anchoring import AnchorError, anchor
from ..interop.annotation import (ANNO_CONTEXT, MEDIA_TYPE, annotation, chain_from_annotation,
                                 evidence_from_annotation, fields_from_annotation)
from ..models import Article, Claim, ClaimEvidence
from ..services import article_pages
from ..services import articles as article_service
from ..services import assignments as assignment_service
from ..services import claims as claim_service
from ..services import evidence as evidence_service
from ..services.errors import Invalid
from ..services.lists import fetch_lists, labels
from ..services.text_checks import quoted
from ..revisions.texts import current_text, latest
from .blueprint import ARTICLE, ID, bp
from .body import read_json
from .errors import ApiError
from .projects import page_number
from .schemas import check_annotation, check_evidence_list, check_target_source

PAGE_SIZE = 100
LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld"
CONTAINER_LINKS = ('<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", '
                   '<http://www.w3.org/TR/annotation-protocol/>; '
                   'rel="http://www.w3.org/ns/ldp#constrainedBy"')
RESOURCE_LINK = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
LD_JSON = MEDIA_TYPE + "; charset=utf-8"
# Mirrors the claim form's limits where the database column is bounded.
FIELD_LIMITS = {"hedging": 500}
# A new claim's own columns that its export row shows under the same name.
CLAIM_COLUMNS = ("quote", "start_offset", "end_offset", "prefix", "suffix", "statement", "kind",
                 "figures", "attribution_text", "source_type", "named", "party", "access",
                 "revision", "anchor_state", "anchor_finding", "anchor_finding_revision",
                 "hedging", "independent_sources", "source_id", "credibility",
                 "attribution_chain", "status", "rationale", "created_at", "review_state",
                 "updated_at", "version")


def _ld(doc: dict | None, status: int = 200, headers: dict | None = None):
    text = "" if doc is None else json.dumps(doc, ensure_ascii=False)
    response = current_app.response_class(text, status=status, headers=headers or {})
    if doc is None:
        del response.headers["Content-Type"]
    else:
        response.headers["Content-Type"] = LD_JSON
    return response


def _container_iri(article: Article) -> str:
    return url_for("api.annotations", project_id=article.project_id, article_id=article.id,
                   _external=True)


def _article_iri(article_id: int, project_id: int) -> str:
    return url_for("api.article", project_id=project_id, article_id=article_id, _external=True)


def _present(row: dict, project_id: int, with_context: bool = True) -> dict:
    return annotation(row, claim_iri=url_for("api.annotation", project_id=project_id,
                                             article_id=row["article_id"], claim_id=row["claim_id"],
                                             _external=True),
                      article_iri=_article_iri(row["article_id"], project_id),
                      generator_iri=url_for("api.openapi", _external=True), with_context=with_context,
                      revision_iri=lambda r: url_for("revisions.read", project_id=project_id,
                                                     article_id=r["article_id"],
                                                     number=r["revision"], _external=True),
                      cluster_iri=lambda c: url_for("api.cluster", project_id=project_id,
                                                    cluster_id=c["id"], _external=True),
                      claim_iri_of=lambda m: url_for("api.annotation", project_id=project_id,
                                                     article_id=m["article_id"],
                                                     claim_id=m["claim_id"], _external=True))


def etag_of(doc: dict) -> str:
    """A strong validator of the representation: it changes whenever any byte of it would."""
    canonical = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return '"' + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32] + '"'


def _page(article: Article, number: int, total: int) -> dict:
    here, last = _container_iri(article), max(0, (total - 1) // PAGE_SIZE)
    rows = article_claim_rows(article.project_id, article.id, g.api_user, g.role,
                              offset=number * PAGE_SIZE, limit=PAGE_SIZE)
    page = {"id": f"{here}?page={number}", "type": "AnnotationPage",
            "partOf": {"id": here, "total": total}, "startIndex": number * PAGE_SIZE}
    if number < last:
        page["next"] = f"{here}?page={number + 1}"
    if number > 0:
        page["prev"] = f"{here}?page={min(number, last + 1) - 1}"
    page["items"] = [_present(row, article.project_id, with_context=False) for row in rows]
    return page


def _container(article: Article):
    total = article_pages.count_visible_claims(article.id, g.api_user, g.role)
    headers = {"Link": CONTAINER_LINKS, "Allow": "GET, HEAD, OPTIONS, POST",
               "Accept-Post": f"{MEDIA_TYPE}, application/json", "Vary": "Accept"}
    if "page" in request.args:
        return _ld({"@context": ANNO_CONTEXT, **_page(article, page_number(), total)},
                   headers=headers)
    here = _container_iri(article)
    doc = {"@context": [ANNO_CONTEXT, LDP_CONTEXT], "id": here,
           "type": ["BasicContainer", "AnnotationCollection"],
           "label": f"Claims marked in {article.title}"[:300], "total": total}
    if total:
        first = _page(article, 0, total)
        first.pop("partOf")
        doc.update({"first": first, "last": f"{here}?page={(total - 1) // PAGE_SIZE}"})
    return _ld(doc, headers=headers)


def _claim_data(doc: dict, article: Article
                ) -> tuple[int, int, dict, list[dict] | None, list | None]:
    """The span, claim fields, evidence list and chain's hops (None: not given) an annotation
    carries, or 422 saying what does not fit."""
    check_annotation(doc)
    check_target_source(doc["target"], {_article_iri(article.id, article.project_id), article.url,
                                        url_for("articles.read", project_id=article.project_id,
                                                article_id=article.id, _external=True)} - {""})
    try:
        found = anchor(doc["target"], current_text(article), exactly=True)
    except AnchorError as exc:
        raise ApiError(422, exc.message) from None
    start, end = found.start, found.end
    data = fields_from_annotation(doc)
    for field, limit in FIELD_LIMITS.items():
        if len(data.get(field, "")) > limit:
            raise ApiError(422, f"{field} is longer than {limit} characters.", errors={
                field: f"At most {limit} characters."})
    listed = evidence_from_annotation(doc)
    return (start, end, data, None if listed is None else check_evidence_list(listed),
            _hops(chain_from_annotation(doc)))


def _hops(items) -> list | None:
    """The chain's hops, checked (None: the annotation sends no chain), or 422."""
    if items is None:
        return None
    if not isinstance(items, list):
        raise ApiError(422, "claimtrail:sourcing chain is a list of hops, each an object with "
                            "name (or source_id), kind and relation.", errors={
                                "chain": "A list of hops."})
    try:
        return chains.parse_hops(items)
    except Invalid as exc:
        raise ApiError(422, exc.message, errors=exc.reasons) from None


def _evidence_to_add(project_id: int, links: list[ClaimEvidence],
                     listed: list[dict] | None) -> list[dict]:
    """The items of the annotation's ``claimtrail:evidence`` that the claim does not have yet."""
    if not listed:
        return []
    return evidence_service.evidence_to_add(project_id, links, listed, g.api_user, g.role)


@bp.route(f"{ARTICLE}/annotations/", methods=["GET", "POST"])
@api_project_role("viewer", write="annotator")
def annotations(project_id: int, article_id: int):
    """The article's claims as annotations (GET), or mark a new claim (POST an annotation).
    A new claim is read, checked and prepared before the write begins, and its annotation is
    rendered from what was stored: the write transaction holds only the two inserts and the
    assignment's start."""
    article = article_service.get_article(project_id, article_id)
    if request.method == "GET":
        return _container(article)
    assignment_service.check_may_edit(g.api_user, g.role, article)
    start, end, data, listed, hops = _claim_data(read_json(), article)
    new_evidence = _evidence_to_add(project_id, [], listed)
    claim = claim_service.prepare_claim(article, g.api_user, start, end, current_text(article)[start:end],
                                        data, new_evidence)
    names = _labels(claim)
    with writing():
        claim_service.save_claim(claim, g.api_user, new_evidence)
        if hops:
            _set_chain(claim, hops)
        assignment_service.note_claim_saved(article, g.api_user)
        # Before the commit expires what it reads.
        row = _new_claim_row(claim, article, names, with_evidence=bool(new_evidence))
        set_chain_fields(row, chains.chain_of(claim) if hops else chains.provenance_hops(
            article.site_name, article.original_outlet, claim.source and (
                claim.source.id, claim.source.name, claim.source.entry_kind)))
    return _respond(_present(row, project_id), 201, location=True)


def _new_claim_row(claim: Claim, article: Article, names: dict[str, dict[str, str]],
                   with_evidence: bool = False) -> dict:
    """The export row of the claim this request has just stored, from what the request holds
    instead of read back (a test holds it equal to ``article_claim_rows``'s): its maker is the
    token's user, who also set its status if it has one; no second review; its evidence, if
    the request linked some (else the claim has none, and it is not looked up)."""
    maker, source = g.api_user.username, claim.source
    found = {name: getattr(claim, name) for name in CLAIM_COLUMNS}
    found.update({
        "claim_id": claim.id, "article_id": article.id, "article_title": article.title,
        "site_name": article.site_name, "original_outlet": article.original_outlet,
        "article_url": article.url, "article_author": article.author,
        "published_on": article.published_on, "captured_at": article.captured_at,
        "content_hash": article.content_hash, "revision_captured_at": _captured_at(article),
        "source_name": source and source.name, "source_affiliation": source and source.affiliation,
        "source_reliability": source and source.reliability,
        "source_kind": source and source.entry_kind, "created_by": maker,
        "last_reviewed_by": maker if claim.last_reviewed_by_id == g.api_user.id else None,
        "second_reviewer": None})
    evidence = {claim.id: [evidence_entry(link.stance, link.evidence.url, link.evidence.reference,
                                          link.evidence.summary, link.evidence_id)
                           for link in claim.evidence_links]} if with_evidence else {}
    found["figures_note"] = found.pop("figures")
    return claim_row(names, evidence, **found, figures={claim.id: claim.structured_figures})


def _captured_at(article: Article):
    """When the revision new claims are marked on was captured (no query while it is the first)."""
    return article.captured_at if article.revision == 1 else latest(article).captured_at


def _labels(claim: Claim) -> dict[str, dict[str, str]]:
    """The labels of the project's lists, read only if the claim has a list value to show."""
    if any(getattr(claim, field) for field in claim_service.LIST_FIELDS):
        return labels(fetch_lists(claim.project_id))
    return {field: {} for field in claim_service.LIST_FIELDS}


def _load(project_id: int, article_id: int, claim_id: int, for_update: bool = False) -> Claim:
    """The claim, if visible and in this article: 404 otherwise, 410 once deleted."""
    claim = claim_service.get_claim(project_id, claim_id, g.api_user, g.role,
                                    include_deleted=True, for_update=for_update)
    if claim.article_id != article_id:
        raise ApiError(404, "There is no such annotation in this article.")
    if claim.deleted_at is not None:
        raise ApiError(410, "This annotation was deleted; its history is kept in Claimtrail.")
    return claim


def _representation(claim: Claim) -> dict:
    rows = article_claim_rows(claim.project_id, claim.article_id, g.api_user, g.role,
                              claim_id=claim.id)
    if not rows:
        raise ApiError(404)
    return _present(rows[0], claim.project_id)


def _one(claim: Claim, status: int = 200):
    return _respond(_representation(claim), status)


def _respond(doc: dict, status: int = 200, location: bool = False):
    headers = {"ETag": etag_of(doc), "Link": RESOURCE_LINK, "Vary": "Accept",
               "Allow": "GET, HEAD, OPTIONS, PUT, DELETE"}
    if location:
        headers["Location"] = doc["id"]
    return _ld(doc, status, headers)


def _check_precondition(claim: Claim) -> None:
    """If-Match must name the current ETag: 428 without it or with ``*`` (which names no
    version, so it would let a stale write through), 412 (with the current ETag) if stale."""
    if "If-Match" not in request.headers:
        raise ApiError(428, "Send If-Match with the annotation's ETag (from GET or from the last "
                            "write), so that no one's update is lost; nothing was saved.")
    if "*" in request.if_match:   # also "*" among other tags
        raise ApiError(428, "If-Match: * does not say which version you read, so it cannot "
                            "protect anyone's update: send the annotation's ETag (from GET or "
                            "from the last write) instead; nothing was saved.")
    current = etag_of(_representation(claim))
    if not (request.if_match.contains(current.strip('"'))):
        raise ApiError(412, "The annotation changed since you read it: If-Match does not match "
                            f"its current ETag {current}. Nothing was saved; GET it again, "
                            "re-apply your change and send it with the new ETag.",
                       headers={"ETag": current}, current_etag=current)


def _path_of(iri: str) -> str | None:
    """Compared by path: the same annotation may be reached under another host name."""
    try:
        return urlsplit(iri).path
    except ValueError:   # e.g. "http://[" is no IRI at all
        return None


@bp.route(f"{ARTICLE}/annotations/<{ID}:claim_id>",
          methods=["GET", "PUT", "DELETE"], endpoint="annotation")
@api_project_role("viewer", write="annotator")
def annotation_resource(project_id: int, article_id: int, claim_id: int):
    """One claim as an annotation: read it, replace its claim fields, or delete it. A change
    is checked against the claim's current version while its row is locked."""
    if request.method == "GET":
        return _one(_load(project_id, article_id, claim_id))
    with writing():
        claim = _load(project_id, article_id, claim_id, for_update=True)
        assignment_service.check_may_edit(g.api_user, g.role, claim.article)
        if request.method == "DELETE":
            _check_precondition(claim)
            claim_service.delete_claim(claim, g.api_user, claim.version, "Deleted through the API.")
        else:
            _replace(claim, read_json())
    if request.method == "DELETE":
        return _ld(None, 204)
    return _one(claim)


def _replace(claim: Claim, doc: dict) -> None:
    """PUT: the annotation's claim fields replace the claim's, and the evidence it lists that
    the claim does not have yet is linked to it; its id and span cannot change."""
    _check_precondition(claim)
    here = url_for("api.annotation", project_id=claim.project_id, article_id=claim.article_id,
                   claim_id=claim.id, _external=True)
    # The project's W3C export names each annotation by the claim's page.
    page = url_for("claims.show", project_id=claim.project_id, claim_id=claim.id)
    if isinstance(doc.get("id"), str) and _path_of(doc["id"]) not in (_path_of(here), page):
        raise ApiError(422, f"The annotation's id is {quoted(doc['id'], 200)}, but it was sent to "
                            f"{here}; an annotation's id cannot change.")
    start, end, data, listed, hops = _claim_data(doc, claim.article)
    if (start, end) != (claim.start_offset, claim.end_offset):
        raise ApiError(422, f"The target points at {start}–{end}, but this claim's span is "
                            f"{claim.start_offset}–{claim.end_offset}; a claim's span cannot "
                            "change. Delete it and mark a new one instead.")
    new_evidence = _evidence_to_add(claim.project_id, claim.evidence_links, listed)
    claim_service.update_claim(claim, g.api_user, data, claim.version, new_evidence=new_evidence)
    if hops is not None:
        _set_chain(claim, hops)


def _set_chain(claim: Claim, hops: list) -> None:
    """The chain the annotation sends (its version is the one just checked or written)."""
    try:
        chains.set_chain(claim, g.api_user, g.role, hops, claim.version)
    except Invalid as exc:
        raise ApiError(422, exc.message, errors=exc.reasons) from None
