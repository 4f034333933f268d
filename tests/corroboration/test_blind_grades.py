"""A cluster's grade in blind double review (issue 11): a reviewer who may not see every report
of a cluster is shown the grade, reason and counts of the reports they may see — in the API,
on the cluster, clusters and claim pages, in the claim list's filters, the dashboard and the
exports — never the stored ones, which would tell them what the other reviewer marked. A lead
sees the stored grade; so does the reviewer once the blind phase is over."""
import re
from datetime import date

from tests.api.conftest import make_token
from tests.conftest import Browser
from tests.double_review_data import finish, team
from tests.exports.helpers import csv_rows
from tests.factories import PASSWORD, make_claim
from webapp.corroboration import clusters
from webapp.extensions import db
from webapp.models import Article, User
from webapp.services import articles as article_service
from webapp.services import dashboard
from webapp.services import double_review
from webapp.services.claim_filters import ClaimFilters

REPORTS = [  # (outlet, text, quote, figure): two independent origins whose figures agree
    ("ANHA", "Thus far, 26 ISIS militants have been killed in western Raqqa, the SDF said.",
     "26 ISIS militants have been killed", "26 killed"),
    ("SOHR", "The Observatory counted 27 ISIS militants killed in western Raqqa on Thursday.",
     "27 ISIS militants killed", "27 killed"),
]


def blind_world(app) -> dict:
    """Two articles under blind double review by anna and omar; anna marked a report in the
    first, omar one in the second; the lead linked them: stored "corroborated", two origins."""
    with app.app_context():
        project, lena, anna, omar, _vera = team()
        articles = []
        for n, (outlet, text, _quote, _figure) in enumerate(REPORTS):
            articles.append(article_service.import_text(project.id, lena, text, article_service.Provenance(
                title=f"{outlet} report", site_name=outlet, published_on=date(2017, 5, 11 + n))))
        db.session.commit()
        double_review.set_up_double_review(project.id, lena, "lead", [anna.id, omar.id],
                                           [a.id for a in articles])
        db.session.commit()
        mine, theirs = (make_claim(article, who, quote, kind="casualty_figure",
                                   structured_figures=[{"text": figure}])
                        for article, who, (_o, _t, quote, figure) in zip(articles, (anna, omar), REPORTS))
        cluster = clusters.link(mine, theirs, lena)
        db.session.commit()
        assert (cluster.grade, cluster.reports, cluster.origins) == ("corroborated", 2, 2)
        return {"project": project.id, "cluster": cluster.id, "mine": mine.id, "theirs": theirs.id,
                "articles": [a.id for a in articles],
                "tokens": {u.username: make_token(u) for u in (lena, anna)}}


def _as(app, username) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def _api_cluster(app, w, username) -> dict:
    response = app.test_client().get(f"/api/v1/projects/{w['project']}/clusters/{w['cluster']}",
                                     headers={"Authorization": f"Bearer {w['tokens'][username]}"})
    assert response.status_code == 200
    return response.get_json()


def _api_annotation_cluster(app, w, username) -> dict:
    url = (f"/api/v1/projects/{w['project']}/articles/{w['articles'][0]}/annotations/"
           f"{w['mine']}")
    response = app.test_client().get(url, headers={"Authorization": f"Bearer {w['tokens'][username]}"})
    assert response.status_code == 200
    return response.get_json()["claimtrail:cluster"]


def test_the_api_grades_what_the_reviewer_may_see_and_the_lead_sees_the_stored_grade(app):
    w = blind_world(app)
    anna = _api_cluster(app, w, "anna")
    assert (anna["grade"], anna["reports"], anna["origins"]) == ("single_origin", 1, 1)
    assert anna["grade_label"] == "Single origin" and "one origin" in anna["grade_reason"]
    assert [i["claim_id"] for i in anna["items"]] == [w["mine"]]
    assert anna["range"]["killed · unknown"]["max"] == 26          # not omar's 27
    ref = _api_annotation_cluster(app, w, "anna")
    assert (ref["grade"], ref["reports"], ref["origins"]) == ("single_origin", 1, 1)
    lena = _api_cluster(app, w, "lena")
    assert (lena["grade"], lena["reports"], lena["origins"]) == ("corroborated", 2, 2)
    assert _api_annotation_cluster(app, w, "lena")["grade"] == "corroborated"
    with app.app_context():
        for article_id in w["articles"]:
            finish(db.session.get(Article, article_id))
    after = _api_cluster(app, w, "anna")                      # the blind phase is over
    assert (after["grade"], after["reports"], after["origins"]) == ("corroborated", 2, 2)


