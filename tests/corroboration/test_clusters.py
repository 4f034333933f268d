"""Claim clusters (issue 11, 4–5) at the request level: a suggested report linked from the
claim page with one button, the cluster page with its reports, independent origins and why
reports collapse, the grade recomputed when a report changes, unlink, merge, split and
admission as events in each claim's trail, and who may do what."""
import re
from datetime import date, timedelta

from sqlalchemy import select

from tests.conftest import Browser
import pytest

from tests.factories import PASSWORD, add_member, make_claim, make_project, make_user, other_origin
from webapp.services.errors import Invalid
from webapp.extensions import db
from webapp.models import Claim, ClaimCluster, ClaimEvent, ClusterMember
from webapp.services import articles as article_service
from webapp.services import claims as claim_service

REPORTS = [  # (outlet, text, quote)
    ("ANHA", "Thus far, 26 ISIS militants have been killed in western Raqqa, the SDF said.",
     "26 ISIS militants have been killed in western Raqqa"),
    ("SOHR", "The Observatory counted 26 ISIS militants killed in western Raqqa on Thursday.",
     "26 ISIS militants killed in western Raqqa"),
    ("Hawar", "Elsewhere, the price of bread rose again in Qamishli markets this week.",
     "the price of bread rose again"),
    ("ANHA", "ANHA later repeated that 26 ISIS militants had been killed in western Raqqa.",
     "26 ISIS militants had been killed in western Raqqa"),
]


def _world(app):
    with app.app_context():
        lena, anna, vera = make_user("lena"), make_user("anna"), make_user("vera")
        project = make_project(lena)
        add_member(project, anna, "annotator")
        add_member(project, vera, "viewer")
        ids = []
        for n, (outlet, text, quote) in enumerate(REPORTS):
            article = article_service.import_text(project.id, lena, text, article_service.Provenance(
                title=f"Report {n}", site_name=outlet, published_on=date(2017, 5, 11 + n % 2)))
            db.session.commit()
            ids.append(make_claim(article, lena, quote, kind="casualty_figure").id)
        return project.id, ids


def _as(app, username) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def _claim_page(browser, project_id, claim_id) -> str:
    return browser.get(f"/projects/{project_id}/claims/{claim_id}").get_data(as_text=True)


def _link(browser, project_id, claim_id, other_id):
    url = f"/projects/{project_id}/claims/{claim_id}"
    return browser.post(f"{url}/link", {"other_claim_id": other_id}, form_url=url)


def _actions(app, claim_id) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(ClaimEvent.action).where(
            ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.id)))


def test_the_claim_page_suggests_reports_of_the_same_claim_and_links_one(app):
    project_id, (anha, sohr, bread, again) = _world(app)
    anna = _as(app, "anna")
    page = _claim_page(anna, project_id, anha)
    suggested = re.findall(r'name="other_claim_id" value="(\d+)"', page)
    assert suggested[:2] == [str(again), str(sohr)] or set(suggested[:2]) == {str(again), str(sohr)}
    assert str(bread) not in suggested                  # nothing in common but the kind
    assert 'data-link-key="1"' in page and "words in common" in page
    response = _link(anna, project_id, anha, sohr)
    assert response.status_code == 302 and response.headers["Location"].endswith("#reports")
    page = _claim_page(anna, project_id, anha)
    assert "Linked: the cluster now holds 2 reports from 2 independent origins." in page
    assert "Corroborated" in page and f'name="other_claim_id" value="{sohr}"' not in page  # a member: no suggestion
    assert _actions(app, anha)[-1] == _actions(app, sohr)[-1] == "cluster_linked"
    with app.app_context():
        cluster = db.session.scalar(select(ClaimCluster))
        assert (cluster.grade, cluster.reports, cluster.origins) == ("corroborated", 2, 2)


def test_the_cluster_page_shows_reports_origins_and_why_they_collapse(app):
    project_id, (anha, sohr, _bread, again) = _world(app)
    lena = _as(app, "lena")
    _link(lena, project_id, anha, sohr)
    _link(lena, project_id, again, anha)
    with app.app_context():
        cluster_id = db.session.scalar(select(ClaimCluster.id))
    page = lena.get(f"/projects/{project_id}/clusters/{cluster_id}").get_data(as_text=True)
    assert page.count('id="report-') == 3
    assert "Independent origins</dt><dd><strong>2</strong>" in page
    assert "Counted as one: same outlet: ANHA" in page
    assert "Grade: Corroborated" in page
    listing = lena.get(f"/projects/{project_id}/clusters/?grade=corroborated").get_data(as_text=True)
    assert f"/clusters/{cluster_id}" in listing and "Corroborated (1)" in listing
    assert lena.get(f"/projects/{project_id}/clusters/?grade=weird").status_code == 400


