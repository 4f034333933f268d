"""Watching through the browser, on SQLite and PostgreSQL: the Watch / Stop watching button
(CSRF, roles), its state on the reading view, the project's watching settings (checked), a
new article imported from an address watched when the project says so, and changed and
removed pages in the queue of the assignee and the leads (not of other annotators)."""
import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, add_member, make_article, make_project, make_user
from tests.fetch.conftest import ALLOWED_HOST, serve  # noqa: F401 (the fixture)
from tests.revisions.watching import FIRST, SECOND, import_from, page, world
from webapp.extensions import db
from webapp.models import Article, Project, User
from webapp.models._time import utcnow
from webapp.models.revision import ArticleWatch
from webapp.revisions.provenance import correct_provenance
from webapp.services import assignments as assignment_service
from webapp.services.articles import Provenance


@pytest.fixture
def team(app):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena)
        for name, role in (("anna", "annotator"), ("vera", "viewer")):
            add_member(project, make_user(name), role)
        article = make_article(project, lena, "Thus far, 26 ISIS militants have been killed.")
        correct_provenance(article, lena, Provenance(title=article.title, url="http://example.org/story"))
        pasted = make_article(project, lena, "A pasted text without an address.", "Pasted")
        db.session.commit()
        return {"project": project.id, "article": article.id, "pasted": pasted.id}


def toggle(browser, team, action, article="article", csrf=True):
    base = f"/projects/{team['project']}/articles/{team[article]}"
    data = {"action": action}
    if not csrf:
        return browser.client.post(base + "/watch/", data=data)
    return browser.post(base + "/watch/", data, form_url=base)


def watched(app, article_id):
    with app.app_context():
        row = db.session.get(ArticleWatch, article_id)
        return bool(row and row.active)


def test_an_annotator_watches_and_stops_watching_from_the_reading_view(app, browser, team):
    browser.login("anna", PASSWORD)
    url = f"/projects/{team['project']}/articles/{team['article']}"
    assert 'value="watch"' in browser.get(url).get_data(as_text=True)
    response = toggle(browser, team, "watch")
    assert response.status_code == 302 and watched(app, team["article"])
    page_html = browser.get(url).get_data(as_text=True)
    assert "Stop watching" in page_html and "First check in 30 min" in page_html   # captured just now
    toggle(browser, team, "stop")
    assert not watched(app, team["article"])
    assert "Watching" not in browser.get(f"/projects/{team['project']}/articles/{team['pasted']}").get_data(as_text=True)
    toggle(browser, team, "watch", article="pasted")
    assert "from an address can be watched" in browser.get(url).get_data(as_text=True) and not watched(app, team["pasted"])


def test_the_toggle_needs_the_token_and_a_person_who_may_edit_the_article(app, browser, team):
    browser.login("anna", PASSWORD)
    assert toggle(browser, team, "watch", csrf=False).status_code == 400
    assert not watched(app, team["article"])
    with app.app_context():
        db.session.get(Project, team["project"]).annotators_edit_all = False
        db.session.commit()
    assert toggle(browser, team, "watch").status_code == 403        # not assigned to her
    browser.login("vera", PASSWORD)
    assert toggle(browser, team, "watch").status_code == 403        # a viewer
    assert "Stop watching" not in browser.get(
        f"/projects/{team['project']}/articles/{team['article']}").get_data(as_text=True)
    assert not watched(app, team["article"])


def settings(browser, team, **values):
    url = f"/projects/{team['project']}/settings"
    data = {"annotators_edit_all": "y", "watch_min_minutes": 30, "watch_max_minutes": 10080,
            "watch_per_minute": 30, "same_url_import": "revision", **values}
    return browser.post(url, {k: v for k, v in data.items() if v is not None})


