"""The dashboard's figures computed in plain Python over the rows a test made, to check the
SQL aggregation against (independently of ``services.dashboard``)."""
from collections import Counter

from webapp.models.claim import FINAL_STATUSES

FINAL_ACTIONS = ("created", "status_changed", "second_review_changed")


def article_matches(article, f, ids) -> bool:
    if f.get("outlet") and f["outlet"] not in (article.site_name, article.original_outlet):
        return False
    if f.get("published_from") and not (article.published_on and article.published_on >= f["published_from"]):
        return False
    if f.get("published_to") and not (article.published_on and article.published_on <= f["published_to"]):
        return False
    return True


def claim_matches(claim, articles, work, f, ids) -> bool:
    if claim.deleted_at is not None or not article_matches(articles[claim.article_id], f, ids):
        return False
    if f.get("reviewer") and ids[f["reviewer"]] not in (claim.last_reviewed_by_id, claim.second_reviewer_id):
        return False
    if f.get("assignee") and not any(a.article_id == claim.article_id and a.assignee_id == ids[f["assignee"]]
                                     for a in work):
        return False
    return True


def expected(data, f: dict, ids: dict) -> dict:
    claims, articles, work, events, grades = data
    mine = [c for c in claims if claim_matches(c, articles, work, f, ids)]
    chosen = {c.id for c in mine}
    person = ids.get(f.get("assignee"))
    states = {}
    for a in articles.values():
        if not article_matches(a, f, ids):
            continue
        own = [w for w in work if w.article_id == a.id and (person is None or w.assignee_id == person)]
        if person is not None and not own:
            continue
        states.setdefault("", 0)
        states[""] += 1
        for key, test in (("assigned", lambda s: s == "assigned"), ("in_progress", lambda s: s == "in_progress"),
                          ("done", lambda s: s == "done"), ("open", lambda s: s != "done")):
            states[key] = states.get(key, 0) + any(test(w.state) for w in own)
        if person is None:
            states["unassigned"] = states.get("unassigned", 0) + (not own)
    final = [c for c in mine if c.status in FINAL_STATUSES]
    by_actor, by_claim = Counter(), set()
    for e in events:
        status = (e.changes or {}).get("status")
        if e.claim_id in chosen and e.action in FINAL_ACTIONS and status and status[1] in FINAL_STATUSES:
            by_claim.add((e.actor_id, e.claim_id))
    for actor, _claim in by_claim:
        by_actor[actor] += 1
    return {
        "articles": states,
        "claims": len(mine),
        "final": len(final),
        "second_reviewed": sum(c.review_state in ("accepted", "changed") for c in final),
        "backlog": sum(c.status in ("unreviewed", "in_progress") for c in mine),
        "casualty": sum(c.kind == "casualty_figure" for c in mine),
        "weak_casualty": sum(c.kind == "casualty_figure" and c.named == "unnamed" and c.party == "party"
                             and c.independent_sources in ("1", "") for c in mine),
        "backlog_oldest": min((c.created_at.replace(tzinfo=None) for c in mine
                               if c.status in ("unreviewed", "in_progress")), default=None),
        "status": Counter(c.status for c in mine),
        "source_type": Counter(c.source_type or "-" for c in mine),
        "named": Counter(c.named or "-" for c in mine),
        "party": Counter(c.party or "-" for c in mine),
        "kind": Counter(c.kind or "-" for c in mine),
        "grade": Counter(grades.get(c.source_id, "F") + c.credibility for c in mine),
        "reviewers": by_actor,
        "weekly_total": len({c for _a, c in by_claim}),
    }
