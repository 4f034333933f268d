"""A cluster's grade and counts as one person may see them (blind double review).

``ClaimCluster`` keeps the grade, its reason and the numbers of reports and independent origins
computed over every live report. During blind double review a person may not see some of those
reports (``services.visibility``): the stored figures would tell them what the other reviewer
marked. So wherever a cluster is shown or filtered on, a person who cannot see all of its
reports gets the assessment of the reports they can see (``clusters.assess``); leads, and
anyone who sees every report, get the stored values.
"""
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, select

from ..extensions import db
from ..models import Claim, ClaimCluster, ClusterMember, User
from ..services import claim_filters, visibility
from . import clusters


@dataclass(frozen=True)
class Summary:
    """What a list or a badge shows of a cluster (the names of ``ClaimCluster``'s columns)."""

    grade: str
    grade_reason: str
    reports: int
    origins: int


def stored(cluster: ClaimCluster) -> Summary:
    return Summary(cluster.grade, cluster.grade_reason, cluster.reports, cluster.origins)


def partly_hidden(user: User | None, role: str, *, cluster_ids=None,
                  project_id: int | None = None) -> set[int]:
    """The clusters (among ``cluster_ids``, or the project's) with a live report the person
    may not see: none for a lead, without a query."""
    if role == "lead":
        return set()
    query = (select(ClusterMember.cluster_id).join(Claim, Claim.id == ClusterMember.claim_id)
             .where(visibility.live(), ~visibility.seen_by(user, role)).distinct())
    if cluster_ids is not None:
        query = query.where(ClusterMember.cluster_id.in_(sorted(cluster_ids)))
    if project_id is not None:
        query = query.where(Claim.project_id == project_id)
    return set(db.session.scalars(query))


def _computed(cluster_id: int, user: User | None, role: str, assessed=None) -> Summary:
    rows, assessment = assessed or clusters.assess(cluster_id, user, role)
    return Summary(assessment.grade, assessment.reason, len(rows), len(assessment.origins))


def summary(cluster: ClaimCluster, user: User | None, role: str, assessed=None) -> Summary:
    """The cluster as this person may see it. ``assessed``: ``clusters.assess``'s answer for
    this person, if the caller has it already."""
    if cluster.id in partly_hidden(user, role, cluster_ids=[cluster.id]):
        return _computed(cluster.id, user, role, assessed)
    return stored(cluster)


def summaries(user: User | None, role: str, *, cluster_ids=None,
              project_id: int | None = None) -> dict[int, Summary]:
    """The clusters this person sees only in part (as ``partly_hidden``), each as they see it;
    every other cluster is as stored. One assessment a cluster: few clusters are in blind
    review at a time."""
    hidden = partly_hidden(user, role, cluster_ids=cluster_ids, project_id=project_id)
    return {cluster_id: _computed(cluster_id, user, role) for cluster_id in sorted(hidden)}


def for_filters(filters, project_id: int, user: User | None, role: str):
    """What ``claim_filters.conditions`` needs to filter on clusters (grade, origins) as this
    person sees them: None when no filter is about clusters."""
    if not claim_filters.uses_clusters(filters):
        return None
    return summaries(user, role, project_id=project_id)


def fetch_cluster_page(project_id: int, user: User, role: str, grade: str, page: int,
                       per_page: int):
    """The clusters list: a page of the project's clusters (of ``grade``, if given), newest
    change first, as the person may see them; the number of each grade; and the summaries of
    the clusters they see only in part. A cluster they see no report of is not listed."""
    seen = summaries(user, role, project_id=project_id)
    unseen = [i for i, s in seen.items() if s.reports == 0]
    query = select(ClaimCluster).where(ClaimCluster.project_id == project_id,
                                       ClaimCluster.id.not_in(unseen))
    if grade:
        as_stored = and_(ClaimCluster.id.not_in(sorted(seen)), ClaimCluster.grade == grade)
        query = query.where(as_stored | ClaimCluster.id.in_(
            [i for i, s in seen.items() if s.grade == grade and s.reports]))
    found = db.paginate(query.order_by(ClaimCluster.updated_at.desc(), ClaimCluster.id.desc()),
                        page=page, per_page=per_page, error_out=False)
    counts = Counter(clusters.project_cluster_counts(project_id, leave_out=sorted(seen)))
    counts.update(s.grade for s in seen.values() if s.reports)
    return found, dict(counts), seen
