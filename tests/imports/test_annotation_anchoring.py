"""Issue 10, §2: annotations from other tools anchor as those tools meant them, and importing
them again makes no second claim. Through the page, on the conformance kit's Unicode article:
offsets in code points, the same in UTF-16 units (as Hypothesis writes them), and broken ones;
each report line says how the annotation anchored, or why it was refused."""
import html
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from tests.factories import PASSWORD, make_article
from webapp.extensions import db
from webapp.imports import runner
from webapp.models import Article, Claim, Job, Project, User
from webapp.services import claims as claim_service

from .helpers import import_file, project_with_annotator, refused_rows, summary

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = (FIXTURES / "article-unicode.txt").read_text(encoding="utf-8")
URL = "https://example.org/articles/unicode-sample"


def _sample(name: str) -> list:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


QUOTES = [a["target"]["selector"][0]["exact"] for a in _sample("annotations-unicode-codepoints.json")]
assert QUOTES[0] == "Cafe\u0301 owners in Raqqa"      # decomposed, as the article has it


def _data(annotations) -> bytes:
    return json.dumps(annotations, ensure_ascii=False).encode()


def imported_rows(page: str) -> list[tuple[str, str, str]]:
    """The "Annotations imported" table: where, claim, how it anchored."""
    table = re.search(r"<caption>Annotations imported.*?<tbody>(.*?)</tbody>", page, re.S)
    assert table, "the report lists no imported annotations"
    return [(html.unescape(w), re.sub(r"<.*?>", "", c), html.unescape(h)) for w, c, h in
            re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table.group(1), re.S)]


@pytest.fixture
def project_id(app):
    project_id = project_with_annotator(app)
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        article = make_article(db.session.get(Project, project_id), lena, TEXT, "Unicode sample")
        article.url = URL
        db.session.commit()
    return project_id


def _claims(app) -> list[tuple[str, int, int]]:
    with app.app_context():
        return [(c.quote, c.start_offset, c.end_offset)
                for c in db.session.scalars(select(Claim).order_by(Claim.id))]


def test_hypothesis_utf16_offsets_anchor_where_the_tool_meant_them(app, browser, project_id):
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "hypothesis.json", _data(_sample("annotations-unicode-utf16.json")))
    figures = summary(page)
    assert (figures["Claims created"], figures["Refused"]) == ("8", "0")
    assert figures["Anchored by position (UTF-16 units)"] == "7"
    assert figures["Anchored by position (code points)"] == "1"   # the span before any emoji
    hows = [how for _where, _claim, how in imported_rows(page)]
    assert hows == ["position (code points)"] + ["position (UTF-16 units)"] * 7
    claims = _claims(app)
    assert [quote for quote, _s, _e in claims] == QUOTES
    assert all(TEXT[start:end] == quote for quote, start, end in claims)   # stored in code points
    assert claims[3][1:] == (148, 189)    # the conformance kit's code-point offsets


def test_code_point_offsets_anchor_by_position(app, browser, project_id):
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "w3c.json", _data(_sample("annotations-unicode-codepoints.json")))
    assert summary(page)["Anchored by position (code points)"] == "8"
    assert [quote for quote, _s, _e in _claims(app)] == QUOTES


def test_broken_annotations_anchor_by_quote_or_are_refused_with_a_readable_reason(app, browser, project_id):
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "broken.json", _data(_sample("annotations-unicode-broken.json")))
    figures = summary(page)
    assert (figures["Claims created"], figures["Refused"]) == ("7", "1")
    assert (figures["Anchored by quote"], figures["Anchored by position (code points)"]) == ("4", "3")
    hows = {where.split(" (")[0]: how for where, _claim, how in imported_rows(page)}
    assert hows == {"annotation 2": "quote (the same words with other spaces or line breaks)",
                    "annotation 3": "quote",       # UTF-8 byte offsets: the quote finds it
                    "annotation 4": "position (code points)",
                    "annotation 5": "quote",       # no position at all
                    "annotation 6": "quote",       # end past the text
                    "annotation 7": "position (code points)",
                    "annotation 8": "position (code points)"}
    refused = {where.split(" (")[0]: reason for where, reason in refused_rows(page)}
    assert "accents are encoded differently" in refused["annotation 1"]
    assert list(refused) == ["annotation 1"]
    assert "\\u" not in page and "\\xa0" not in page
    assert ("We counted 12 explosions", 148, 172) in _claims(app)
    # A space for the text's no-break space: the same words, found as re-anchoring finds them
    # (webapp.revisions.anchoring.find); the claim quotes the text as it is.
    assert ("far,\u00a026 ISIS militants", 252, 274) in _claims(app)


