"""The English suggestion rules on worked sentences (issue 13): each form of figure,
attribution and hedge that real reporting uses is found and read, and the sentences that must
not be suggested (dates, street numbers, page counts, ages, "one of the") are not."""
import pytest

from webapp.suggestions.engine import suggest


def one(text: str):
    found = suggest(text)
    assert len(found) == 1, [s.quote for s in found]
    return found[0]


def values(suggestion):
    return [(f["kind"], f["low"], f["high"], f["term"], f["counts"], f["who"]) for f in suggestion.figures]


@pytest.mark.parametrize("sentence, figure", [
    ("Thus far, 26 ISIS militants have been killed, a fighter said.", ("exact", 26, 26, "", "killed", "combatants")),
    ("Twenty-six civilians were killed in the strike.", ("exact", 26, 26, "", "killed", "civilians")),
    ("One hundred and five people died in the floods.", ("exact", 105, 105, "", "killed", "unknown")),
    ("The shelling killed at least 12 children.", ("at_least", 12, None, "", "killed", "children")),
    ("The attack left over 500 ISIS militants dead.", ("more_than", 500, None, "", "killed", "combatants")),
    ("Between 20 and 30 soldiers were wounded.", ("range", 20, 30, "", "injured", "combatants")),
    ("Nearly 100 women were abducted from the camp.", ("at_most", None, 100, "", "abducted", "women")),
    ("Dozens of civilians were displaced by the fighting.", ("vague", None, None, "dozens", "displaced", "civilians")),
    ("Up to 15 miners are missing after the collapse.", ("up_to", None, 15, "", "missing", "civilians")),
    ("1,200 people fled the town overnight.", ("exact", 1200, 1200, "", "displaced", "unknown")),
    ("A dozen fighters were captured near the bridge.", ("exact", 12, 12, "", "captured", "combatants")),
    ("Police arrested 40 protesters on Friday.", ("exact", 40, 40, "", "detained", "civilians")),
])
def test_each_form_of_figure_is_found_and_coded(sentence, figure):
    assert values(one(sentence))[0] == figure


def test_the_seed_articles_figure_claim_is_suggested_as_a_reviewer_marks_it():
    text = ("Thus far, 26 ISIS militants have been killed and dozens more injured in the aforementioned "
            "firefights, a Swedish foreign fighter operating in SDF ranks said.")
    s = one(text)
    assert s.quote == "26 ISIS militants have been killed and dozens more injured"
    assert s.kind == "casualty_figure"
    assert values(s) == [("exact", 26, 26, "", "killed", "combatants"),
                         ("vague", None, None, "dozens", "injured", "combatants")]
    assert s.attribution_text == "a Swedish foreign fighter operating in SDF ranks said"
    assert (s.speaker, s.source_type, s.named) == ("a Swedish foreign fighter operating in SDF ranks", "combatant", "unnamed")
    assert text[s.start:s.end] == s.quote


@pytest.mark.parametrize("sentence, speaker, named", [
    ("According to the Syrian Observatory for Human Rights, 14 civilians were killed.",
     "the Syrian Observatory for Human Rights", "named_organisation"),
    ("Fourteen civilians were killed, according to the Syrian Observatory for Human Rights.",
     "the Syrian Observatory for Human Rights", "named_organisation"),
    ("Local officials told AFP that 30 people had died.", "Local officials", "unnamed"),
    ("At least 8 soldiers were killed, a monitor said.", "a monitor", "unnamed"),
    ("Eleven people were killed, said Colonel Ahmed al-Mismari.", "Colonel Ahmed al-Mismari", "named_person"),
    ("Nine fighters died, per a UN tally.", "a UN tally", "unnamed"),
])
def test_the_speaker_is_found_before_or_after_its_cue(sentence, speaker, named):
    s = one(sentence)
    assert s.speaker == speaker and s.named == named


def test_a_nested_source_keeps_the_first_speaker():
    s = one("Five civilians were killed, the ministry said, citing local hospitals.")
    assert s.speaker == "the ministry" and s.source_type == "official"


@pytest.mark.parametrize("sentence, hedge", [
    ("ISIS commanders reportedly hope to drive US allies back across Lake Assad.", "reportedly"),
    ("The group allegedly executed 12 prisoners.", "allegedly"),
    ("It is believed that the convoy was carrying weapons.", "It is believed"),
    ("Unconfirmed reports put the toll at 40 dead.", "Unconfirmed reports"),
])
def test_hedges_are_found(sentence, hedge):
    assert hedge in one(sentence).hedging


@pytest.mark.parametrize("sentence", [
    "The report was published on 12 May 2017 in London.",
    "The convoy drove along Route 7 towards the border.",
    "The 34-year-old man lives at 221 Baker Street.",
    "The dossier runs to 400 pages and cost $2 million.",
    "One of the villages was shelled in 2019.",
    "Turnout was 62 percent, officials said.",
    "Resolution 2254 calls for a ceasefire.",
    "The meeting began at 10:30 on Tuesday.",
    "Phase four of the plan starts next week.",
])
def test_what_is_not_a_figure_is_not_suggested(sentence):
    assert suggest(sentence) == []


def test_offsets_point_into_the_text_with_its_chrome_and_odd_spaces():
    text = "Menu | Home\n\nThus far,\u00a026 ISIS militants have been killed, a fighter said.\n\nScroll Up"
    s = one(text)
    assert text[s.start:s.end] == s.quote == "26 ISIS militants have been killed"
    for part in s.parts:
        assert 0 <= part["start"] < part["end"] <= len(text)
    assert suggest(text, body=(13, len(text) - 10))[0].start == s.start
