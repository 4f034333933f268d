"""The figure parser's worked examples, and how figures compare (ACLED's conservative rule)."""
import pytest

from webapp.corroboration.figures import (category, comparable, describe, figure_range, parse,
                                          parse_lines, read_description)
from webapp.corroboration.vague_terms import ACLED_DEFAULTS as TERMS


@pytest.mark.parametrize("text, kind, low, high, term, counts, who", [
    ("26 killed", "exact", 26, 26, "", "killed", "unknown"),
    ("at least 26 ISIS militants killed", "at_least", 26, None, "", "killed", "combatants"),
    ("over 500 civilians", "more_than", 500, None, "", "", "civilians"),
    ("more than 1,200 displaced", "more_than", 1200, None, "", "displaced", "unknown"),
    ("dozens injured", "vague", None, None, "dozens", "injured", "unknown"),
    ("hundreds of civilians killed", "vague", None, None, "hundreds", "killed", "civilians"),
    ("10-15 killed", "range", 10, 15, "", "killed", "unknown"),
    ("between 10 and 15 children wounded", "range", 10, 15, "", "injured", "children"),
    ("10 to 15 fighters captured", "range", 10, 15, "", "captured", "combatants"),
    ("up to 40 detained", "up_to", None, 40, "", "detained", "unknown"),
    ("nearly 30 women died", "at_most", None, 30, "", "killed", "women"),
    ("about 20 dead", "about", 20, 20, "", "killed", "unknown"),
    ("around twelve soldiers", "about", 12, 12, "", "", "combatants"),
    ("a dozen kidnapped", "exact", 12, 12, "", "abducted", "unknown"),
    ("two hundred missing", "exact", 200, 200, "", "missing", "unknown"),
    ("26+ dead", "at_least", 26, None, "", "killed", "unknown"),
    ("26 — ISIS militants killed", "exact", 26, 26, "", "killed", "combatants"),
    # The old form's "value — what it counts": a number after the dash is not the figure.
    ("over 500 — ISIS militants killed (phase four of Euphrates Wrath)", "more_than", 500, None, "",
     "killed", "combatants"),
])
def test_worked_examples(text, kind, low, high, term, counts, who):
    assert parse(text, TERMS) == {"kind": kind, "low": low, "high": high, "term": term,
                                  "counts": counts, "who": who, "text": text}


@pytest.mark.parametrize("text", [
    "", "several killed", "26 killed and dozens injured", "killed or injured: 5",
    "in 2017, 26 killed", "civilians and fighters: 40", "F3", "26 killed\n12 injured",
])
def test_what_does_not_read_one_way_is_left_as_text(text):
    assert parse(text, TERMS) is None


def test_only_the_projects_vague_terms_are_vague_quantities():
    assert parse("scores killed", TERMS) is None
    assert parse("scores killed", {**TERMS, "scores": 20})["term"] == "scores"


def test_free_text_reads_only_if_every_line_does():
    assert [f["low"] for f in parse_lines("26 — ISIS militants killed\ndozens — injured", TERMS)] == [26, None]
    assert parse_lines("26 killed\nsome more later", TERMS) is None
    assert parse_lines("", TERMS) is None


def test_comparable_numbers_and_the_conservative_figure():
    reports = [("A", parse("at least 26 militants killed", TERMS)),
               ("B", parse("dozens of militants killed", TERMS)),
               ("C", parse("up to 40 militants killed", TERMS)),
               ("D", parse("30-35 militants killed", TERMS))]
    assert {category(f) for _, f in reports} == {("killed", "combatants")}
    assert [comparable(f, TERMS) for _, f in reports] == [(26, None), (12, None), (None, 40), (30, 35)]
    assert figure_range(reports, TERMS) == {"minimum": (12, "B"), "maximum": (40, "C"),
                                            "conservative": (12, "B")}
    assert figure_range([("C", reports[2][1])], TERMS)["conservative"] is None
    assert figure_range([], TERMS) == {"minimum": None, "maximum": None, "conservative": None}


def test_described_for_people():
    assert describe(parse("at least 26 combatants killed", TERMS)) == "at least 26 · killed · combatants"
    assert describe(parse("dozens injured", TERMS), TERMS) == "dozens (12) · injured · unknown"
    assert describe(parse("10-1,500 displaced", TERMS)) == "10–1,500 · displaced · unknown"


@pytest.mark.parametrize("text", [
    "26 killed", "at least 26 ISIS militants killed", "over 1,200 displaced", "about 20 injured",
    "up to 40 detained", "nearly 30 women died", "between 10 and 1,500 civilians killed",
    "dozens of civilians killed", "thousands displaced", "over 500 civilians"])
def test_a_described_figure_reads_back_as_the_figure(text):
    """What the CSV export writes (``describe``) is what an import reads: every key but the
    figure's own words, and the number a vague quantity is coded as."""
    figure = parse(text, TERMS)
    read = read_description(describe(figure, TERMS))
    coded = read.pop("coded", None)
    assert read == {k: v for k, v in figure.items() if k != "text"}
    assert coded == (TERMS[figure["term"]] if figure["kind"] == "vague" else None)


def test_a_line_not_in_the_described_form_is_not_read():
    assert read_description("26 ISIS militants killed") is None
    assert read_description("26 · killed") is None
    assert read_description(" · killed · civilians") is None
    assert read_description("dozens · injured · unknown")["coded"] is None   # no number given
    assert read_description("26 · — · unknown")["counts"] == ""
