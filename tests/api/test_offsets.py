"""T37: for random article text (Arabic, combining marks, emoji outside the BMP, NBSP, CRLF) and a
random span, POST an annotation with both selectors: it is accepted if and only if
``text[start:end] == exact``, a refusal is 422 saying what does not match, and what is accepted
reads back with selectors that re-anchor to the same span. Offsets count code points.

``T37_EXAMPLES`` sets the number of examples (500 by default).
"""
import itertools
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_project, make_user
from webapp.extensions import db
from webapp.interop.annotation import anchor
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
    return text, start, end, exact


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
        valid = 0 <= start < end <= len(text) and exact != "" and text[start:end] == exact
        if not valid:
            assert response.status_code == 422, (case, response.get_data(as_text=True))
            detail = problem(response)["detail"]
            assert any(words in detail for words in (
                "does not match", "outside", "missing or empty")), detail
            return
        assert response.status_code == 201, (case, response.get_data(as_text=True))
        back = client.get(response.headers["Location"].replace("http://localhost", ""))
        target = back.get_json(force=True)["target"]
        quote, position = target["selector"]
        assert (position["start"], position["end"]) == (start, end)
        assert quote["exact"] == text[start:end] == exact
        assert anchor(target, text) == (start, end)
        assert (quote["prefix"], quote["suffix"]) == (text[max(0, start - 32):start], text[end:end + 32])

    check()
