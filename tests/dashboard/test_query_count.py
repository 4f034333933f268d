"""The number of SQL statements behind the dashboard, the claim list and the article list does
not grow with the data: counted on small data, then again with five times as much."""
from contextlib import contextmanager

from sqlalchemy import event, select

from tests.dashboard.data import Team, add_articles, make_team
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.corroboration import clusters
from webapp.models import Claim, Project, User

FILTERS = "outlet=Alpha+News&published_from=2026-01-10&reviewer=anna&assignee=ben"


@contextmanager
def counting(engine):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _counts(app, browser, project_id: int) -> dict[str, int]:
    with app.app_context():
        engine = db.engine
    found = {}
    for page in (f"/projects/{project_id}/dashboard/", f"/projects/{project_id}/dashboard/?{FILTERS}",
                 f"/projects/{project_id}/claims/", f"/projects/{project_id}/claims/?{FILTERS}&status=final",
                 f"/projects/{project_id}", f"/projects/{project_id}/dashboard/status.csv",
                 f"/projects/{project_id}/claims/?origins=2&grade_disagrees=1",
                 f"/projects/{project_id}/claims/?cluster_grade=corroborated&kind=casualty_figure"):
        with counting(engine) as statements:
            response = browser.get(page)
        assert response.status_code == 200, page
        found[page] = len(statements)
    return found


def _cluster_some(project_id: int) -> None:
    """Link a claim of every fourth article with a claim of the next, where none is linked yet:
    the corroboration figures have clusters to count, more of them in the larger data."""
    lena = db.session.scalar(select(User).where(User.username == "lena"))
    firsts = db.session.scalars(select(Claim).where(Claim.project_id == project_id).order_by(
        Claim.article_id, Claim.id)).all()
    one_each = list({c.article_id: c for c in reversed(firsts)}.values())[::-1]
    for a, b in zip(one_each[::4], one_each[1::4]):
        if clusters.cluster_of(a.id) is None and clusters.cluster_of(b.id) is None:
            clusters.link(a, b, lena)
    db.session.commit()


def test_queries_per_page_do_not_grow_with_the_data(app, browser):
    with app.app_context():
        team = make_team()
        add_articles(team, 12, seed=1)
        project_id = team.project.id
        _cluster_some(project_id)
    browser.login("lena", PASSWORD)
    small = _counts(app, browser, project_id)
    with app.app_context():
        users = {u.username: u for u in db.session.query(User)}
        team = Team(db.session.get(Project, project_id), users["lena"], users["anna"], users["ben"],
                    users["vera"])
        add_articles(team, 48, seed=2, start=100)
        _cluster_some(project_id)
    large = _counts(app, browser, project_id)
    assert large == small, (small, large)
    assert max(small.values()) < 40, small
