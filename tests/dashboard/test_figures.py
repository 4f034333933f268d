"""The dashboard's figures agree with counts made in plain Python over generated data, with
and without each filter, on SQLite and PostgreSQL."""
from datetime import date

from tests.dashboard.data import add_articles, make_team, rows
from tests.dashboard.expected import expected
from webapp.services import dashboard
from webapp.services.claim_filters import ClaimFilters
from webapp.services.lists import fetch_lists, labels

FILTERS = [
    {},
    {"outlet": "Beta Post"},
    {"outlet": "Delta Agency"},
    {"published_from": date(2026, 2, 1)},
    {"published_from": date(2026, 1, 15), "published_to": date(2026, 2, 15)},
    {"reviewer": "anna"},
    {"assignee": "ben"},
    {"outlet": "Alpha News", "reviewer": "lena", "assignee": "anna", "published_to": date(2026, 3, 1)},
]


def _naive(moment):
    return moment.replace(tzinfo=None) if moment else None


def _as_counts(rows_) -> dict:
    return {r.key: r.count for r in rows_}


def test_figures_match_plain_python_counts(app):
    with app.app_context():
        team = make_team()
        add_articles(team, 120, seed=5)
        data = rows(team.project.id)
        assert len(data[0]) > 200
        ids = {u.username: u.id for u in (team.lead, team.anna, team.ben, team.vera)}
        users = {u.username: u for u in (team.lead, team.anna, team.ben)}
        names = labels(fetch_lists(team.project.id))
        seen = set()
        for f in FILTERS:
            want = expected(data, f, ids)
            got = dashboard.fetch_dashboard(team.project.id, team.lead, "lead", ClaimFilters(**f),
                                            users.get(f.get("assignee")), names)
            states = [k for k in dashboard.ARTICLE_STATES if not (f.get("assignee") and k == "unassigned")]
            assert got.articles == {k: want["articles"].get(k, 0) for k in states}, f
            for name in ("claims", "final", "second_reviewed", "backlog", "casualty", "weak_casualty"):
                assert getattr(got, name) == want[name], (name, f)
            for name in ("status", "source_type", "named", "party", "kind", "grade"):
                assert _as_counts(got.tables[name]) == dict(want[name]), (name, f)
            reviewers = {ids[k]: n for k, n in _as_counts(got.tables["reviewers"]).items()}
            assert reviewers == dict(want["reviewers"]), f
            assert sum(r.count for r in got.tables["weekly"]) == want["weekly_total"], f
            assert _naive(got.backlog_oldest) == want["backlog_oldest"], f
            seen.add((got.claims, got.articles[""]))
        assert len(seen) == len(FILTERS)   # every filter narrowed differently
