"""The lead's figures on suggestions (the dashboard's "Suggestions" card): how many were shown,
accepted, rejected and are still open, for those carrying a figure, an attribution or a hedge
(one suggestion may carry all three), and per reviewer who decided them. One query, counted in
SQL (GROUP BY status and who decided), whatever the number of suggestions; the filters of the
dashboard do not apply (they are about claims)."""
from sqlalchemy import String, case, cast, func, select

from ..extensions import db
from ..models import Suggestion, User
from ..models.suggestion import PARTS

PART_LABELS = {"all": "Every suggestion", "figure": "With a figure",
               "attribution": "With an attribution", "hedge": "With a hedge"}
COUNTS = ("shown", "open", "accepted", "rejected")


def _carries(part: str):
    """A suggestion carries a figure, an attribution or a hedge (read from its fields)."""
    if part == "figure":
        return func.coalesce(cast(Suggestion.figures, String), "[]").not_in(["[]", "null"])
    column = Suggestion.attribution_text if part == "attribution" else Suggestion.hedging
    return column != ""


def fetch_stats(project_id: int, per_reviewer: bool) -> dict:
    """``{"parts": [[key, label, shown, open, accepted, rejected, rate]],
    "reviewers": [[username, display name, accepted, rejected, rate]]}``, the rate being
    accepted / decided (None before any decision); reviewers for a lead only."""
    sums = [func.sum(case((_carries(p), 1), else_=0)) for p in PARTS]
    rows = db.session.execute(
        select(Suggestion.status, User.username, User.display_name, func.count(), *sums)
        .outerjoin(User, User.id == Suggestion.decided_by_id)
        .where(Suggestion.project_id == project_id)
        .group_by(Suggestion.status, User.username, User.display_name)).all()
    parts = {key: dict.fromkeys(COUNTS, 0) for key in PART_LABELS}
    people: dict[str, list] = {}
    for status, username, display_name, total, *carried in rows:
        for key, n in zip(PART_LABELS, (total, *carried)):
            parts[key][status] += int(n or 0)
            parts[key]["shown"] += int(n or 0)
        if username and status in ("accepted", "rejected"):
            person = people.setdefault(username, [username, display_name, 0, 0, None])
            person[2 if status == "accepted" else 3] += total
    for person in people.values():
        person[4] = _rate(person[2], person[3])
    return {"parts": [[key, PART_LABELS[key], *(c[k] for k in COUNTS), _rate(c["accepted"], c["rejected"])]
                      for key, c in parts.items()],
            "reviewers": sorted(people.values()) if per_reviewer else []}


def _rate(accepted: int, rejected: int) -> float | None:
    return accepted / (accepted + rejected) if accepted + rejected else None
