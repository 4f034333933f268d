"""Kept dashboard figures: current on small projects, shown with their time and counted again in
the background on large ones, and never out of date without saying so."""
from datetime import timedelta

from sqlalchemy import update

from tests.dashboard.data import claims_shown
from tests.double_review_data import double, finish, mark, mark_as, one_claim, team
from tests.factories import PASSWORD, make_article, make_user
from webapp.models._time import utcnow


def test_the_data_version_moves_with_every_change_a_figure_counts(app):
    with app.app_context():
        from webapp.extensions import db
        from webapp.services import claims as claim_service
        from webapp.services import sources
        from webapp.services.dashboard_snapshots import data_version
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        seen = [data_version(project.id)]

        def changed():
            db.session.commit()
            seen.append(data_version(project.id))
            assert seen[-1] != seen[-2]

        claim = mark(article, anna, "26 ISIS militants")
        changed()
        claim_service.update_claim(claim, lena, {"status": "unverifiable", "rationale": "No other account."},
                                   claim.version)
        changed()
        finish(article, anna)                          # an assignment done: the blind phase moves
        changed()
        source = sources.create_source(project.id, lena, "Hawar News Agency")
        changed_before = data_version(project.id)
        sources.grade_source(source, lena, "B", "Usually reliable on casualty figures.")
        db.session.commit()
        assert data_version(project.id) != changed_before
        make_article(project, lena, "A second report about Tabqa.", title="Second")
        changed()
        claim_service.delete_claim(claim, lena, claim.version, reason="Duplicate.")
        changed()
        from webapp.models import Article, ArticleCopy   # a copy found by find-copies
        second = db.session.scalar(db.select(Article).where(Article.title == "Second"))
        db.session.add(ArticleCopy(project_id=project.id, original_id=article.id,
                                   copy_id=second.id, share=0.9))
        changed()
        assert data_version(project.id) == seen[-1]     # nothing changed: same version


def test_a_small_project_is_counted_again_at_once_after_a_change(app, browser):
    project_id, article_id = one_claim(app, by="anna")
    url = f"/projects/{project_id}/dashboard/"
    browser.login("lena", PASSWORD)
    assert claims_shown(browser, url) == (1, False)
    mark_as(app, article_id, "lena", "the village of Hamrat")
    assert claims_shown(browser, url) == (2, False)
    assert "Counted just now" in browser.get(url).get_data(as_text=True)


def test_a_large_project_shows_the_last_count_while_the_worker_counts_again(app, browser):
    app.config["DASHBOARD_SYNC_CLAIMS"] = 0          # every project counts as large
    project_id, article_id = one_claim(app)
    url = f"/projects/{project_id}/dashboard/?outlet=&reviewer="
    fresh = f"/projects/{project_id}/dashboard/freshness.json"
    browser.login("lena", PASSWORD)
    assert claims_shown(browser, url) == (1, False)    # no figures kept yet: the worker counts
    #                                                    them (at once in the tests)
    assert browser.get(fresh).get_json() == {"stale": False}

    def recount_asked(when):
        with app.app_context():
            from webapp.extensions import db
            from webapp.models import DashboardSnapshot
            db.session.execute(update(DashboardSnapshot).values(refresh_requested_at=when))
            db.session.commit()

    mark_as(app, article_id, "lena", "the village of Hamrat")
    # A recount already asked for by another visit: the page says the figures are old and
    # does not queue a second one.
    recount_asked(utcnow())
    assert browser.get(fresh).get_json() == {"stale": True}
    assert claims_shown(browser, url) == (1, True)
    assert claims_shown(browser, url) == (1, True)
    # A recount asked for long ago died with its worker: the next visit asks again, and the
    # worker (run at once in the tests) counts; the visit after shows the new count.
    recount_asked(utcnow() - timedelta(hours=1))
    assert claims_shown(browser, url) == (1, True)
    assert browser.get(fresh).get_json() == {"stale": False}
    assert claims_shown(browser, url) == (2, False)
    html = browser.get(url).get_data(as_text=True)
    assert 'data-freshness-url' not in html and "kept until the project changes" in html


def test_kept_figures_are_per_person_under_blind_review(app, browser):
    app.config["DASHBOARD_SYNC_CLAIMS"] = 0
    with app.app_context():
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        mark(article, anna, "26 ISIS militants")
        mark(article, omar, "the village of Hamrat")
        project_id = project.id
    url = f"/projects/{project_id}/dashboard/"
    for username, expected in (("lena", 2), ("anna", 1), ("omar", 1), ("vera", 0), ("lena", 2)):
        browser.login(username, PASSWORD)
        assert claims_shown(browser, url) == (expected, False), username
        browser.post("/logout", form_url=url)


def test_a_renamed_list_value_shows_its_new_label_on_kept_figures(app, browser):
    app.config["DASHBOARD_SYNC_CLAIMS"] = 0
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import ListItem
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        mark(article, lena, "26 ISIS militants", source_type="combatant")
        project_id = project.id
    csv_url = f"/projects/{project_id}/dashboard/source_type.csv"
    browser.login("lena", PASSWORD)
    assert "combatant,Individual combatant,1" in browser.get(csv_url).get_data(as_text=True)
    with app.app_context():
        db.session.execute(update(ListItem).where(ListItem.project_id == project_id,
                                                  ListItem.key == "combatant")
                           .values(label="Fighter in the ranks"))
        db.session.commit()
    assert "combatant,Fighter in the ranks,1" in browser.get(csv_url).get_data(as_text=True)


def test_an_admin_outside_the_project_gets_a_large_projects_figures(app, browser):
    """Admins act as leads in every project: the worker counts for them as for a lead (it
    used to look for a membership, find none and count nothing, so the page waited forever)."""
    app.config["DASHBOARD_SYNC_CLAIMS"] = 0
    project_id, _article_id = one_claim(app)
    with app.app_context():
        make_user("ada", admin=True)
    browser.login("ada", PASSWORD)
    url = f"/projects/{project_id}/dashboard/"
    assert claims_shown(browser, url) == (1, False)
    assert browser.get(f"/projects/{project_id}/dashboard/freshness.json").get_json() == {"stale": False}