def test_a_report_that_changes_recomputes_the_grade(app):
    project_id, (anha, sohr, _bread, _again) = _world(app)
    _link(_as(app, "lena"), project_id, anha, sohr)
    with app.app_context():
        lena = db.session.get(Claim, anha).created_by
        for claim_id, status in ((anha, "confirmed"), (sohr, "false")):
            claim = db.session.get(Claim, claim_id)
            claim_service.update_claim(claim, lena, {"status": status, "rationale": "checked"},
                                       claim.version, new_evidence={"stance": "supports",
                                                                    "url": "https://example.org/x"})
            db.session.commit()
        cluster = db.session.scalar(select(ClaimCluster))
        assert cluster.grade == "contested" and "verdicts conflict" in cluster.grade_reason


def test_unlink_merge_and_split_are_events_on_each_claim(app):
    project_id, (anha, sohr, bread, again) = _world(app)
    lena = _as(app, "lena")
    _link(lena, project_id, anha, sohr)
    _link(lena, project_id, bread, again)
    _link(lena, project_id, sohr, again)                 # both in clusters: merged into the older
    with app.app_context():
        clusters = list(db.session.scalars(select(ClaimCluster)))
        assert len(clusters) == 1 and clusters[0].reports == 4
        cluster_id = clusters[0].id
    assert _actions(app, bread)[-2:] == ["cluster_linked", "cluster_merged"]
    url = f"/projects/{project_id}/clusters/{cluster_id}"
    lena.post(f"{url}/split", {"claim_id": [str(bread), str(again)], "reason": "Not the same"},
              form_url=url)
    with app.app_context():
        members = dict(db.session.execute(select(ClusterMember.claim_id, ClusterMember.cluster_id)).all())
        assert members[anha] == members[sohr] == cluster_id and members[bread] == members[again] != cluster_id
    assert _actions(app, again)[-1] == "cluster_split"
    claim_url = f"/projects/{project_id}/claims/{anha}"
    lena.post(f"{claim_url}/unlink", {}, form_url=claim_url)   # the cluster is left with one: it ends
    with app.app_context():
        assert db.session.get(ClaimCluster, cluster_id) is None
        assert db.session.get(ClusterMember, sohr) is None
    assert _actions(app, anha)[-1] == _actions(app, sohr)[-1] == "cluster_unlinked"


def test_an_admission_grades_the_cluster_admitted(app):
    project_id, (anha, sohr, _bread, _again) = _world(app)
    lena = _as(app, "lena")
    _link(lena, project_id, anha, sohr)
    url = f"/projects/{project_id}/claims/{sohr}"
    lena.post(f"{url}/admission", {"admission": "1"}, form_url=url)
    with app.app_context():
        assert db.session.scalar(select(ClaimCluster.grade)) == "admitted"
    assert _actions(app, sohr)[-1] == "admission_marked"


def test_a_confirmed_claim_on_a_single_origin_shows_the_disagreement(app):
    project_id, (anha, _sohr, _bread, again) = _world(app)
    lena = _as(app, "lena")
    _link(lena, project_id, anha, again)                 # both ANHA: one origin
    with app.app_context():
        claim = db.session.get(Claim, anha)
        # Evidence with no recorded origin does not corroborate: refused.
        with pytest.raises(Invalid, match="rests on ANHA"):
            claim_service.update_claim(claim, claim.created_by, {"status": "confirmed", "rationale": "x"},
                                       claim.version, new_evidence={"stance": "supports",
                                                                    "url": "https://example.org/y"})
        db.session.rollback()
        claim = db.session.get(Claim, anha)
        claim_service.update_claim(claim, claim.created_by, {"status": "confirmed", "rationale": "x"},
                                   claim.version, new_evidence={
                                       "stance": "supports", "url": "https://example.org/y",
                                       "origin_source_id": other_origin(project_id, claim.created_by)})
        db.session.commit()
    # Confirmed on evidence, while every report of the cluster is one origin: the page says so.
    assert "every report of this claim rests on one origin" in _claim_page(lena, project_id, anha)


def test_viewers_see_clusters_but_cannot_link(app):
    project_id, (anha, sohr, _bread, _again) = _world(app)
    _link(_as(app, "lena"), project_id, anha, sohr)
    vera = _as(app, "vera")
    page = _claim_page(vera, project_id, anha)
    assert "Cluster #" in page and "other_claim_id" not in page
    assert _link(vera, project_id, anha, sohr).status_code == 403
    with app.app_context():
        cluster_id = db.session.scalar(select(ClaimCluster.id))
    assert vera.get(f"/projects/{project_id}/clusters/{cluster_id}").status_code == 200


