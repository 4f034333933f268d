"""Reports' structured figures as the grade rule reads them (``grades.Figure``): one query for
a batch of claims, vague quantities coded by each project's table."""
from collections import defaultdict

from sqlalchemy import select

from ..extensions import db
from ..models import Claim
from ..models.figure import ClaimFigure, VagueTerm
from . import figures as figure_rules
from .grades import Figure


def figures_for(claim_ids: list[int]) -> dict[int, list[Figure]]:
    found: dict[int, list[Figure]] = defaultdict(list)
    if not claim_ids:
        return found
    rows = db.session.execute(
        select(ClaimFigure, Claim.project_id).join(Claim, Claim.id == ClaimFigure.claim_id)
        .where(ClaimFigure.claim_id.in_(claim_ids))
        .order_by(ClaimFigure.claim_id, ClaimFigure.position)).all()
    terms: dict[int, dict[str, int]] = defaultdict(dict)
    for term in db.session.scalars(select(VagueTerm).where(
            VagueTerm.project_id.in_({project_id for _f, project_id in rows}))):
        terms[term.project_id][term.term] = term.value
    for figure, project_id in rows:
        shape = figure.as_dict()
        low, high = figure_rules.comparable(shape, terms[project_id])
        if low is None and high is None:
            continue   # a vague word the table does not code: nothing to compare
        counts, who = figure_rules.category(shape)
        found[figure.claim_id].append(Figure(
            f"{counts or 'counted'} · {who or 'unknown'}", low, high,
            figure_rules.describe(shape, terms[project_id])))
    return found
