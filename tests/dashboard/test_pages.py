"""The dashboard page, its drill-downs, its CSV files, and blind double review."""
import csv
import io
import re
from html import unescape

from tests.dashboard.data import add_articles, make_team
from tests.double_review_data import double, finish, mark, team
from tests.factories import PASSWORD

LINK = re.compile(r'<td class="num"><a href="([^"]+)">(\d+)</a></td>')
GRADE_LINK = re.compile(r'<a href="([^"]+)" aria-label="[A-F][1-6]: (\d+) claims">')
CAPTION = re.compile(r"<caption>(\d+) (?:claim|article)s?")


def _total(browser, url: str) -> int:
    response = browser.get(url)
    assert response.status_code == 200, url
    return int(CAPTION.search(response.get_data(as_text=True)).group(1))


def test_every_figure_opens_the_list_of_what_it_counted(app, browser):
    with app.app_context():
        crew = make_team()
        add_articles(crew, 30, seed=3)
        project_id = crew.project.id
    browser.login("lena", PASSWORD)
    for query in ("", "?outlet=Beta+Post&published_from=2026-01-20", "?assignee=anna&reviewer=ben"):
        html = browser.get(f"/projects/{project_id}/dashboard/{query}").get_data(as_text=True)
        links = LINK.findall(html) + GRADE_LINK.findall(html)
        assert len(links) > 20 and GRADE_LINK.findall(html)
        for url, count in links:
            assert _total(browser, unescape(url)) == int(count), url
        for stat in re.findall(r'<a class="stat card" href="([^"]+)"><span class="stat-value" id="stat-(?:claims|backlog|articles|done|open)">(\d+)<', html):
            assert _total(browser, unescape(stat[0])) == int(stat[1]), stat


def test_figure_csv_has_the_numbers_with_the_filters(app, browser):
    with app.app_context():
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        mark(article, anna, "26 ISIS militants", status="unreviewed", source_type="combatant")
        project_id = project.id
    browser.login("lena", PASSWORD)
    response = browser.get(f"/projects/{project_id}/dashboard/source_type.csv?reviewer=nobody")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert list(csv.reader(io.StringIO(response.get_data(as_text=True)))) == [["key", "label", "count"]]
    rows = list(csv.reader(io.StringIO(browser.get(f"/projects/{project_id}/dashboard/source_type.csv")
                                       .get_data(as_text=True))))
    assert rows == [["key", "label", "count"], ["combatant", "Individual combatant", "1"]]
    assert browser.get(f"/projects/{project_id}/dashboard/nothing.csv").status_code == 404


def test_csv_neutralises_formula_triggers(app, browser):
    with app.app_context():
        project, lena, anna, omar, vera = team()
        from webapp.services import lists
        lists.add_value(project.id, "source_type", "=HYPERLINK(\"http://evil\")")
        from webapp.extensions import db
        db.session.commit()
        article = double(project, lena, anna, omar)
        key = [i.key for i in lists.fetch_lists(project.id)["source_type"]][-1]
        mark(article, anna, "26 ISIS militants", source_type=key)
        project_id = project.id
    browser.login("lena", PASSWORD)
    text = browser.get(f"/projects/{project_id}/dashboard/source_type.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_blind_double_review_hides_claims_from_the_dashboard_and_the_list(app, browser):
    with app.app_context():
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        mark(article, anna, "26 ISIS militants", status="unreviewed")
        mark(article, omar, "the village of Hamrat", status="unreviewed")
        project_id, article_id = project.id, article.id
    dashboard, claims = f"/projects/{project_id}/dashboard/", f"/projects/{project_id}/claims/"

    def seen(username):
        browser.login(username, PASSWORD)
        html = browser.get(dashboard).get_data(as_text=True)
        stat = int(re.search(r'id="stat-claims">(\d+)<', html).group(1))
        listed = _total(browser, claims)
        status_csv = browser.get(dashboard + "status.csv").get_data(as_text=True)
        browser.post("/logout", form_url=dashboard)
        return stat, listed, status_csv.strip().splitlines()[-1]

    assert seen("anna") == (1, 1, "unreviewed,Unreviewed,1")
    assert seen("vera") == (0, 0, "key,label,count")
    assert seen("lena") == (2, 2, "unreviewed,Unreviewed,2")
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import Article
        finish(db.session.get(Article, article_id))
    assert seen("vera") == (2, 2, "unreviewed,Unreviewed,2")


def test_past_the_count_cap_the_claim_list_says_more_than_and_still_pages_on(app, browser, monkeypatch):
    from webapp.services import claim_list
    monkeypatch.setattr(claim_list, "COUNT_CAP", 3)
    app.config["PAGE_SIZE"] = 2
    with app.app_context():
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        for quote in ("26 ISIS militants", "the village of Hamrat", "two bridges", "Euphrates", "Coalition"):
            mark(article, lena, quote)
        project_id = project.id
    browser.login("lena", PASSWORD)
    url = f"/projects/{project_id}/claims/"
    seen = []
    for page in (1, 2, 3):
        html = browser.get(f"{url}?page={page}").get_data(as_text=True)
        assert "<caption>More than 3 claims</caption>" in html
        assert ("of 3" not in html) and f"Page {page}" in html
        assert ('rel="next"' in html) == (page < 3)
        seen += re.findall(r'data-claim-id="(\d+)"', html)
    assert len(set(seen)) == 5                       # every claim reached, none twice
    html = browser.get(f"{url}?status=unreviewed&outlet=nowhere").get_data(as_text=True)
    assert "<caption>0 claims matching the filter</caption>" in html


def test_leads_see_the_agreement_of_finished_double_reviews(app, browser):
    with app.app_context():
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        mark(article, anna, "26 ISIS militants", status="unreviewed")
        mark(article, omar, "26 ISIS militants", status="unreviewed")
        mark(article, anna, "the village of Hamrat", status="unreviewed")     # omar missed it
        project_id = project.id
        unfinished = article.id
    url = f"/projects/{project_id}/dashboard/"
    browser.login("lena", PASSWORD)
    assert "No double review has finished yet" in browser.get(url).get_data(as_text=True)
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import Article
        finish(db.session.get(Article, unfinished))
    html = browser.get(url).get_data(as_text=True)
    # anna 2 claims, omar 1, 1 matched: precision 1, recall 1/2, F1 = 2/3
    assert '<strong id="agreement-f1">0.67</strong>' in html
    assert "1 finished double review in the whole project" in html
    assert re.search(r"<td>Verification status</td><td class=\"num\">[^<]+</td><td class=\"num\">1</td>", html)
    browser.post("/logout", form_url=url)
    browser.login("anna", PASSWORD)
    assert "Agreement on double-reviewed work" not in browser.get(url).get_data(as_text=True)
