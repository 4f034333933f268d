"""Double review pages: who may use them, the set-up form, adjudication over HTTP, and T13 —
while blind, another annotator finds none of X's claims in any page, list, count or export."""
import csv
import io
import json
import re

import pytest
from sqlalchemy import select

from tests.conftest import Browser
from tests.double_review_data import TEXT, double, finish, mark, team
from tests.factories import PASSWORD, make_article, make_project, make_user
from tests.security.conftest import diff, snapshot
from webapp.extensions import db
from webapp.models import Article, Claim, Project, User
from webapp.services import claims as claim_service
from webapp.services import sources as source_service
from webapp.views.exports import FORMATS

KILLED = "26 ISIS militants have been killed"
KILLED_LONG = "26 ISIS militants have been killed and dozens more injured"
HAMRAT = "The SDF took the village of Hamrat on Thursday"


def _as(app, username) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def _body(response) -> str:
    return response.get_data(as_text=True)


def _pair(app, done=True):
    with app.app_context():
        project, lena, anna, omar, _ = team()
        make_project(make_user("oscar"), "Elsewhere")
        article = double(project, lena, anna, omar)
        a = mark(article, anna, KILLED, source_type="combatant", statement="anna's statement")
        b = mark(article, omar, KILLED_LONG, source_type="media", statement="omar's statement")
        only_b = mark(article, omar, HAMRAT)
        if done:
            finish(article)
        return project.id, article.id, a.id, b.id, only_b.id


# --- who may ----------------------------------------------------------------------------------

@pytest.mark.parametrize("user,expected", [("vera", 403), ("anna", 403), ("oscar", 404), ("lena", None)])
def test_only_leads_set_up_compare_adjudicate_and_see_agreement(app, user, expected):
    project_id, article_id, a_id, b_id, only_b = _pair(app)
    browser = _as(app, user)
    base = f"/projects/{project_id}"
    gets = [f"{base}/double-review", f"{base}/double-review/articles/{article_id}", f"{base}/agreement"]
    posts = [f"{base}/double-review", f"{base}/double-review/articles/{article_id}/adjudicate",
             f"{base}/double-review/articles/{article_id}/claims/{only_b}/settle"]
    before = snapshot(app)
    for url in gets:
        assert browser.get(url).status_code == (expected or 200), url
    for url in posts:
        status = browser.post(url, {"a_id": a_id, "b_id": b_id, "keep": "a"}, form_url="/login").status_code
        if expected:
            assert status == expected, url
    if expected:
        assert diff(before, snapshot(app)) == {}


def test_a_lead_sets_up_double_review_with_the_form(app):
    with app.app_context():
        project, lena, anna, omar, _ = team()
        article = make_article(project, lena, TEXT, title="Raqqa report")
        busy = make_article(project, lena, TEXT + " Busy.", title="Busy report")
        mark(busy, anna, KILLED)
        project_id, article_id, busy_id, anna_id, omar_id = project.id, article.id, busy.id, anna.id, omar.id
    lena = _as(app, "lena")
    page = _body(lena.get(f"/projects/{project_id}/double-review"))
    assert "Raqqa report" in page and "Busy report" not in page   # only eligible articles offered
    url = f"/projects/{project_id}/double-review"
    refused = lena.post(url, {"reviewer_a": anna_id, "reviewer_b": anna_id, "mode": "chosen",
                              "article_ids": [article_id]})
    assert refused.status_code == 422 and "Choose two different reviewers." in _body(refused)
    refused = lena.post(url, {"reviewer_a": anna_id, "reviewer_b": omar_id, "mode": "chosen",
                              "article_ids": [busy_id]})
    assert refused.status_code == 422 and "“Busy report” (already has 1 claim)" in _body(refused)
    response = lena.post(url, {"reviewer_a": anna_id, "reviewer_b": omar_id, "mode": "chosen",
                               "article_ids": [article_id], "reason": "pilot"}, follow_redirects=True)
    page = _body(response)
    assert "1 article marked for blind double review." in page
    assert "anna: assigned" in page and "omar: assigned" in page
    with app.app_context():
        assert db.session.get(Article, article_id).double_review is True
        assert db.session.get(Article, busy_id).double_review is False


