"""A large project's dashboard is counted again by the real worker (huey_consumer), not in the
request: the page shows the kept figures marked old until the worker has stored the new ones."""
import re

from sqlalchemy import select

from tests.double_review_data import double, mark, team
from tests.factories import PASSWORD

from .worker import wait_for


def _claims_on(browser, url: str) -> tuple[int, bool]:
    html = browser.get(url).get_data(as_text=True)
    stale = "has changed since these figures were counted" in html
    return int(re.search(r'id="stat-claims">(\d+)<', html).group(1)), stale


def test_the_worker_recounts_a_large_projects_dashboard(app, browser, worker):
    app.config["DASHBOARD_SYNC_CLAIMS"] = 0          # every project counts as large
    with app.app_context():
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        mark(article, lena, "26 ISIS militants")
        project_id, article_id = project.id, article.id
    url = f"/projects/{project_id}/dashboard/"
    fresh = f"/projects/{project_id}/dashboard/freshness.json"
    browser.login("lena", PASSWORD)
    assert _claims_on(browser, url) == (1, False)
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import Article, User
        lead = db.session.scalar(select(User).where(User.username == "lena"))
        mark(db.session.get(Article, article_id), lead, "the village of Hamrat")
    assert _claims_on(browser, url) == (1, True)      # queued: nothing was counted in the request
    assert browser.get(fresh).get_json() == {"stale": True}
    running = worker()
    wait_for(lambda: browser.get(fresh).get_json() == {"stale": False}, what="the recount",
             worker=running)
    assert _claims_on(browser, url) == (2, False)
