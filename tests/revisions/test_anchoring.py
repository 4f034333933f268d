"""Re-anchoring claims to a new revision (issue 12, 2): worked examples of each outcome, each
written out — the old text, the new one, the claim, and where it must land."""
from webapp.revisions.anchoring import (CHANGED, MOVED, ORPHANED, UNCHANGED, Changes, Span,
                                        reanchor)

OLD = ("Menu\n\nRAQQA — Thus far, 26 ISIS militants have been killed and dozens more injured, "
       "a Swedish foreign fighter operating in SDF ranks said. Residents described long queues "
       "for bread. The road to Tabqa remains closed, aid groups said.\n\nShare this")
CLAIM = "26 ISIS militants have been killed and dozens more injured"


def span(text: str, quote: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    return Span(start, end, quote, text[max(0, start - 32):start], text[end:end + 32])


def one(old: str, new: str, claim: Span):
    (placed,) = reanchor(old, new, [claim])
    return placed


def test_the_same_text_leaves_every_claim_unchanged():
    placed = one(OLD, OLD, span(OLD, CLAIM))
    assert (placed.state, placed.start, placed.quote) == (UNCHANGED, OLD.index(CLAIM), CLAIM)


def test_a_sentence_inserted_before_moves_the_claim_by_its_length():
    new = OLD.replace("RAQQA — ", "RAQQA — Update: the monitor revised its account. ")
    placed = one(OLD, new, span(OLD, CLAIM))
    assert placed.state == MOVED
    assert (placed.start, placed.end) == (new.index(CLAIM), new.index(CLAIM) + len(CLAIM))
    assert placed.start - OLD.index(CLAIM) == len("Update: the monitor revised its account. ")


def test_a_changed_figure_is_found_where_it_changed_with_the_new_words():
    new = OLD.replace("26 ISIS", "23 ISIS")
    placed = one(OLD, new, span(OLD, CLAIM))
    assert placed.state == CHANGED
    assert placed.quote == "23 ISIS militants have been killed and dozens more injured"
    assert placed.start == new.index("23 ISIS")


def test_a_removed_sentence_orphans_its_claim_and_nothing_else():
    sentence = ("Thus far, 26 ISIS militants have been killed and dozens more injured, a Swedish "
                "foreign fighter operating in SDF ranks said. ")
    new = OLD.replace(sentence, "")
    road = "The road to Tabqa remains closed"
    gone, kept = reanchor(OLD, new, [span(OLD, CLAIM), span(OLD, road)])
    assert gone.state == ORPHANED and gone.start is None and gone.quote == ""
    assert kept.anchored and new[kept.start:kept.end] == road


def test_a_reflowed_text_keeps_the_claim_at_its_words_with_the_new_line_breaks():
    new = OLD.replace("have been killed", "have\nbeen killed").replace("\n\nShare", "\nShare")
    placed = one(OLD, new, span(OLD, CLAIM))
    assert placed.state == MOVED and placed.quote == CLAIM.replace("have been", "have\nbeen")
    assert new[placed.start:placed.end] == placed.quote


def test_a_moved_paragraph_carries_its_claims():
    old = "First paragraph about Raqqa.\n\nSecond: 12 civilians were killed in Manbij, a resident said.\n\nThird."
    new = "Second: 12 civilians were killed in Manbij, a resident said.\n\nFirst paragraph about Raqqa.\n\nThird."
    quote = "12 civilians were killed in Manbij"
    placed = one(old, new, span(old, quote))
    assert (placed.state, placed.start) == (MOVED, new.index(quote))


def test_of_two_occurrences_the_one_whose_context_fits_is_chosen():
    old = ("In Raqqa, 12 civilians were killed, the monitor said. In Manbij, 12 civilians were "
           "killed, a resident said.")
    new = "Update. " + old
    quote = "12 civilians were killed"
    second = one(old, new, span(old, quote, nth=1))
    assert second.start == new.index(quote, new.index(quote) + 1)


def test_an_approximate_match_never_takes_another_claims_words():
    """The sentence of the first claim is removed; the next sentence is much like it and is a
    claim of its own: the first is orphaned, not moved onto the second's words."""
    old = ("Nearly 1,000 ISIS militants have been killed near Hajin, said an analyst. Nearly "
           "1,000 ISIS militants have been killed near Raqqa, the correspondent reported.")
    new = old.split(". ", 1)[1]
    hajin = span(old, "Nearly 1,000 ISIS militants have been killed near Hajin")
    raqqa = span(old, "Nearly 1,000 ISIS militants have been killed near Raqqa")
    gone, kept = reanchor(old, new, [hajin, raqqa])
    assert gone.state == ORPHANED
    assert (kept.state, kept.start) == (MOVED, 0)


def test_a_short_quote_is_found_exactly_or_orphaned_never_guessed():
    old = "The toll rose to 26 on Friday."
    new = "The toll rose to 28 on Friday."
    assert one(old, new, span(old, "26")).state == ORPHANED


def test_the_diff_maps_positions_and_says_what_it_kept():
    changes = Changes("alpha beta gamma delta", "alpha beta NEW gamma delta")
    assert changes.position(11) == 15                 # "gamma" moved by "NEW "
    assert changes.kept(0, 10) == 1.0                 # "alpha beta" kept
    assert Changes("alpha beta", "gamma").kept(0, 10) == 0.0
