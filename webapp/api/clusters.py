"""API: claim clusters (issue 11) — read a cluster with its reports, independent origins,
range and grade; link two reports (a cluster is made, joined or two are merged); take a report
out of its cluster; split reports off into a new cluster; merge another cluster into one. Every change goes through ``webapp.corroboration.clusters``: an event in
each claim's trail and the grade computed again, as on the pages."""
from flask import g, jsonify, request, url_for

from ..access import api_project_role
from ..corroboration import blind, clusters
from ..database import writing
from ..models.cluster import GRADES
from ..services import claims as claim_service
from .blueprint import ID, PROJECT, bp
from .body import read_json
from .errors import ApiError

MAX_REASON = 2000


def cluster_iri(project_id: int, cluster_id: int) -> str:
    return url_for("api.cluster", project_id=project_id, cluster_id=cluster_id, _external=True)


def _annotation_iri(project_id: int, article_id: int, claim_id: int) -> str:
    return url_for("api.annotation", project_id=project_id, article_id=article_id,
                   claim_id=claim_id, _external=True)


def cluster_json(project_id: int, cluster_id: int) -> dict:
    """The cluster as the person may see it: its grade and counts (as stored, over every
    report; computed from the reports they may see while some are hidden from them in blind
    review), and the reports they may see, grouped into independent origins, with the range."""
    cluster = clusters.get_cluster(project_id, cluster_id)
    rows, assessment = assessed = clusters.assess(cluster.id, g.api_user, g.role)
    seen = blind.summary(cluster, g.api_user, g.role, assessed)
    return {
        "id": cluster.id, "self": cluster_iri(project_id, cluster.id),
        "grade": seen.grade, "grade_label": GRADES.get(seen.grade, seen.grade),
        "grade_reason": seen.grade_reason, "reports": seen.reports,
        "origins": seen.origins, "range": assessment.ranges,
        "independent_origins": [{"label": o.label, "why_one": o.reasons,
                                 "reports": [r.claim_id for r in o.reports]}
                                for o in assessment.origins],
        "items": [{"claim_id": r.claim.id, "article_id": r.article.id,
                   "annotation": _annotation_iri(project_id, r.article.id, r.claim.id),
                   "site_name": r.article.site_name, "published_on":
                   r.article.published_on.isoformat() if r.article.published_on else None,
                   "status": r.claim.status, "admission": r.report.admission,
                   "origin": r.report.origin} for r in rows],
    }


def _reason(doc: dict) -> str:
    reason = doc.get("reason", "")
    if not isinstance(reason, str) or len(reason) > MAX_REASON:
        raise ApiError(422, f"reason is a text of at most {MAX_REASON} characters.",
                       errors={"reason": f"At most {MAX_REASON} characters."})
    return reason


def _only(doc: dict, *allowed: str) -> None:
    unknown = sorted(set(doc) - set(allowed))
    if unknown:
        raise ApiError(422, f"Unknown fields: {', '.join(unknown)[:300]}; send "
                            f"{' and '.join(allowed)}.", unknown_fields=unknown[:50])


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def _claim_ids(doc: dict) -> list[int]:
    _only(doc, "claims", "reason")
    ids = doc.get("claims")
    if not (isinstance(ids, list) and len(ids) == 2 and all(_is_id(i) for i in ids)):
        raise ApiError(422, 'Send "claims": the ids of the two reports to link, e.g. [12, 40].',
                       errors={"claims": "Two claim ids."})
    return ids


@bp.route(f"{PROJECT}/clusters", methods=["POST"])
@api_project_role("annotator")
def clusters_link(project_id: int):
    """Link two reports of one claim: a new cluster, the cluster one of them is in, or the
    two clusters merged into the older. Answers with the cluster (201)."""
    doc = read_json()
    first_id, second_id = _claim_ids(doc)
    reason = _reason(doc)
    with writing():
        first = claim_service.get_claim(project_id, first_id, g.api_user, g.role, for_update=True)
        second = claim_service.get_claim(project_id, second_id, g.api_user, g.role, for_update=True)
        cluster_id = clusters.link(first, second, g.api_user, reason).id
    response = jsonify(cluster_json(project_id, cluster_id))
    response.status_code = 201
    response.headers["Location"] = cluster_iri(project_id, cluster_id)
    return response


@bp.route(f"{PROJECT}/clusters/<{ID}:cluster_id>", endpoint="cluster")
@api_project_role("viewer")
def cluster(project_id: int, cluster_id: int):
    """One cluster: grade and why, reports and independent origins, the figure range."""
    return jsonify(cluster_json(project_id, cluster_id))


