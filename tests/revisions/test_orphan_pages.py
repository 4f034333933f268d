"""The Orphans pages (issue 12, 3) on SQLite and PostgreSQL: the list, re-attaching with good and
bad offsets, findings shown on the claim, in its cluster and on the dashboard; viewers see but
cannot act, and an annotator acts only on the articles they may edit."""
import re

from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user
from webapp.corroboration import clusters
from webapp.extensions import db
from webapp.models import Claim, Project, User
from webapp.revisions import store
from webapp.services import assignments as assignment_service

from .test_orphans import BREAD, FIGURE, FLOUR, ROAD, THIRD
from .test_store import FIRST

OTHER = "Aid groups said 26 ISIS militants have been killed and dozens more injured near Tabqa."


def _world(app, annotators_edit_all=True):
    with app.app_context():
        lena, vera, anna = make_user("lena"), make_user("vera"), make_user("anna")
        project = make_project(lena)
        add_member(project, vera, "viewer")
        add_member(project, anna, "annotator")
        article = make_article(project, lena, FIRST.replace("Residents", "Residents <b>x</b>"),
                               title="Tabqa <i>report</i>")
        ids = [make_claim(article, lena, q, kind="casualty_figure").id
               for q in (FIGURE, BREAD.replace("Residents", "Residents <b>x</b>"), ROAD)]
        other = make_article(project, lena, OTHER, title="Second report")
        clusters.link(db.session.get(Claim, ids[0]), make_claim(other, lena, FIGURE), lena)
        store.add_revision(article, THIRD, lena, "upload")
        if not annotators_edit_all:
            assignment_service.update_settings(db.session.get(Project, project.id), False, False)
        db.session.commit()
        return project.id, article.id, ids


def _as(app, username) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def _claim(app, claim_id):
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        db.session.expunge(claim)
        return claim


def test_the_list_shows_each_orphan_with_its_words_and_its_actions(app):
    project_id, article_id, (figure, bread, road) = _world(app)
    page = _as(app, "lena").get(f"/projects/{project_id}/orphans/").get_data(as_text=True)
    assert 'id="orphans-total">2<' in page
    assert "Orphaned in revision 2" in page and "Changed in revision 2" in page
    assert "<del>26</del> → <ins>23</ins>" in page
    assert "Residents &lt;b&gt;x&lt;/b&gt; described" in page and "<b>x</b>" not in page
    assert "Tabqa &lt;i&gt;report&lt;/i&gt;" in page
    assert f"/orphans/{bread}/reattach" in page and "Record: removed in revision 2" in page
    assert "Record: changed in revision 2" in page
    viewer = _as(app, "vera").get(f"/projects/{project_id}/orphans/").get_data(as_text=True)
    assert 'id="orphans-total">2<' in viewer and "/reattach" not in viewer and "Record:" not in viewer
    reading = _as(app, "lena").get(f"/projects/{project_id}/articles/{article_id}").get_data(as_text=True)
    assert f'/projects/{project_id}/orphans/?article={article_id}' in reading and "2 left" in reading


def test_reattaching_with_good_offsets_moves_the_claim_and_the_article_has_none_left(app):
    project_id, article_id, (figure, bread, road) = _world(app)
    lena = _as(app, "lena")
    url = f"/projects/{project_id}/orphans/{bread}/reattach"
    page = lena.get(url).get_data(as_text=True)
    assert 'id="article-text"' in page and FLOUR in page and "Re-attach here" in page
    start = THIRD.index(FLOUR)
    version = _claim(app, bread).version
    response = lena.post(url, {"start": start, "end": start + len(FLOUR), "number": 2,
                               "version": version, "reason": "reworded"}, form_url=url)
    assert response.status_code == 302 and f"orphans/?article={article_id}" in response.headers["Location"]
    claim = _claim(app, bread)
    assert (claim.quote, claim.revision, claim.anchor_state) == (FLOUR, 2, "reattached")
    figure_url = f"/projects/{project_id}/orphans/{figure}/finding"
    lena.post(figure_url, {"finding": "changed", "number": 2, "version": _claim(app, figure).version,
                           "article": article_id}, form_url=f"/projects/{project_id}/orphans/")
    listing = lena.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="orphans-total">0<' in listing and "all of this article's orphaned and changed claims are resolved" in listing
    reading = lena.get(f"/projects/{project_id}/articles/{article_id}").get_data(as_text=True)
    marks = " ".join(re.findall(r'data-claims="([\d ]+)"', reading))
    assert str(bread) in marks.split()


