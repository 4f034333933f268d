"""A lead filters the dashboard, sees its charts drawn, opens a chart's drill-down (the list
shows exactly the claims behind the figure) and downloads the figure's numbers as CSV."""
import csv
import io
import os

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.helpers import sign_in
from tests.dashboard.data import add_articles, make_team
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models import Article, Claim, User
from webapp.services import claims

pytestmark = pytest.mark.browser
OUTLET = "Beta Post"


def _unreviewed_in(project_id: int) -> set[int]:
    return set(db.session.scalars(select(Claim.id).join(Article).where(
        Claim.project_id == project_id, Claim.deleted_at.is_(None), Claim.status == "unreviewed",
        (Article.site_name == OUTLET) | (Article.original_outlet == OUTLET))))


def test_a_lead_filters_the_dashboard_drills_down_and_exports(app, page, watch, tmp_path):
    with app.app_context():
        team = make_team()
        add_articles(team, 40, seed=7)
        project_id = team.project.id
        expected = _unreviewed_in(project_id)
    assert len(expected) > 3
    sign_in(page, "lena", PASSWORD)
    page.goto(f"/projects/{project_id}")
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Dashboard").click()
    page.get_by_label("Outlet (site or original outlet)").select_option(OUTLET)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"**/dashboard/?outlet=Beta+Post*")
    chart = page.locator("#chart-status")
    expect(chart).to_have_attribute("data-drawn", "1")
    expect(chart).to_have_attribute("role", "img")
    assert "Unreviewed" in chart.get_attribute("aria-label")
    if os.environ.get("DASHBOARD_SCREENSHOT"):
        page.screenshot(path=os.environ["DASHBOARD_SCREENSHOT"], full_page=True)
    figure = page.locator("#figure-status")
    figure.get_by_text("Numbers").click()
    row = figure.get_by_role("row").filter(has_text="Unreviewed")
    expect(row.get_by_role("link")).to_have_text(str(len(expected)))
    with page.expect_download() as download:
        figure.get_by_role("link", name="Download as CSV").click()
    path = tmp_path / "status.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["key", "label", "count"]
    assert ["unreviewed", "Unreviewed", str(len(expected))] in rows
    assert download.value.suggested_filename == f"claimtrail-project-{project_id}-status.csv"
    row.get_by_role("link").click()
    page.wait_for_url("**/claims/?*")
    listed = {int(i) for i in page.locator("#claim-list tbody tr[data-claim-id]").evaluate_all(
        "rows => rows.map(r => r.dataset.claimId)")}
    assert listed == expected
    expect(page.get_by_label("Status")).to_have_value("unreviewed")
    expect(page.get_by_label("Outlet (site or original outlet)")).to_have_value(OUTLET)
    assert watch.errors == [] and watch.csp_violations == []
    # The only resource that may fail is the favicon the app does not have (a 404 on every page).
    assert [m for m in watch.console if m.startswith("error") and "404" not in m] == []


def test_a_lead_sees_old_figures_marked_and_is_told_when_the_recount_is_ready(app, page, watch):
    app.config["DASHBOARD_SYNC_CLAIMS"] = 0        # counted as a large project: recounts in the worker
    with app.app_context():
        team = make_team()
        add_articles(team, 6, seed=11)
        project_id, lead_id = team.project.id, team.lead.id
        before = db.session.scalar(select(func.count(Claim.id)).where(
            Claim.project_id == project_id, Claim.deleted_at.is_(None)))
    sign_in(page, "lena", PASSWORD)
    page.goto(f"/projects/{project_id}/dashboard/")
    expect(page.locator("#stat-claims")).to_have_text(str(before))
    expect(page.locator("#counted")).to_contain_text("kept until the project changes")
    with app.app_context():
        claim = db.session.scalar(select(Claim).where(Claim.project_id == project_id,
                                                      Claim.deleted_at.is_(None)).limit(1))
        claims.delete_claim(claim, db.session.get(User, lead_id), claim.version, reason="Twice.")
        db.session.commit()
    page.goto(f"/projects/{project_id}/dashboard/")
    notice = page.locator("#counted")
    expect(notice).to_contain_text("has changed since these figures were counted")
    expect(page.locator("#stat-claims")).to_have_text(str(before))      # shown at once, marked old
    expect(notice).to_contain_text("The new count is ready", timeout=10_000)
    if os.environ.get("DASHBOARD_SCREENSHOT"):
        page.screenshot(path=os.environ["DASHBOARD_SCREENSHOT"].replace(".png", "-recount.png"))
    notice.get_by_role("link", name="Show it").click()
    expect(page.locator("#stat-claims")).to_have_text(str(before - 1))
    expect(page.locator("#counted")).to_contain_text("Counted just now")
    assert watch.errors == [] and watch.csp_violations == []


def test_a_large_projects_first_count_shows_progress_then_the_figures(app, page, watch):
    """No figures kept yet in a large project: the page answers at once with a progress bar,
    the worker counts, and the page shows the figures by itself when they are ready."""
    from tests.tasks.worker import Worker, real_queue
    app.config["DASHBOARD_SYNC_CLAIMS"] = 0        # counted as a large project
    with app.app_context():
        team = make_team()
        add_articles(team, 6, seed=5)
        project_id = team.project.id
        live = db.session.scalar(select(func.count(Claim.id)).where(
            Claim.project_id == project_id, Claim.deleted_at.is_(None)))
    with real_queue(app) as queue:
        sign_in(page, "lena", PASSWORD)
        page.goto(f"/projects/{project_id}/dashboard/")
        expect(page.get_by_role("heading", name="Counting the figures")).to_be_visible()
        expect(page.get_by_role("progressbar", name="Counting the figures")).to_be_visible()
        expect(page.get_by_label("Outlet (site or original outlet)")).to_be_visible()  # filters stay
        if os.environ.get("DASHBOARD_SCREENSHOT"):
            page.screenshot(path=os.environ["DASHBOARD_SCREENSHOT"].replace(".png", "-counting.png"))
        assert page.locator("#stat-claims").count() == 0
        worker = Worker(queue)
        try:
            expect(page.locator("#stat-claims")).to_have_text(str(live), timeout=20_000)
        finally:
            assert worker.stop() == 0, worker.output()
    expect(page.locator("#counted")).to_contain_text("kept until the project changes")
    assert watch.errors == [] and watch.csp_violations == []


def test_the_corroboration_figures_are_drawn_and_open_their_lists(app, page, watch):
    from tests.dashboard.test_corroboration import _project
    project_id = _project(app)
    sign_in(page, "lena", PASSWORD)
    page.goto(f"/projects/{project_id}/dashboard/")
    chart = page.locator("#chart-origins")
    expect(chart).to_have_attribute("data-drawn", "1")
    assert "One origin 3" in chart.get_attribute("aria-label")
    expect(page.locator("#stat-casualty-single")).to_have_text("33%")
    if os.environ.get("DASHBOARD_SCREENSHOT"):
        page.screenshot(path=os.environ["DASHBOARD_SCREENSHOT"], full_page=True)
    page.locator("#stat-grade-disagrees").click()
    page.wait_for_url("**/claims/?*grade_disagrees=1*")
    assert page.locator("#claim-list tbody tr[data-claim-id]").count() == 1
    assert watch.errors == [] and watch.csp_violations == []
