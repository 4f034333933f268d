"""Issue 12 (8): one anchoring. Re-anchoring a claim into a new revision and importing another
tool's annotation with the same quote, prefix and suffix into that text find the same words
(``webapp.revisions.anchoring.find`` does both): exactly, with other spaces and line breaks,
approximately, by context among several occurrences; and where the words are gone, neither
places them."""
import pytest

from webapp.interop.anchoring import APPROXIMATE, QUOTE, AnchorError, anchor
from webapp.revisions.anchoring import CHANGED, MOVED, ORPHANED, Span, reanchor

OLD = ("Residents described long queues for bread. Thus far, 26 ISIS militants have been killed "
       "and dozens more injured, a Swedish foreign fighter operating in SDF ranks said. The road "
       "to Tabqa remains closed, aid groups said. The road to Tabqa was shelled, a resident said.")
FIGURE = "26 ISIS militants have been killed and dozens more injured"
ROAD = "The road to Tabqa"


def _span(quote: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = OLD.index(quote, start + 1)
    end = start + len(quote)
    return Span(start, end, quote, OLD[max(0, start - 32):start], OLD[end:end + 32])


def _both(new: str, span: Span):
    """Where re-anchoring puts the span in ``new``, and where an import of the annotation
    with the same selectors (its position the old one, which no longer fits) does."""
    placed = reanchor(OLD, new, [span])[0]
    target = {"selector": [
        {"type": "TextQuoteSelector", "exact": span.quote, "prefix": span.prefix, "suffix": span.suffix},
        {"type": "TextPositionSelector", "start": span.start, "end": span.end}]}
    try:
        imported = anchor(target, new)
    except AnchorError as exc:
        imported = exc
    return placed, imported


CASES = {
    "exact, moved": ("Update: the monitor revised nothing. " + OLD, FIGURE, 0, MOVED, QUOTE),
    "other spaces": (OLD.replace("have been killed and", "have been\nkilled  and"), FIGURE, 0,
                     MOVED, QUOTE),
    "approximate": ("Update: the monitor revised its account. " + OLD.replace("26 ISIS", "23 ISIS"),
                    FIGURE, 0, CHANGED, APPROXIMATE),
    "by context, of two": ("Update. " + OLD, ROAD, 1, MOVED, QUOTE),
}


@pytest.mark.parametrize("case", CASES)
def test_both_find_the_same_words(case):
    new, quote, nth, state, by = CASES[case]
    placed, imported = _both(new, _span(quote, nth))
    assert placed.state == state
    assert not isinstance(imported, AnchorError), imported
    assert (imported.start, imported.end, imported.by) == (placed.start, placed.end, by)
    assert new[placed.start:placed.end] == placed.quote


def test_approximately_both_take_the_new_words():
    new = CASES["approximate"][0]
    placed, imported = _both(new, _span(FIGURE))
    assert placed.quote == new[imported.start:imported.end] == FIGURE.replace("26", "23")
    assert imported.how.startswith("approximate quote (")


def test_where_the_words_are_gone_neither_places_them():
    new = OLD.replace("Thus far, 26 ISIS militants have been killed and dozens more injured, a "
                      "Swedish foreign fighter operating in SDF ranks said. ", "")
    placed, imported = _both(new, _span(FIGURE))
    assert placed.state == ORPHANED
    assert isinstance(imported, AnchorError) and "do not occur" in imported.message


def test_the_api_asks_for_the_quote_verbatim():
    """A client of the API says which words it means: other spaces or other words are refused
    there, not guessed."""
    for case in ("other spaces", "approximate"):
        new, quote, *_ = CASES[case]
        target = {"selector": {"type": "TextQuoteSelector", "exact": quote}}
        with pytest.raises(AnchorError):
            anchor(target, new, exactly=True)