def test_a_share_through_the_form(app):
    with app.app_context():
        project, lena, anna, omar, _ = team()
        for i in range(4):
            make_article(project, lena, f"Article {i} says something.", title=f"A{i}")
        project_id, anna_id, omar_id = project.id, anna.id, omar.id
    response = _as(app, "lena").post(f"/projects/{project_id}/double-review", {
        "reviewer_a": anna_id, "reviewer_b": omar_id, "mode": "share", "percentage": 50}, follow_redirects=True)
    assert "2 articles marked for blind double review." in _body(response)


# --- comparing and adjudicating ---------------------------------------------------------------

def test_adjudicating_an_unfinished_pair_is_refused_clearly_and_changes_nothing(app):
    project_id, article_id, a_id, b_id, _ = _pair(app, done=False)
    lena = _as(app, "lena")
    page = _body(lena.get(f"/projects/{project_id}/double-review/articles/{article_id}"))
    assert "Blind phase: anna, omar have not marked the article done yet." in page
    assert "Adjudicate pair" not in page
    before = snapshot(app)
    response = lena.post(f"/projects/{project_id}/double-review/articles/{article_id}/adjudicate",
                         {"a_id": a_id, "b_id": b_id, "keep": "a", "take-source_type": "b"},
                         form_url=f"/projects/{project_id}/double-review")
    assert response.status_code == 400
    assert "The pair is not finished: anna, omar still have to mark the article done. Nothing was changed." in _body(response)
    assert diff(before, snapshot(app)) == {}


def test_lead_sees_differences_adjudicates_and_the_history_shows_both_judgements(app):
    project_id, article_id, a_id, b_id, only_b = _pair(app)
    lena = _as(app, "lena")
    url = f"/projects/{project_id}/double-review/articles/{article_id}"
    page = _body(lena.get(url))
    row = re.search(r'<tr class="differs" data-field="source_type">.*?</tr>', page, re.S).group(0)
    assert "Individual combatant" in row and "Journalist / media outlet" in row and "differs" in row
    assert re.search(r'<tr class="" data-field="named">', page) is None    # neither filled it in
    assert "Only B (omar) found" in page and "The SDF took the village of Hamrat" in page
    response = lena.post(f"{url}/adjudicate", {"a_id": a_id, "b_id": b_id, "keep": "a",
                                               "take-source_type": "b", "take-statement": "a",
                                               "reason": "the outlet is the source"}, form_url=url)
    assert response.status_code == 302
    with app.app_context():
        kept, dropped = db.session.get(Claim, a_id), db.session.get(Claim, b_id)
        assert (kept.source_type, kept.statement, kept.deleted_at) == ("media", "anna's statement", None)
        assert dropped.merged_into_id == a_id
    history = _body(lena.get(f"/projects/{project_id}/claims/{a_id}/history"))
    assert "Reviewer A (anna)" in history and "Reviewer B (omar)" in history and "Final" in history
    assert "anna&#39;s statement" in history and "omar&#39;s statement" in history
    assert "Individual combatant" in history and "Journalist / media outlet" in history
    assert "the outlet is the source" in history
    # Adjudicating the same pair again is refused.
    again = lena.post(f"{url}/adjudicate", {"a_id": a_id, "b_id": b_id, "keep": "a"}, form_url=url)
    assert again.status_code == 400 and "not an open pair" in _body(again)
    # The claim only omar found: dropping needs a reason.
    settle = f"{url}/claims/{only_b}/settle"
    refused = lena.post(settle, {"action": "drop"}, form_url=url)
    assert refused.status_code == 400 and "Say why the claim is dropped" in _body(refused)
    assert lena.post(settle, {"action": "drop", "reason": "not checkable"}, form_url=url).status_code == 302
    page = _body(lena.get(url))
    assert "Pair 1" not in page and "Settled" in page