def test_the_watching_settings_are_checked(app, browser, team):
    browser.login("lena", PASSWORD)
    response = settings(browser, team, watch_new="y", watch_min_minutes=60, watch_max_minutes=1440,
                        watch_per_minute=10, same_url_import="article")
    assert response.status_code == 302
    with app.app_context():
        p = db.session.get(Project, team["project"])
        assert (p.watch_new, p.watch_min_minutes, p.watch_max_minutes, p.watch_per_minute,
                p.same_url_import) == (True, 60, 1440, 10, "article")
    for bad, message in (({"watch_min_minutes": 600, "watch_max_minutes": 120}, "cannot be longer"),
                         ({"watch_min_minutes": 1}, "from 5 to 1,440"),
                         ({"watch_per_minute": 5000}, "from 1 to 1,000"),
                         ({"same_url_import": "merge"}, "Not a valid choice")):
        response = settings(browser, team, **bad)
        assert response.status_code == 422 and message in response.get_data(as_text=True), bad
    with app.app_context():
        assert db.session.get(Project, team["project"]).watch_min_minutes == 60   # unchanged
    assert settings(browser, team, watch_min_minutes=None, watch_max_minutes=None).status_code == 302
    browser.login("anna", PASSWORD)
    assert settings(browser, team).status_code == 403


def test_a_new_article_from_an_address_is_watched_when_the_project_says_so(app, browser, team, serve):  # noqa: F811
    app.config["FETCH_ALLOWED_NETWORKS"] = (ALLOWED_HOST,)
    server = serve({"/a": page(FIRST), "/b": page(SECOND)})
    browser.login("anna", PASSWORD)
    form = f"/projects/{team['project']}/fetches/new"
    browser.post(form, {"url": server.url("/a")}, form_url=form)
    with app.app_context():
        db.session.get(Project, team["project"]).watch_new = True
        db.session.commit()
    browser.post(form, {"url": server.url("/b")}, form_url=form)
    with app.app_context():
        by_url = {a.url: a.id for a in db.session.scalars(select(Article))}
        row = db.session.get(ArticleWatch, by_url[server.url("/b")])
        assert row.started_by_id == db.session.scalar(select(User.id).where(User.username == "anna"))
    assert watched(app, by_url[server.url("/b")]) and not watched(app, by_url[server.url("/a")])


def test_changed_and_removed_pages_wait_in_the_queue_of_the_assignee_and_the_leads(app, serve, browser):  # noqa: F811
    routes = {"/story": page(FIRST), "/gone": page(SECOND)}
    server = serve(routes)
    with app.app_context():
        project, lena, article = world(app, server)
        gone = import_from(server.url("/gone"), project, lena)
        anna = db.session.scalar(select(User).where(User.username == "anna"))
        assignment_service.assign_article(project, article, anna, lena)
        assignment_service.assign_article(project, gone, anna, lena)
        db.session.commit()
        ids = (project.id, article.id, gone.id)
    routes["/story"] = page(SECOND)
    del routes["/gone"]
    result = app.test_cli_runner().invoke(args=["check-revisions", str(ids[0]), "--all"])
    assert "New revisions: 1" in result.output and "Removed: 1" in result.output, result.output
    for name, sees in (("anna", True), ("lena", True), ("otto", False), ("vera", False)):
        browser.login(name, PASSWORD)
        queue = browser.get("/queue").get_data(as_text=True)
        assert ("changed in revision 2 on" in queue and "removed on" in queue) is sees, name
        browser.client.get("/logout")
    today = utcnow()
    browser.login("lena", PASSWORD)
    reading = browser.get(f"/projects/{ids[0]}/articles/{ids[2]}").get_data(as_text=True)
    assert f"on {today.day} {today:%b %Y}" in reading and 'value="watch"' in reading
    browser.login("otto", PASSWORD)
    browser.get(f"/projects/{ids[0]}/articles/{ids[1]}/revisions/diff?to=2")   # not his to clear
    browser.login("anna", PASSWORD)
    diff = f"/projects/{ids[0]}/articles/{ids[1]}/revisions/diff?to=2"
    assert f'href="{diff}"' in browser.get("/queue").get_data(as_text=True)
    browser.get(diff)
    queue = browser.get("/queue").get_data(as_text=True)
    assert "changed in revision 2" not in queue and "removed on" in queue
    browser.get(f"/projects/{ids[0]}/articles/{ids[2]}/revisions/")
    assert "Pages that changed" not in browser.get("/queue").get_data(as_text=True)
    with app.app_context():
        assert [a.attention for a in db.session.scalars(select(Article).order_by(Article.id))] == ["", ""]