def test_bad_offsets_and_a_stale_page_are_refused_with_a_clear_message(app):
    project_id, article_id, (figure, bread, road) = _world(app)
    lena = _as(app, "lena")
    url = f"/projects/{project_id}/orphans/{bread}/reattach"
    version = _claim(app, bread).version
    for data, status, words in (
            ({"start": 5, "end": 10**6, "number": 2, "version": version}, 400, "is not a span of this revision"),
            ({"start": "", "end": "", "number": 2, "version": version}, 400, "Select the claim&#39;s words"),
            ({"start": 0, "end": 6, "number": 1, "version": version}, 400, "newer revision"),
            ({"start": 0, "end": 6, "number": 2, "version": version - 1}, 409, "changed by someone else")):
        response = lena.post(url, data, form_url=url)
        assert response.status_code == status, data
        assert words in response.get_data(as_text=True)
        assert "Traceback" not in response.get_data(as_text=True)
    assert _claim(app, bread).anchor_state == "orphaned"


def test_a_finding_shows_on_the_claim_in_its_cluster_and_on_the_dashboard(app):
    project_id, article_id, (figure, bread, road) = _world(app)
    lena = _as(app, "lena")
    listing = f"/projects/{project_id}/orphans/"
    for claim_id, finding in ((bread, "removed"), (figure, "changed")):
        response = lena.post(f"{listing}{claim_id}/finding", {
            "finding": finding, "number": 2, "version": _claim(app, claim_id).version}, form_url=listing)
        assert response.status_code == 302
    page = lena.get(f"/projects/{project_id}/claims/{bread}").get_data(as_text=True)
    assert "Removed in revision 2 on " in page and "Re-attach the claim" in page
    page = lena.get(f"/projects/{project_id}/claims/{figure}").get_data(as_text=True)
    assert "Changed in revision 2: “26” became “23”" in page
    with app.app_context():
        cluster_id = clusters.cluster_of(figure).id
    cluster = lena.get(f"/projects/{project_id}/clusters/{cluster_id}").get_data(as_text=True)
    assert "Changed by the outlet in revision 2" in cluster
    dashboard = lena.get(f"/projects/{project_id}/dashboard/").get_data(as_text=True)
    assert 'id="stat-removed">1<' in dashboard and 'id="stat-changed">1<' in dashboard
    assert "The outlet removed a casualty figure on " in dashboard
    assert "The outlet changed a casualty figure on " in dashboard


def test_viewers_cannot_act_and_annotators_only_on_articles_they_may_edit(app):
    project_id, article_id, (figure, bread, road) = _world(app, annotators_edit_all=False)
    url = f"/projects/{project_id}/orphans/{bread}"
    data = {"finding": "removed", "number": 2, "version": 1}
    vera = _as(app, "vera")
    assert vera.get(f"{url}/reattach").status_code == 403
    assert vera.post(f"{url}/finding", data, form_url=f"/projects/{project_id}/orphans/").status_code == 403
    anna = _as(app, "anna")
    listing = anna.get(f"/projects/{project_id}/orphans/").get_data(as_text=True)
    assert 'id="orphans-total">2<' in listing and "/reattach" not in listing
    assert anna.get(f"{url}/reattach").status_code == 403
    assert anna.post(f"{url}/finding", data, form_url=f"/projects/{project_id}/orphans/").status_code == 403
    assert anna.post(f"{url}/reattach", {"start": 0, "end": 6, "number": 2, "version": 1},
                     form_url=f"/projects/{project_id}/orphans/").status_code == 403
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User))}
        assignment_service.assign_article(db.session.get(Project, project_id),
                                          db.session.get(Claim, bread).article, users["anna"], users["lena"])
        db.session.commit()
    assert anna.get(f"{url}/reattach").status_code == 200
    assert _claim(app, bread).anchor_finding == ""


def test_a_claim_with_nothing_to_resolve_goes_back_to_its_page(app):
    project_id, article_id, (figure, bread, road) = _world(app)
    response = _as(app, "lena").get(f"/projects/{project_id}/orphans/{road}/reattach")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/claims/{road}")


def test_the_list_reads_a_page_in_the_same_number_of_queries_whatever_it_holds(app):
    from tests.dashboard.test_query_count import counting
    project_id, article_id, _ids = _world(app)
    lena = _as(app, "lena")

    def statements() -> int:
        with app.app_context():
            engine = db.engine
        with counting(engine) as seen:
            assert lena.get(f"/projects/{project_id}/orphans/").status_code == 200
        return len(seen)

    few = statements()
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User))}
        project = db.session.get(Project, project_id)
        for n in range(3):
            article = make_article(project, users["lena"], FIRST.replace("Thus far", f"Report {n}"))
            make_claim(article, users["lena"], BREAD)
            store.add_revision(article, THIRD, users["lena"], "upload")
        db.session.commit()
    assert _as(app, "lena").get(f"/projects/{project_id}/orphans/").get_data(as_text=True).count('data-orphan ') == 5
    assert statements() == few