def test_the_agreement_page_shows_figures_with_their_n(app):
    project_id, *_ = _pair(app)
    page = _body(_as(app, "lena").get(f"/projects/{project_id}/agreement"))
    assert "From 1 double-reviewed article whose blind phase is over." in page
    spans = re.search(r'<table class="table" id="span-agreement">.*?</table>', page, re.S).group(0)
    # anna 1 claim, omar 2, 1 match: precision 0.5, recall 1, F1 0.667, exact F1 0.
    assert re.search(r"anna – omar</th>\s*<td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">1</td>", spans)
    assert "0.500" in spans and "1.000" in spans and "0.667" in spans and "0.000" in spans
    # One matched claim: source type differs (κ = α = 0, n = 1); status is the same: undefined.
    row = re.search(r'<tr data-field="source_type">.*?</tr>', page, re.S).group(0)
    assert row.count("0.000") == 2 and row.count('<td class="num">1</td>') == 2
    row = re.search(r'<tr data-field="status">.*?</tr>', page, re.S).group(0)
    assert row.count("—") == 2 and row.count('<td class="num">1</td>') == 2


def test_settling_a_missing_claim_or_one_of_another_article_is_404(app):
    project_id, article_id, a_id, *_ = _pair(app)
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        other_id = make_article(db.session.get(Project, project_id), lena, TEXT + " Other.").id
    lena = _as(app, "lena")
    base = f"/projects/{project_id}/double-review/articles"
    for url in (f"{base}/{other_id}/claims/{a_id}/settle", f"{base}/{article_id}/claims/987654/settle"):
        assert lena.post(url, {"action": "keep"}, form_url="/login").status_code == 404


# --- T13: the blind phase hides X's claims from Y everywhere ------------------------------------

MARKERS = ("XMARK-STATEMENT-7311", "XMARK-RATIONALE-7311", "XMARK-FIGURES-7311", "XMARK-ATTRIBUTION-7311")


def _blind_world(app):
    """X (anna) and Y (omar) double-review one article; X's claim carries markers in every
    free-text field and cites a source Y cites too."""
    with app.app_context():
        project, lena, anna, omar, _ = team()
        source = source_service.create_source(project.id, lena, "Unnamed fighter in SDF ranks")
        db.session.commit()
        article = double(project, lena, anna, omar)
        x = mark(article, anna, KILLED, statement=MARKERS[0], rationale=MARKERS[1], figures=MARKERS[2],
                 attribution_text=MARKERS[3], source_id=source.id, source_type="combatant",
                 status="unconfirmed")
        claim_service.add_evidence(x, anna, x.version, stance="supports", url="https://example.org/x-evidence")
        y = mark(article, omar, HAMRAT, statement="omar's own claim", source_id=source.id)
        db.session.commit()
        evidence_id = x.evidence_links[0].evidence_id
        return dict(project_id=project.id, article_id=article.id, x=x.id, y=y.id, source_id=source.id,
                    evidence_id=evidence_id, title=article.title, source_name=source.name)


def _leaks(text: str, x_id: int) -> list[str]:
    found = [m for m in MARKERS if m in text]
    found += [p for p in (f"/claims/{x_id}\"", f"/claims/{x_id}/", f"claim-{x_id}\"",
                          f'"claim_id": {x_id},') if p in text]
    if re.search(rf'data-claims="[^"]*\b{x_id}\b', text):
        found.append("highlight of X's claim")
    return found


def _urls(app, w) -> list[str]:
    """Every GET page of the app that the filler can fill, for the blind article and Y's claim."""
    fill = {"project_id": [w["project_id"]], "article_id": [w["article_id"]], "claim_id": [w["y"]],
            "source_id": [w["source_id"]], "fmt": sorted(FORMATS), "evidence_id": [w["evidence_id"]]}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "site.favicon") \
                or not rule.arguments <= set(fill):
            continue
        combos = [{}]
        for arg in rule.arguments:
            combos = [{**c, arg: v} for c in combos for v in fill[arg]]
        with app.test_request_context():
            urls += [app.url_for(rule.endpoint, **c) for c in combos]
    return urls


