"""T37: for random article text (Arabic, combining marks, emoji outside the BMP, NBSP, CRLF) and a
random span, POST an annotation with both selectors: it is accepted if and only if the quote is
the text at the offsets counted in code points, or else counted in UTF-16 units (as Hypothesis
counts), or else occurs exactly once; a refusal is 422 saying what does not match, and what is
accepted reads back, in code points, with selectors that re-anchor to the same span.

``T37_EXAMPLES`` sets the number of examples (500 by default).
"""
import itertools
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_project, make_user
from webapp.extensions import db
from webapp.interop.anchoring import anchor
from webapp.services import articles as article_service

from .conftest import ApiClient, Team, make_token, problem

EXAMPLES = int(os.environ.get("T37_EXAMPLES", "500"))
PIECES = ["a", "b", " ", "\u00a0", "\r\n", "\n", "\u0627\u0644\u0639", "\u0628", "e\u0301",
          "\u064b", "\U0001F600", "\U0001F1F8\U0001F1EA", "\u200d", "\u05e9", "26", ".", "\t"]
texts = st.lists(st.sampled_from(PIECES) | st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40).map("".join)


@st.composite
def cases(draw):
    text = draw(texts)
    start = draw(st.integers(-2, len(text) + 1))
    end = draw(st.integers(-1, len(text) + 2))
    exact = text[max(start, 0):max(end, 0)] if start >= 0 else ""
    if draw(st.integers(0, 3)) == 0:   # sometimes a quote that is slightly off
        exact = draw(st.sampled_from([exact + "x", exact[1:], exact.upper(), "\u00e9",
                                      exact.replace("\u00a0", " "), exact.replace("\r\n", "\n")]))
    if draw(st.integers(0, 3)) == 0:   # sometimes counted in UTF-16 units, as Hypothesis does
        start, end = (len(text[:max(i, 0)].encode("utf-16-le")) // 2 + min(i, 0) for i in (start, end))
    return text, start, end, exact


def expected_span(text: str, start: int, end: int, exact: str) -> tuple[int, int] | None:
    """The span the API must store, worked out independently of the code under test: code
    points (``str`` indices), then UTF-16 units (slices of the UTF-16 encoding), then the one
    occurrence of the quote."""
    if not exact:
        return None
    if 0 <= start < end <= len(text) and text[start:end] == exact:
        return start, end
    units = text.encode("utf-16-le", "surrogatepass")
    if 0 <= start < end <= len(units) // 2:
        try:
            before, there = (units[:2 * start].decode("utf-16-le"),
                             units[2 * start:2 * end].decode("utf-16-le"))
        except UnicodeDecodeError:        # an offset inside a surrogate pair
            there = None
        if there == exact:
            return len(before), len(before) + len(exact)
    occurrences = [m.start() for m in re.finditer(f"(?={re.escape(exact)})", text)]
    if len(occurrences) == 1:
        return occurrences[0], occurrences[0] + len(exact)
    return None


def test_the_oracle_knows_utf16_offsets():
    text = "a💥b 💥 the end"
    assert expected_span(text, 2, 3, "b") == (2, 3)           # code points
    assert expected_span(text, 6, 9, "the") == (6, 9)          # code points
    assert expected_span(text, 8, 11, "the") == (6, 9)         # UTF-16 units: two emoji before
    assert expected_span(text, 3, 4, "b") == (2, 3)            # UTF-16 units
    assert expected_span("a💥b", 2, 4, "💥b") == (1, 3)        # 2 is inside a pair; the quote decides
    assert expected_span(text, 0, 1, "💥") is None             # two occurrences, no position fits
    assert expected_span(text, 0, 1, "zz") is None


def _world(app):
    with app.app_context():
        lead = make_user("lena")
        project = make_project(lead, "Offsets")
        return project.id, lead.id, make_token(lead)


def test_post_is_accepted_iff_the_quote_is_the_text_at_the_offsets(app):
    project_id, lead_id, token = _world(app)
    client = ApiClient(app.test_client(), Team(project_id, 0, 0, 0, 0, tokens={"lead": token}))
    counter = itertools.count()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(cases())
    def check(case):
        text, start, end, exact = case
        text = f"{text} #{next(counter)}"   # a new article each time (content hashes differ)
        with app.app_context():
            lead = db.session.get(article_service.User, lead_id)
            article = article_service.import_text(project_id, lead, text,
                                                  article_service.Provenance(title="T37"))
            db.session.commit()
            article_id = article.id
        url = f"/api/v1/projects/{project_id}/articles/{article_id}/annotations/"
        doc = {"type": "Annotation", "bodyValue": "A claim.", "target": {"selector": [
            {"type": "TextQuoteSelector", "exact": exact},
            {"type": "TextPositionSelector", "start": start, "end": end}]}}
        response = client.post(url, doc)
        span = expected_span(text, start, end, exact)
        if span is None:
            assert response.status_code == 422, (case, response.get_data(as_text=True))
            detail = problem(response)["detail"]
            assert any(words in detail for words in (
                "does not match", "outside", "missing or empty")), detail
            return
        assert response.status_code == 201, (case, response.get_data(as_text=True))
        back = client.get(response.headers["Location"].replace("http://localhost", ""))
        target = back.get_json(force=True)["target"]
        quote, position = target["selector"]
        start, end = span
        assert (position["start"], position["end"]) == (start, end)
        assert quote["exact"] == text[start:end] == exact
        found = anchor(target, text)
        assert (found.start, found.end, found.by) == (start, end, "position (code points)")
        assert (quote["prefix"], quote["suffix"]) == (text[max(0, start - 32):start], text[end:end + 32])

    check()


def test_a_hypothesis_annotation_anchors_in_the_api_as_in_an_import(app):
    """The API anchors through the same function as the import: UTF-16 offsets (what a browser
    tool counts) are recognised, stored as code points; a refusal shows the text as written."""
    project_id, lead_id, token = _world(app)
    client = ApiClient(app.test_client(), Team(project_id, 0, 0, 0, 0, tokens={"lead": token}))
    text = "The family \U0001F468\u200d\U0001F469\u200d\U0001F467 fled; 26 were killed."
    with app.app_context():
        lead = db.session.get(article_service.User, lead_id)
        article_id = article_service.import_text(project_id, lead, text,
                                                 article_service.Provenance(title="Family")).id
        db.session.commit()
    url = f"/api/v1/projects/{project_id}/articles/{article_id}/annotations/"

    def post(exact, start, end):
        return client.post(url, {"type": "Annotation", "bodyValue": "A claim.", "target": {"selector": [
            {"type": "TextQuoteSelector", "exact": exact},
            {"type": "TextPositionSelector", "start": start, "end": end}]}})

    utf16 = len(text[:text.index("26")].encode("utf-16-le")) // 2
    response = post("26 were killed", utf16, utf16 + 14)
    assert response.status_code == 201, response.get_data(as_text=True)
    position = response.get_json(force=True)["target"]["selector"][1]
    assert text[position["start"]:position["end"]] == "26 were killed"
    assert position["start"] == text.index("26") != utf16
    detail = problem(post("The family fled", 0, 16))["detail"]
    assert "the text there reads “The family \U0001F468\u200d\U0001F469\u200d\U0001F467”" in detail