def _list_row(page: str, cluster_id: int) -> str:
    match = re.search(rf'cluster_id=.*?>#{cluster_id}</a>.*?</tr>|/clusters/{cluster_id}">#{cluster_id}</a>.*?</tr>',
                      page, re.S)
    assert match, page[:2000]
    return match.group(0)


def test_the_cluster_pages_grade_what_the_reviewer_may_see(app):
    w = blind_world(app)
    base = f"/projects/{w['project']}"
    anna, lena = _as(app, "anna"), _as(app, "lena")
    listed = anna.get(f"{base}/clusters/").get_data(as_text=True)
    row = _list_row(listed, w["cluster"])
    assert "grade-single_origin" in row and re.findall(r'<td class="num">(\d+)</td>', row) == ["1", "1"]
    assert "Corroborated (0)" in listed and "Single origin (1)" in listed
    assert f"#{w['cluster']}<" not in anna.get(f"{base}/clusters/?grade=corroborated").get_data(as_text=True)
    assert f"#{w['cluster']}<" in anna.get(f"{base}/clusters/?grade=single_origin").get_data(as_text=True)
    leads = lena.get(f"{base}/clusters/").get_data(as_text=True)
    row = _list_row(leads, w["cluster"])
    assert "grade-corroborated" in row and re.findall(r'<td class="num">(\d+)</td>', row) == ["2", "2"]
    assert "Corroborated (1)" in leads
    assert "No clusters" in _as(app, "vera").get(f"{base}/clusters/").get_data(as_text=True)  # sees none of it
    shown = anna.get(f"{base}/clusters/{w['cluster']}").get_data(as_text=True)
    assert "Grade: Single origin" in shown and "<dt>Reports</dt><dd>1</dd>" in shown
    claim_page = anna.get(f"{base}/claims/{w['mine']}").get_data(as_text=True)
    panel = claim_page[claim_page.index('id="reports"'):]
    assert "grade-single_origin" in panel and "<strong>1</strong> independent origin." in panel
    assert "grade-corroborated" not in panel
    lead_panel = lena.get(f"{base}/claims/{w['mine']}").get_data(as_text=True)
    assert "<strong>2</strong> independent origins." in lead_panel


def _listed(browser, w, **args) -> set[int]:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    page = browser.get(f"/projects/{w['project']}/claims/?{query}").get_data(as_text=True)
    return {int(i) for i in re.findall(r'data-claim-id="(\d+)"', page)}


def test_the_claim_list_the_dashboard_and_the_exports_use_what_the_reviewer_may_see(app):
    w = blind_world(app)
    anna, lena = _as(app, "anna"), _as(app, "lena")
    assert _listed(anna, w, cluster_grade="corroborated") == set()
    assert _listed(anna, w, cluster_grade="single_origin") == {w["mine"]}
    assert _listed(anna, w, origins="2") == set() and _listed(anna, w, origins="1") == {w["mine"]}
    assert _listed(lena, w, cluster_grade="corroborated") == {w["mine"], w["theirs"]}
    assert _listed(lena, w, origins="2") == {w["mine"], w["theirs"]}
    with app.app_context():
        people = {u.username: u for u in db.session.scalars(db.select(User))}
        for who, role, origins in (("anna", "annotator", {"1": 1, "2": 0}),
                                   ("lena", "lead", {"1": 0, "2": 2})):
            figures = dashboard.fetch_dashboard(w["project"], people[who], role, ClaimFilters(), None, {})
            assert {r.key: r.count for r in figures.tables["origins"] if r.key in origins} == origins
    exported = {int(r["claim_id"]): r for r in csv_rows(anna.get(f"/projects/{w['project']}/export/claims.csv"))}
    assert list(exported) == [w["mine"]]
    row = exported[w["mine"]]
    assert (row["cluster_grade"], row["cluster_reports"], row["cluster_origins"]) == ("single_origin", "1", "1")
    filtered = csv_rows(anna.get(f"/projects/{w['project']}/export/claims.csv?cluster_grade=corroborated"))
    assert filtered == []
    leads = {int(r["claim_id"]): r for r in csv_rows(lena.get(f"/projects/{w['project']}/export/claims.csv"))}
    assert (leads[w["mine"]]["cluster_grade"], leads[w["mine"]]["cluster_origins"]) == ("corroborated", "2")
