"""The revision pages (issue 12, 1) on SQLite and PostgreSQL: a person who may edit the article
records a new version, sees what changed word by word, reads the latest revision with its
claims where they moved to and the orphan aside, and reads the first revision as it was;
viewers see the revisions but cannot add one."""
import re

from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.models import ArticleEvent, Claim

from .test_store import FIRST, SECOND


def _world(app):
    with app.app_context():
        lena, vera = make_user("lena"), make_user("vera")
        project = make_project(lena)
        add_member(project, vera, "viewer")
        article = make_article(project, lena, FIRST)
        ids = [make_claim(article, lena, q).id for q in (
            "26 ISIS militants have been killed and dozens more injured",
            "Residents described long queues for bread", "The road to Tabqa remains closed")]
        return project.id, article.id, ids


def _as(app, username) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def test_a_new_version_is_recorded_and_its_changes_shown(app):
    project_id, article_id, (figure, bread, road) = _world(app)
    lena = _as(app, "lena")
    url = f"/projects/{project_id}/articles/{article_id}/revisions/"
    response = lena.post(url, {"text": SECOND.replace("\n", "\r\n")}, form_url=url)
    assert response.status_code == 302 and "/revisions/diff?to=2" in response.headers["Location"]
    page = lena.get(response.headers["Location"]).get_data(as_text=True)
    assert "Revision 2 recorded. Claims: 1 moved, 1 changed, 1 orphaned." in page
    assert "<del>26</del><ins>23</ins>" in page
    assert "<del>Residents described long queues for bread. </del>" in page
    assert "<ins>Update: the monitor revised its account. </ins>" in page
    latest = lena.get(f"/projects/{project_id}/articles/{article_id}").get_data(as_text=True)
    assert "Revision</dt><dd>2 of 2" in latest and "Not in this revision" in latest
    marks = re.findall(r'data-claims="([\d ]+)"', latest)
    assert str(bread) not in " ".join(marks) and str(road) in " ".join(marks)
    first = lena.get(f"{url}1").get_data(as_text=True)
    assert "You are reading revision 1 of 2" in first and "Residents described long queues" in first
    assert str(bread) in " ".join(re.findall(r'data-claims="([\d ]+)"', first))
    assert 'id="claim-form"' not in first                      # new claims go on the latest
    listing = lena.get(url).get_data(as_text=True)
    assert "uploaded by a person" in listing and "1 orphaned" in listing
    with app.app_context():
        event = db.session.scalar(select(ArticleEvent).where(ArticleEvent.action == "revision_added"))
        assert event.changes["revision"] == [1, 2]
        assert db.session.get(Claim, figure).quote.startswith("23 ISIS")


def test_the_same_text_again_makes_no_revision_and_says_so(app):
    project_id, article_id, _ids = _world(app)
    lena = _as(app, "lena")
    url = f"/projects/{project_id}/articles/{article_id}/revisions/"
    page = lena.post(url, {"text": FIRST}, form_url=url, follow_redirects=True).get_data(as_text=True)
    assert "That is the latest revision&#39;s text already" in page


def test_an_empty_version_is_refused_with_a_clear_error(app):
    project_id, article_id, _ids = _world(app)
    lena = _as(app, "lena")
    url = f"/projects/{project_id}/articles/{article_id}/revisions/"
    response = lena.post(url, {"text": "  "}, form_url=url)
    assert response.status_code == 400
    assert "Paste the new version" in response.get_data(as_text=True)


def test_viewers_read_revisions_but_cannot_add_one(app):
    project_id, article_id, _ids = _world(app)
    vera = _as(app, "vera")
    url = f"/projects/{project_id}/articles/{article_id}/revisions/"
    page = vera.get(url).get_data(as_text=True)
    assert "1 revision" in page and "Record a new version" not in page
    assert vera.post(url, {"text": SECOND}, form_url=url).status_code == 403
    assert vera.get(f"{url}7").status_code == 404