def test_an_ambiguous_quote_is_chosen_by_prefix_and_suffix_and_the_report_says_so(app, browser, project_id):
    text = "The fighter said 26 were killed. Later the fighter said 30. Then the fighter said 40."
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        article = make_article(db.session.get(Project, project_id), lena, text, "Repeats")
        article.url = "https://example.org/repeats"
        db.session.commit()
        article_id = article.id
    annotations = [{"type": "Annotation", "id": f"urn:x:{n}", "target": {
        "source": "https://example.org/repeats", "selector": {
            "type": "TextQuoteSelector", "exact": "fighter said", **context}}}
        for n, context in enumerate([{"prefix": "Later the ", "suffix": " 30"},
                                     {"suffix": " 40."}, {}], 1)]
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "repeats.json", _data(annotations))
    rows = imported_rows(page)
    assert [how for _w, _c, how in rows] == [
        "quote, 2nd of 3 occurrences chosen by prefix/suffix",
        "quote, 3rd of 3 occurrences chosen by prefix/suffix"]
    assert "occur 3 times" in dict(refused_rows(page))["annotation 3 (urn:x:3)"]
    with app.app_context():
        starts = list(db.session.scalars(select(Claim.start_offset).where(
            Claim.article_id == article_id).order_by(Claim.id)))
    assert starts == [text.index("fighter said 30"), text.index("fighter said 40")]


def test_importing_the_same_file_again_makes_no_second_claim(app, browser, project_id):
    data = _data(_sample("annotations-unicode-utf16.json"))
    browser.login("anna", PASSWORD)
    import_file(browser, project_id, "hypothesis.json", data)
    page = import_file(browser, project_id, "hypothesis.json", data)
    figures = summary(page)
    assert (figures["Claims created"], figures["Already imported"], figures["Refused"]) == ("0", "8", "0")
    assert {how for _w, _c, how in imported_rows(page)} == {"already imported (same annotation id)"}
    first_claims = _claims(app)
    assert len(first_claims) == 8
    # The same annotations without ids (another export of them): recognised by their span.
    anonymous = [{k: v for k, v in a.items() if k != "id"} for a in _sample("annotations-unicode-codepoints.json")]
    page = import_file(browser, project_id, "again.json", _data(anonymous))
    assert summary(page)["Already imported"] == "8" and _claims(app) == first_claims
    assert {how for _w, _c, how in imported_rows(page)} == {
        "already imported (a claim of the article has this span)"}
    claim_ids = {claim for _w, claim, _h in imported_rows(page)}
    with app.app_context():
        assert claim_ids == {f"#{i}" for i in db.session.scalars(select(Claim.id))}


def test_a_killed_import_run_again_makes_every_claim_once(app, browser, project_id, monkeypatch):
    app.config["IMPORT_COMMIT_EVERY"] = 2
    monkeypatch.setattr(runner, "COMMIT_SECONDS", 3600)    # batches cut by count only
    create = claim_service.create_claim
    calls = []

    def dies_at_the_fifth(*args, **kw):
        calls.append(1)
        if len(calls) == 5:
            raise OperationalError("INSERT INTO claims", {}, Exception("server closed the connection"))
        return create(*args, **kw)

    monkeypatch.setattr(claim_service, "create_claim", dies_at_the_fifth)
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "hypothesis.json", _data(_sample("annotations-unicode-utf16.json")))
    assert "run it again" in page
    assert len(_claims(app)) == 4                     # two batches committed with their checkpoint
    with app.app_context():
        job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
        job_id, job.report = job.id, None             # and even were the checkpoint lost
        db.session.commit()
    monkeypatch.setattr(claim_service, "create_claim", create)
    rerun = f"/projects/{project_id}/jobs/{job_id}/rerun"
    response = browser.post(rerun, form_url=f"/projects/{project_id}/jobs/{job_id}")
    assert response.status_code == 302
    page = browser.get(f"/projects/{project_id}/jobs/{job_id}").get_data(as_text=True)
    figures = summary(page)
    assert (figures["Claims created"], figures["Already imported"], figures["Refused"]) == ("4", "4", "0")
    claims = _claims(app)
    assert sorted(q for q, _s, _e in claims) == sorted(QUOTES)     # each once
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Article)) == 1


