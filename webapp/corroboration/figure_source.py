"""Reports' structured figures as the grade rule reads them (``grades.Figure``): one query for
a batch of claims, vague quantities coded by each project's table."""
from collections import defaultdict

from sqlalchemy import select

from ..extensions import db
from ..models import Claim
from ..models.figure import ClaimFigure
from ..services.figures import fetch_vague_terms
from . import figures as figure_rules
from .grades import Figure


def figures_for(claim_ids: list[int]) -> dict[int, list[Figure]]:
    found: dict[int, list[Figure]] = defaultdict(list)
    if not claim_ids:
        return found
    columns = [getattr(ClaimFigure, key) for key in figure_rules.KEYS]
    rows = db.session.execute(   # plain rows: a page reads hundreds of claims' figures
        select(ClaimFigure.claim_id, Claim.project_id, *columns)
        .join(Claim, Claim.id == ClaimFigure.claim_id)
        .where(ClaimFigure.claim_id.in_(claim_ids))
        .order_by(ClaimFigure.claim_id, ClaimFigure.position)).all()
    terms = {project_id: fetch_vague_terms(project_id) for project_id in {r.project_id for r in rows}}
    for row in rows:
        project_id = row.project_id
        shape = {key: getattr(row, key) for key in figure_rules.KEYS}
        low, high = figure_rules.comparable(shape, terms[project_id])
        if low is None and high is None:
            continue   # a vague word the table does not code: nothing to compare
        counts, who = figure_rules.category(shape)
        found[row.claim_id].append(Figure(
            f"{counts or 'counted'} · {who or 'unknown'}", low, high,
            figure_rules.describe(shape, terms[project_id])))
    return found
