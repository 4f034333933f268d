"""A large project's dashboard is counted by the real worker (huey_consumer), not in the
request: the first count of a set of filters, and every recount after the project changed. The
page shows the kept figures marked old, or says the figures are being counted, until the worker
has stored them."""
from datetime import timedelta

from sqlalchemy import update

from webapp import tasks
from webapp.extensions import db
from webapp.models import DashboardSnapshot
from webapp.models._time import utcnow
from tests.dashboard.data import claims_shown
from tests.double_review_data import mark_as, one_claim
from tests.factories import PASSWORD

from .worker import wait_for


def test_the_worker_makes_a_large_projects_first_count(app, browser, worker):
    app.config["DASHBOARD_SYNC_CLAIMS"] = 0          # every project with a claim counts as large
    project_id, _article_id = one_claim(app)
    url = f"/projects/{project_id}/dashboard/"
    fresh = f"/projects/{project_id}/dashboard/freshness.json"
    browser.login("lena", PASSWORD)
    for _visit in range(2):      # the second visit does not queue a second count
        html = browser.get(url).get_data(as_text=True)
        assert "Counting the figures" in html and 'id="stat-claims"' not in html
        assert 'data-reload="1"' in html and 'data-freshness-url="' in html
    assert tasks.huey.pending_count() == 1
    assert 'id="worker-late"' not in html
    with app.app_context():   # no worker for three minutes: the page says it may not be running
        db.session.execute(update(DashboardSnapshot).values(
            refresh_requested_at=utcnow() - timedelta(minutes=3)))
        db.session.commit()
    html = browser.get(url).get_data(as_text=True)
    assert "Asked for 3 minutes ago and not ready yet" in html and "make worker" in html
    assert tasks.huey.pending_count() == 1          # and it does not queue another count yet
    assert browser.get(fresh).get_json() == {"stale": True}
    csv_answer = browser.get(f"/projects/{project_id}/dashboard/status.csv")
    assert csv_answer.status_code == 503 and csv_answer.headers["Retry-After"] == "30"
    assert "counting" in csv_answer.get_data(as_text=True)
    running = worker()
    wait_for(lambda: browser.get(fresh).get_json() == {"stale": False}, what="the first count",
             worker=running)
    assert claims_shown(browser, url) == (1, False)
    assert browser.get(f"/projects/{project_id}/dashboard/status.csv").status_code == 200


def test_the_worker_recounts_a_large_projects_dashboard(app, browser, worker):
    project_id, article_id = one_claim(app)
    url = f"/projects/{project_id}/dashboard/"
    fresh = f"/projects/{project_id}/dashboard/freshness.json"
    browser.login("lena", PASSWORD)
    assert claims_shown(browser, url) == (1, False)     # small: counted in the request
    app.config["DASHBOARD_SYNC_CLAIMS"] = 0             # now it counts as large
    mark_as(app, article_id, "lena", "the village of Hamrat")
    assert claims_shown(browser, url) == (1, True)      # queued: nothing was counted in the request
    assert browser.get(fresh).get_json() == {"stale": True}
    running = worker()
    wait_for(lambda: browser.get(fresh).get_json() == {"stale": False}, what="the recount",
             worker=running)
    assert claims_shown(browser, url) == (2, False)
