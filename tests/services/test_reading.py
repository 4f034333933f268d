"""The reading view's layout: paragraphs and highlight segments with exact offsets."""
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.services.reading import layout


def test_overlapping_claims_share_segments():
    text = "alpha beta gamma"
    paragraphs = layout(text, [(1, 0, 10), (2, 6, 16)], (0, len(text)))
    [p] = paragraphs
    assert [(s.start, s.text, s.claim_ids) for s in p.segments] == [
        (0, "alpha ", [1]), (6, "beta", [1, 2]), (10, " gamma", [2])]


def test_paragraphs_split_at_newlines_and_chrome_is_marked():
    text = "Site name\n\nBody line one.\nBody line two.\nScroll Up"
    body = (text.index("Body"), text.index("two.") + 4)
    paragraphs = layout(text, [], body)
    assert [(p.start, p.chrome, "".join(s.text for s in p.segments)) for p in paragraphs] == [
        (0, True, "Site name"), (11, False, "Body line one."), (26, False, "Body line two."),
        (41, True, "Scroll Up")]


def test_a_claim_across_paragraphs_is_highlighted_in_both():
    text = "one two\nthree four"
    paragraphs = layout(text, [(7, 4, 13)], (0, len(text)))
    marked = [(s.start, s.text) for p in paragraphs for s in p.segments if s.claim_ids == [7]]
    assert marked == [(4, "two"), (8, "three")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n😀é", min_size=1, max_size=40), st.data())
def test_segments_cover_the_text_exactly(text, data):
    spans = []
    for cid in range(data.draw(st.integers(0, 4))):
        start = data.draw(st.integers(0, len(text) - 1))
        spans.append((cid, start, data.draw(st.integers(start + 1, len(text)))))
    rebuilt = {}
    for p in layout(text, spans, (0, len(text))):
        for s in p.segments:
            assert text[s.start:s.start + len(s.text)] == s.text
            assert sorted(s.claim_ids) == [c for c, a, b in spans if a <= s.start and s.start + len(s.text) <= b]
            rebuilt[s.start] = s.text
    assert "".join(rebuilt[k] for k in sorted(rebuilt)) == text.replace("\n", "")


def test_suggestions_share_segments_with_claims_and_each_other():
    text = "alpha beta gamma delta"
    [p] = layout(text, [(1, 6, 16)], (0, len(text)), [(7, 0, 10), (8, 6, 22)])
    assert [(s.text, list(s.claim_ids), list(s.suggestion_ids)) for s in p.segments] == [
        ("alpha ", [], [7]), ("beta", [1], [7, 8]), (" gamma", [1], [8]), (" delta", [], [8])]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab\n😀", min_size=1, max_size=40), st.data())
def test_suggestion_segments_are_exactly_where_their_spans_are(text, data):
    def spans():
        found = []
        for sid in range(data.draw(st.integers(0, 4))):
            start = data.draw(st.integers(0, len(text) - 1))
            found.append((sid, start, data.draw(st.integers(start + 1, len(text)))))
        return found
    claims, suggestions = spans(), spans()
    for p in layout(text, claims, (0, len(text)), suggestions):
        for s in p.segments:
            inside = lambda found: sorted(i for i, a, b in found if a <= s.start and s.start + len(s.text) <= b)
            assert (sorted(s.claim_ids), sorted(s.suggestion_ids)) == (inside(claims), inside(suggestions))
