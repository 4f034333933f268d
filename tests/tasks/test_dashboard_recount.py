"""A large project's dashboard is counted again by the real worker (huey_consumer), not in the
request: the page shows the kept figures marked old until the worker has stored the new ones."""
from tests.dashboard.data import claims_shown
from tests.double_review_data import double, mark, mark_as, team
from tests.factories import PASSWORD

from .worker import wait_for


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
    assert claims_shown(browser, url) == (1, False)
    mark_as(app, article_id, "lena", "the village of Hamrat")
    assert claims_shown(browser, url) == (1, True)      # queued: nothing was counted in the request
    assert browser.get(fresh).get_json() == {"stale": True}
    running = worker()
    wait_for(lambda: browser.get(fresh).get_json() == {"stale": False}, what="the recount",
             worker=running)
    assert claims_shown(browser, url) == (2, False)