@pytest.mark.parametrize("who", ["omar", "vera"])
def test_t13_while_blind_y_finds_none_of_xs_claims_anywhere(app, who):
    """omar is the other blind reviewer; vera a viewer (who sees no blind claim at all)."""
    w = _blind_world(app)
    y = _as(app, who)
    own = [w["y"]] if who == "omar" else []
    urls = _urls(app, w)
    base = f"/projects/{w['project_id']}"
    for needed in (base, f"{base}/articles/{w['article_id']}", f"{base}/sources/",
                   f"{base}/sources/{w['source_id']}", f"{base}/export/claims.csv",
                   f"{base}/export/claims.jsonl", f"{base}/claims/{w['y']}/history"):
        assert needed in urls, f"the sweep misses {needed}"
    leaks = {}
    for url in urls:
        response = y.get(url)
        assert response.status_code < 500, url
        if found := _leaks(_body(response), w["x"]):
            leaks[url] = found
    assert leaks == {}
    # X's own claim page and history answer exactly like a claim that does not exist.
    for suffix in ("", "/history"):
        hidden = y.get(f"{base}/claims/{w['x']}{suffix}")
        missing = y.get(f"{base}/claims/987654{suffix}")
        assert hidden.status_code == missing.status_code == 404
    # Counts are the person's own: claims in the article, claims citing the source.
    assert _count_in_row(_body(y.get(base)), w["title"]) == len(own)
    assert _count_in_row(_body(y.get(f"{base}/sources/")), w["source_name"]) == len(own)
    rows = list(csv.DictReader(io.StringIO(_body(y.get(f"{base}/export/claims.csv")))))
    assert [int(r["claim_id"]) for r in rows] == own
    lines = _body(y.get(f"{base}/export/claims.jsonl")).splitlines()
    assert [json.loads(line)["claim_id"] for line in lines] == own


def test_t13_once_both_are_done_each_sees_the_others_claims(app):
    w = _blind_world(app)
    with app.app_context():
        finish(db.session.get(Article, w["article_id"]))
    omar = _as(app, "omar")
    base = f"/projects/{w['project_id']}"
    reading = _body(omar.get(f"{base}/articles/{w['article_id']}"))
    assert "highlight of X's claim" in _leaks(reading, w["x"])
    assert MARKERS[0] in _body(omar.get(f"{base}/claims/{w['x']}"))
    assert MARKERS[3] in _body(omar.get(f"{base}/claims/{w['x']}/history"))
    assert _count_in_row(_body(omar.get(base)), w["title"]) == 2
    assert _count_in_row(_body(omar.get(f"{base}/sources/")), w["source_name"]) == 2
    rows = list(csv.DictReader(io.StringIO(_body(omar.get(f"{base}/export/claims.csv")))))
    assert sorted(int(r["claim_id"]) for r in rows) == sorted([w["x"], w["y"]])


def test_t13_a_lead_sees_both_during_the_blind_phase(app):
    w = _blind_world(app)
    lena = _as(app, "lena")
    reading = _body(lena.get(f"/projects/{w['project_id']}/articles/{w['article_id']}"))
    assert f"/claims/{w['x']}\"" in reading and f"/claims/{w['y']}\"" in reading
    assert MARKERS[0] in _body(lena.get(f"/projects/{w['project_id']}/export/claims.csv"))


def _count_in_row(page: str, name: str) -> int:
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if name in r)
    return int(re.findall(r'<td class="num">(\d+)</td>', row)[-1])


def test_the_comparison_page_does_not_query_per_claim(app):
    from tests.views.test_query_counts import count_queries
    sentences = " ".join(f"Sentence {i} reports something." for i in range(10))
    with app.app_context():
        project, lena, anna, omar, _ = team()
        source = source_service.create_source(project.id, lena, "A source")
        db.session.commit()
        articles = []
        for n in (1, 8):
            article = double(project, lena, anna, omar, text=f"{sentences} Copy {n}.", title=f"C{n}")
            for i in range(n):
                quote = f"Sentence {i} reports something."
                x = mark(article, anna, quote, source_type="official", source_id=source.id)
                claim_service.add_evidence(x, anna, x.version, stance="supports", url=f"https://example.org/{i}")
                mark(article, omar, f"Sentence {i} reports", source_type="media")
            mark(article, omar, "Sentence 9 reports something.")
            finish(article)
            articles.append(article.id)
        project_id = project.id
    lena = _as(app, "lena")
    counts = []
    for article_id in articles:
        with count_queries(app) as counter:
            assert lena.get(f"/projects/{project_id}/double-review/articles/{article_id}").status_code == 200
        counts.append(counter["n"])
    assert counts[0] == counts[1]