def test_figures_that_disagree_contest_the_cluster_and_the_page_shows_the_range(app):
    project_id, (anha, sohr, _bread, _again) = _world(app)
    with app.app_context():
        for claim_id, figure in ((anha, "26 killed combatants"), (sohr, "over 500 killed combatants")):
            claim = db.session.get(Claim, claim_id)
            claim_service.update_claim(claim, claim.created_by,
                                       {"structured_figures": [{"text": figure}]}, claim.version)
            db.session.commit()
    lena = _as(app, "lena")
    _link(lena, project_id, anha, sohr)
    with app.app_context():
        cluster = db.session.scalar(select(ClaimCluster))
        assert cluster.grade == "contested"
        assert "disagree on the figure: killed · combatants" in cluster.grade_reason
    page = lena.get(f"/projects/{project_id}/clusters/{cluster.id}").get_data(as_text=True)
    row = re.search(r'<th scope="row">killed · combatants</th>(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r'<td class="num">(?:<strong>)?([\d,—]+)', row)
    assert cells == ["26", "500", "26"]                   # minimum, maximum, most conservative
    assert f'href="#report-{anha}"' in row and f'href="#report-{sohr}"' in row
    # Bringing the second report's figure in line makes them agree: corroborated.
    with app.app_context():
        claim = db.session.get(Claim, sohr)
        claim_service.update_claim(claim, claim.created_by,
                                   {"structured_figures": [{"text": "at least 25 killed combatants"}]},
                                   claim.version)
        db.session.commit()
        assert db.session.scalar(select(ClaimCluster.grade)) == "corroborated"


def test_suggestions_come_from_the_articles_dated_nearest(app, monkeypatch):
    """Candidates are the claims of the articles dated nearest on each side of the claim's
    article, within two weeks: a report dated a month away is never suggested, and when only
    one article a side is read, the nearer of two on the same side wins."""
    from webapp.corroboration import clusters
    text = "Thus far, 26 ISIS militants have been killed in western Raqqa, the SDF said."
    quote = "26 ISIS militants have been killed in western Raqqa"
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena)
        ids = {}
        for name, day in (("mine", 10), ("next_day", 11), ("a_week_on", 17), ("before", 8),
                          ("a_month_on", 40)):
            article = article_service.import_text(
                project.id, lena, f"{text} ({name})", article_service.Provenance(
                    title=name, site_name=f"Outlet {name}",
                    published_on=date(2017, 5, 1) + timedelta(days=day - 1)))
            db.session.commit()
            ids[name] = make_claim(article, lena, quote, kind="casualty_figure").id
        mine = db.session.get(Claim, ids["mine"])
        suggested = {s.claim.id for s in clusters.suggest(mine, lena, "lead")}
        assert suggested == {ids["next_day"], ids["a_week_on"], ids["before"]}
        monkeypatch.setattr(clusters, "SUGGEST_ARTICLES", 1)
        suggested = {s.claim.id for s in clusters.suggest(mine, lena, "lead")}
        assert suggested == {ids["next_day"], ids["before"]}


def test_the_cluster_page_merges_another_cluster_into_this_one(app):
    project_id, (anha, sohr, bread, again) = _world(app)
    lena = _as(app, "lena")
    _link(lena, project_id, anha, again)      # one origin: ANHA twice
    _link(lena, project_id, sohr, bread)
    with app.app_context():
        mine, theirs = (db.session.get(ClusterMember, c).cluster_id for c in (anha, sohr))
    url = f"/projects/{project_id}/clusters/{mine}"
    page = lena.get(url).get_data(as_text=True)
    assert "Merge it into this cluster" in page and "Single origin" in page
    assert "Merge it into this cluster" not in _as(app, "vera").get(url).get_data(as_text=True)
    refused = lena.post(f"{url}/merge", {"other_cluster_id": str(mine)}, form_url=url,
                        follow_redirects=True).get_data(as_text=True)
    assert "cannot be merged into itself" in refused
    missing = lena.post(f"{url}/merge", {"other_cluster_id": "99999999999"}, form_url=url,
                        follow_redirects=True).get_data(as_text=True)
    assert "no cluster of that number" in missing
    done = lena.post(f"{url}/merge", {"other_cluster_id": str(theirs), "reason": "Same strike"},
                     form_url=url, follow_redirects=True).get_data(as_text=True)
    assert f"the reports of cluster {theirs} are now in this cluster" in done and "Corroborated" in done
    with app.app_context():
        assert db.session.get(ClaimCluster, theirs) is None
        assert {db.session.get(ClusterMember, c).cluster_id for c in (anha, sohr, bread, again)} == {mine}
        event = db.session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == bread)
                                   .order_by(ClaimEvent.id.desc())).first()
        assert (event.action, event.changes, event.reason) == (
            "cluster_merged", {"cluster": [theirs, mine]}, "Same strike")
    assert _as(app, "vera").post(f"{url}/merge", {"other_cluster_id": str(theirs)},
                                 form_url=url).status_code == 403
