"""The SQL statements behind a claim page (its Reports panel and the reports it suggests
linking) and behind a cluster page do not grow with the cluster: counted for a cluster of two
reports, then for one of ten (some of them copies of one another, with chains and figures)."""
from tests.dashboard.test_query_count import counting
from tests.factories import PASSWORD, make_claim, make_project, make_user
from webapp.corroboration import clusters, copies
from webapp.extensions import db

from .texts import import_report

SITES = ["ANHA", "Kurdistan 24", "Le Monde", "Syria Direct", "Enab Baladi", "Rûdaw", "SANA",
         "Al-Masdar News", "North Press Agency", "Zaman al-Wasl"]


def _article_text(n: int, copy_of: int | None) -> str:
    k = copy_of if copy_of is not None else n
    lines = [f"Report {k} from the front. Residents described queues for bread and fuel in district {k}.",
             f"{20 + k} civilians were killed in an airstrike on Raqqa, the monitor said on day {k}.",
             f"The road to Tabqa remains closed to traffic number {k}, aid groups said."]
    if copy_of is not None:
        lines.append("This report was first published by another outlet and is republished.")
    return "Menu\n\n" + "\n\n".join(lines) + "\n\nShare this"


def _project_with_a_cluster(size: int, lead: str) -> tuple[int, int, int]:
    """A project with ``size`` reports of one airstrike linked in a cluster, every third of
    them with a copy outside it (so that each page walks the groups of copies), and as many
    unlinked reports to suggest."""
    lena = make_user(lead)
    project = make_project(lena, f"Project of {lead}")
    reports = []
    for n in range(size * 2):
        copy_of = n - 1 if n % 3 == 2 else None
        article = import_report(project, lena, _article_text(n, copy_of), f"Airstrike {n}",
                                SITES[n % len(SITES)], f"2017-05-{10 + n % 5:02d}")
        quote = next(line for line in article.text.split("\n\n") if "civilians were killed" in line)
        quote = quote.split(",")[0]
        reports.append(make_claim(article, lena, quote, kind="casualty_figure",
                                  figures=quote.split(" ")[0] + " killed, civilians"))
    copies.find_copies(project.id)
    linked = [r for n, r in enumerate(reports) if n % 3 != 2][:size]   # copies stay out of it
    for other in linked[1:]:
        clusters.link(linked[0], other, lena)
    db.session.commit()
    return project.id, reports[0].id, clusters.cluster_of(reports[0].id).id


def _count(app, browser, size: int, lead: str) -> dict[str, int]:
    with app.app_context():
        project_id, claim_id, cluster_id = _project_with_a_cluster(size, lead)
        assert clusters.get_cluster(project_id, cluster_id).reports == size
        engine = db.engine
    browser.login(lead, PASSWORD)
    found = {}
    for name, page in (("claim", f"/projects/{project_id}/claims/{claim_id}"),
                       ("cluster", f"/projects/{project_id}/clusters/{cluster_id}")):
        browser.get(page)   # a first visit (sessions, caches)
        with counting(engine) as statements:
            response = browser.get(page)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, page
        assert "civilians were killed" in html
        found[name] = len(statements)
    browser.get("/logout")
    return found


def test_claim_and_cluster_pages_make_as_many_queries_for_ten_reports_as_for_two(app, browser):
    small = _count(app, browser, 2, "lena")
    large = _count(app, browser, 10, "lara")
    assert large == small, (small, large)
