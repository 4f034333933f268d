"""The dashboard's corroboration figures (issue 11, 7) on a small project whose numbers are
known: claims by independent origins (1, 2, 3+), casualty claims on a single origin, contested
clusters, imported articles that are copies, statuses that disagree with the cluster's grade;
each opens the list of what it counted."""
import re
from datetime import date
from html import unescape

from sqlalchemy import select, update

from tests.dashboard.test_pages import CAPTION, LINK
from tests.factories import PASSWORD, make_claim, make_project, make_user
from webapp.corroboration import clusters
from webapp.extensions import db
from webapp.models import ArticleCopy, Claim, ClaimCluster
from webapp.services import articles as article_service

REPORTS = [  # key, outlet, text, quote, kind, figure
    ("a", "ANHA", "Thus far, 26 ISIS militants have been killed in western Raqqa.", "26 ISIS militants have been killed", True, "26 killed"),
    ("b", "SOHR", "The Observatory counted 30 ISIS militants killed in Raqqa.", "30 ISIS militants killed", True, "30 killed"),
    ("c", "Hawar", "Elsewhere, the price of bread rose again in Qamishli.", "the price of bread rose again", False, ""),
    ("d", "Rudaw", "Rudaw said 500 fighters were killed near Tabqa dam.", "500 fighters were killed", True, "500 killed"),
    ("e", "Enab", "Enab Baladi counted 20 fighters killed near Tabqa dam.", "20 fighters killed", True, "20 killed"),
    ("g", "ANHA", "ANHA: 12 civilians were killed in an air strike on Monday.", "12 civilians were killed", True, "12 killed"),
    ("h", "ANHA", "ANHA repeats: 12 civilians were killed in an air strike on Monday.", "12 civilians were killed", True, "12 killed"),
]


def _project(app) -> int:
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena)
        claim, article = {}, {}
        for n, (key, outlet, text, quote, casualty, figure) in enumerate(REPORTS):
            made = article_service.import_text(project.id, lena, text, article_service.Provenance(
                title=f"Report {key}", site_name=outlet, published_on=date(2017, 5, 10 + n)))
            db.session.commit()
            data = {"kind": "casualty_figure", "structured_figures": [{"text": figure}]} if casualty else {}
            claim[key], article[key] = make_claim(made, lena, quote, **data), made
        clusters.link(claim["a"], claim["b"], lena)   # two origins that agree: corroborated
        clusters.link(claim["d"], claim["e"], lena)   # two origins, 500 against 20: contested
        clusters.link(claim["g"], claim["h"], lena)   # one outlet: one origin, yet "confirmed"
        # Confirmed as a claim confirmed before the confirmation rule would be (the rule now
        # refuses confirming on one origin; such claims stay as they are, listed for review).
        db.session.execute(update(Claim).where(Claim.id.in_([claim["a"].id, claim["g"].id]))
                           .values(status="confirmed", rationale="Seen."))
        for key in ("a", "g"):
            clusters.refresh(clusters.cluster_of(claim[key].id))
        db.session.add(ArticleCopy(project_id=project.id, original_id=article["g"].id,
                                   copy_id=article["h"].id, share=0.95))
        db.session.commit()
        grades = dict(db.session.execute(select(Claim.quote, ClaimCluster.grade).join(
            ClaimCluster.members).join(Claim)).all())
        assert grades == {"26 ISIS militants have been killed": "corroborated",
                          "30 ISIS militants killed": "corroborated",
                          "500 fighters were killed": "contested", "20 fighters killed": "contested",
                          "12 civilians were killed": "single_origin"}
        return project.id


def _listed(browser, url: str) -> int:
    response = browser.get(unescape(url))
    assert response.status_code == 200, url
    return int(CAPTION.search(response.get_data(as_text=True)).group(1))


def _stat(html: str, name: str) -> tuple[str, str, str]:
    found = re.search(r'<a class="stat card" href="([^"]+)"><span class="stat-value" id="stat-'
                      + name + r'">([^<]+)</span><span class="stat-label">([^<]+)<', html)
    assert found, name
    return found.groups()


def test_the_corroboration_figures_count_the_known_project_and_drill_down(app, browser):
    project_id = _project(app)
    assert browser.login("lena", PASSWORD).status_code == 302
    html = browser.get(f"/projects/{project_id}/dashboard/").get_data(as_text=True)

    section = html[html.index('id="figure-origins"'):]
    origins = LINK.findall(section[:section.index("</section>")])
    assert [int(n) for _u, n in origins] == [3, 4, 0]       # c, g, h · a, b, d, e · none
    for url, n in origins:
        assert "origins=" in url and _listed(browser, url) == int(n)

    url, value, label = _stat(html, "casualty-single")
    assert value == "33%" and "of 6 casualty claims" in label and "(2)" in label   # g, h
    assert _listed(browser, url) == 2

    url, value, label = _stat(html, "contested")
    assert value == "1" and _listed(browser, url) == 2         # the cluster's two reports

    url, value, label = _stat(html, "grade-disagrees")
    assert value == "1" and _listed(browser, url) == 1         # g: confirmed on one origin

    url, value, label = _stat(html, "copies")
    assert value == "14%" and "of 7 imported articles" in label and "(1)" in label
    page = browser.get(unescape(url)).get_data(as_text=True)
    assert "Report h" in page and "Report g" not in page

    csv_text = browser.get(f"/projects/{project_id}/dashboard/origins.csv").get_data(as_text=True)
    assert csv_text.splitlines()[1:] == ["1,One origin,3", "2,Two origins,4", "3+,Three or more,0"]


def test_a_filter_the_list_cannot_read_matches_nothing(app, browser):
    project_id = _project(app)
    assert browser.login("lena", PASSWORD).status_code == 302
    assert _listed(browser, f"/projects/{project_id}/claims/?origins=7") == 0
    assert _listed(browser, f"/projects/{project_id}/claims/?cluster_grade=nonsense") == 0