def _admission(doc: dict) -> tuple[bool, str]:
    unknown = sorted(set(doc) - {"admission", "reason"})
    if unknown or not isinstance(doc.get("admission"), bool):
        raise ApiError(422, 'Send "admission": true or false (and, if you like, "reason").',
                       errors={"admission": "true or false."}, unknown_fields=unknown[:50])
    return doc["admission"], _reason(doc)


@bp.route(f"{PROJECT}/clusters/<{ID}:cluster_id>/reports/<{ID}:claim_id>",
          methods=["PUT", "DELETE"], endpoint="cluster_report")
@api_project_role("annotator")
def cluster_report(project_id: int, cluster_id: int, claim_id: int):
    """PUT: mark (or unmark) the report as the admission of the party concerned; answers the
    cluster. DELETE: take the report out of the cluster (one left with one report ends)."""
    clusters.get_cluster(project_id, cluster_id)   # 404 for what does not exist, before the body
    claim_service.get_claim(project_id, claim_id, g.api_user, g.role)
    admission = _admission(read_json()) if request.method == "PUT" else None
    with writing():
        cluster = clusters.get_cluster(project_id, cluster_id)
        claim = claim_service.get_claim(project_id, claim_id, g.api_user, g.role, for_update=True)
        found = clusters.cluster_of(claim.id)
        if found is None or found.id != cluster.id:
            raise ApiError(422, "This claim is not a report of this cluster; nothing changed.")
        if admission is None:
            clusters.unlink(claim, g.api_user, "Unlinked through the API.")
        else:
            clusters.set_admission(claim, g.api_user, *admission)
    if admission is None:
        return "", 204
    return jsonify(cluster_json(project_id, cluster_id))


def _split_ids(doc: dict) -> list[int]:
    _only(doc, "claims", "reason")
    ids = doc.get("claims")
    if not (isinstance(ids, list) and 0 < len(ids) <= clusters.MAX_REPORTS
            and all(_is_id(i) for i in ids)):
        raise ApiError(422, 'Send "claims": the ids of the reports to split off, e.g. [12, 40].',
                       errors={"claims": f"One to {clusters.MAX_REPORTS} claim ids."})
    return sorted(set(ids))


@bp.route(f"{PROJECT}/clusters/<{ID}:cluster_id>/split", methods=["POST"],
          endpoint="cluster_split")
@api_project_role("annotator")
def cluster_split(project_id: int, cluster_id: int):
    """Move the given reports out of the cluster into a new one (each cluster keeps two or
    more); an event on each claim that moves. Answers with the new cluster (201)."""
    clusters.get_cluster(project_id, cluster_id)   # 404 for what does not exist, before the body
    doc = read_json()
    claim_ids, reason = _split_ids(doc), _reason(doc)
    with writing():
        cluster = clusters.get_cluster(project_id, cluster_id, for_update=True)
        for claim_id in claim_ids:   # each must be a claim this person may see
            claim_service.get_claim(project_id, claim_id, g.api_user, g.role, for_update=True)
        new_id = clusters.split(cluster, claim_ids, g.api_user, reason).id
    response = jsonify(cluster_json(project_id, new_id))
    response.status_code = 201
    response.headers["Location"] = cluster_iri(project_id, new_id)
    return response


def _other_cluster(doc: dict) -> int:
    _only(doc, "cluster", "reason")
    if not _is_id(doc.get("cluster")):
        raise ApiError(422, 'Send "cluster": the id of the cluster to merge into this one.',
                       errors={"cluster": "A cluster id."})
    return doc["cluster"]


@bp.route(f"{PROJECT}/clusters/<{ID}:cluster_id>/merge", methods=["POST"],
          endpoint="cluster_merge")
@api_project_role("annotator")
def cluster_merge(project_id: int, cluster_id: int):
    """Merge another cluster into this one: its reports move here (an event on each) and it
    ends. Answers with this cluster, graded again."""
    clusters.get_cluster(project_id, cluster_id)   # 404 for what does not exist, before the body
    doc = read_json()
    other_id, reason = _other_cluster(doc), _reason(doc)
    with writing():
        # Locked in id order, so two merges of the same pair cannot wait for each other.
        locked = {i: clusters.get_cluster(project_id, i, for_update=True)
                  for i in sorted({cluster_id, other_id})}
        clusters.merge(locked[cluster_id], locked[other_id], g.api_user, reason)
    return jsonify(cluster_json(project_id, cluster_id))