def test_a_refusal_shows_the_text_as_written_and_names_only_invisible_characters(app, browser, project_id):
    annotations = [
        {"type": "Annotation", "target": {"source": URL, "selector": [
            {"type": "TextQuoteSelector", "exact": "The family fled"},
            {"type": "TextPositionSelector", "start": 191, "end": 212}]}},
        {"type": "Annotation", "target": {"source": URL, "selector": [
            {"type": "TextQuoteSelector", "exact": "Thus far, 62"},
            {"type": "TextPositionSelector", "start": 247, "end": 259}]}}]
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "refused.json", _data(annotations))
    refused = dict(refused_rows(page))
    family = "The family \U0001F468\u200d\U0001F469\u200d\U0001F467 fled"
    assert f"the text there reads “{family}”" in refused["annotation 1"]
    assert "do not occur" in refused["annotation 1"]
    assert "“Thus far,⟨no-break space U+00A0⟩26”" in refused["annotation 2"]
    assert "\\u200d" not in page and "\\xa0" not in page


def test_during_blind_double_review_another_annotators_claim_is_not_a_duplicate(app, browser):
    """A's claim on the span stays out of B's sight: B's import makes B's own claim, and the
    report does not point at A's."""
    from tests.double_review_data import double, mark, team
    with app.app_context():
        project, lena, anna, omar, _vera = team()
        article = double(project, lena, anna, omar)
        article.url = "https://example.org/blind"
        db.session.commit()
        annas = mark(article, anna, "26 ISIS militants have been killed").id
        project_id = project.id
    annotation = {"type": "Annotation", "id": "urn:h:1", "target": {
        "source": "https://example.org/blind",
        "selector": {"type": "TextQuoteSelector", "exact": "26 ISIS militants have been killed"}}}
    browser.login("omar", PASSWORD)
    page = import_file(browser, project_id, "h.json", _data([annotation]))
    assert summary(page)["Claims created"] == "1"
    assert f"#{annas}<" not in page
    with app.app_context():
        makers = [c.created_by.username for c in db.session.scalars(select(Claim).order_by(Claim.id))]
    assert makers == ["anna", "omar"]
    page = import_file(browser, project_id, "h.json", _data([annotation]))   # omar's own: a duplicate
    assert summary(page)["Already imported"] == "1"


def test_changed_words_anchor_approximately_as_re_anchoring_finds_them(app, browser, project_id):
    """Another tool quoted the page before the outlet changed a figure: the annotation anchors
    at the changed words, as a re-anchored claim would (``webapp.revisions.anchoring.find``),
    and the report says it was approximate."""
    text = ("Thus far, 23 ISIS militants have been killed and dozens more injured, a Swedish "
            "foreign fighter operating in SDF ranks said.")
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        article = make_article(db.session.get(Project, project_id), lena, text, "Changed")
        article.url = "https://example.org/changed"
        db.session.commit()
    annotation = {"type": "Annotation", "target": {"source": "https://example.org/changed", "selector": {
        "type": "TextQuoteSelector", "exact": "26 ISIS militants have been killed and dozens more injured",
        "prefix": "Thus far, ", "suffix": ", a Swedish foreign fighter"}}}
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "old.json", _data([annotation]))
    assert summary(page)["Anchored by approximate quote"] == "1"
    [(_where, _claim, how)] = imported_rows(page)
    assert how.startswith("approximate quote (")
    assert ("23 ISIS militants have been killed and dozens more injured", 10, 68) in _claims(app)
