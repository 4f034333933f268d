"""The hand-labelled evaluation set for claim suggestions (bench/suggestions_eval/) loads, every
label points at its own words, the figures' values agree with their kinds, and the set holds the
forms real reporting uses — and the negatives a suggester must leave alone."""
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "bench" / "suggestions_eval"
sys.path.insert(0, str(EVAL))
import load as evalset  # noqa: E402


@pytest.fixture(scope="module")
def articles():
    return evalset.load()


@pytest.fixture(scope="module")
def body(articles):
    return [a for a in articles if a.file == "articles.jsonl"]


@pytest.fixture(scope="module")
def claims(body):
    return [c for a in body for c in a.claims]


@pytest.fixture(scope="module")
def figures(claims):
    return [f for c in claims for f in c.figures]


def test_both_files_load_with_sixty_articles_and_the_demo(articles, body):
    assert len(body) >= 60
    assert [a.id for a in articles if a.file == "demo.jsonl"] == ["demo"]
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids))
    for a in body:
        assert 750 <= a.words <= 1100, (a.id, a.words)   # the length of a real wire report
        assert a.title and 3 <= len(a.claims) <= 15, a.id


def test_the_json_lines_are_built_from_the_sources():
    run = subprocess.run([sys.executable, str(EVAL / "build.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_span_holds_its_own_words(articles):
    for a in articles:
        t = a.text
        for c in a.claims:
            spans = [c.span, *(f.span for f in c.figures), *c.hedges]
            if c.attribution:
                spans += [c.attribution.span, c.attribution.speaker]
                if c.attribution.via:
                    spans.append(c.attribution.via)
            for s in spans:
                assert t[s.start:s.end] == s.text and s.text == s.text.strip(), (a.id, s)
            for f in c.figures:  # a figure sits inside its claim
                assert c.span.start <= f.span.start and f.span.end <= c.span.end, (a.id, f.text)
            if c.attribution:
                att, sp = c.attribution.span, c.attribution.speaker
                assert att.start <= sp.start and sp.end <= att.end
                # the speaker opens the attribution ("X said") or closes it ("according to X", "said X")
                assert sp.start == att.start or sp.end == att.end, (a.id, att.text)
                # an attribution is not part of its own quote
                assert att.end <= c.span.start or att.start >= c.span.end, (a.id, att.text)
        for n in a.negatives:
            assert t[n.span.start:n.span.end] == n.span.text
            for f in a.figures:  # a negative is never a gold figure
                assert n.span.end <= f.span.start or n.span.start >= f.span.end, (a.id, n.span.text, f.text)


def test_a_missing_string_is_named_with_its_article(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x1", "title": "t", "text": "Ten people died, police said.", "claims": ['
                   '{"quote": "Ten people died", "kind": "casualty_figure", "figures": [{"text": "Eleven",'
                   ' "kind": "exact", "low": 11, "high": 11, "term": "", "counts": "killed", "who": "unknown"}],'
                   ' "attribution": null, "hedges": []}]}\n', encoding="utf-8")
    with pytest.raises(evalset.LabelError, match=r"x1: figure 'Eleven'"):
        evalset.load(bad)


def test_figure_values_agree_with_their_kinds(articles):
    for a in articles:
        for f in a.figures:
            where = (a.id, f.text, f.kind, f.low, f.high)
            if f.kind in ("exact", "about"):
                assert f.low is not None and f.low == f.high, where
            elif f.kind in ("at_least", "more_than"):
                assert f.low is not None and f.high is None, where
            elif f.kind in ("at_most", "up_to"):
                assert f.low is None and f.high is not None, where
            elif f.kind == "range":
                assert f.low is not None and f.high is not None and f.low < f.high, where
            else:
                assert f.kind == "vague" and f.low is None and f.high is None and f.term, where
            assert bool(f.term) == (f.kind == "vague"), where
            digits = re.sub(r"[^\d]", "", f.text.split()[-1]) if re.search(r"\d", f.text) else ""
            if digits and f.kind != "range" and "million" not in f.text:  # "at least 12" carries 12
                assert int(digits) in (f.low, f.high), where


def test_a_claim_is_a_casualty_figure_exactly_when_it_counts_casualties(articles):
    for a in articles:
        for c in a.claims:
            assert (c.kind == "casualty_figure") == any(f.is_casualty for f in c.figures), (a.id, c.quote)


def test_number_words_carry_their_values(figures):
    values = {(f.text, f.low, f.high) for f in figures}
    for expected in [("Twenty-six", 26, 26), ("twenty-six", 26, 26), ("Eleven", 11, 11),
                     ("at least eleven", 11, None), ("Twenty-nine", 29, 29), ("Forty-nine", 49, 49),
                     ("Twenty-seven", 27, 27), ("Seventeen", 17, 17), ("a dozen", 12, 12),
                     ("More than a dozen", 12, None), ("nearly two million", None, 2_000_000),
                     ("half a million", 500_000, 500_000), ("More than two million", 2_000_000, None)]:
        assert expected in values, expected


def test_at_least_150_casualty_figures_of_every_count_and_who(figures):
    casualty = [f for f in figures if f.is_casualty]
    assert len(casualty) >= 150
    counts = Counter(f.counts for f in figures)
    for kind in ("killed", "injured", "captured", "detained", "abducted", "missing", "displaced", "other"):
        assert counts[kind] >= 3, kind
    who = Counter(f.who for f in figures)
    for kind in ("civilians", "combatants", "children", "women", "unknown"):
        assert who[kind] >= 3, kind
    assert any(f.combined == ("killed", "injured") for f in figures)


def test_the_figure_forms_of_real_reporting_are_all_there(figures):
    texts = [f.text for f in figures]
    by_kind = Counter(f.kind for f in figures)
    for kind in ("exact", "about", "at_least", "more_than", "at_most", "up_to", "range", "vague"):
        assert by_kind[kind] >= 3, kind

    def has(pattern, at_least=1):
        found = [t for t in texts if re.fullmatch(pattern, t)]
        assert len(found) >= at_least, (pattern, found)

    has(r"\d{1,3}", 20)                     # 26
    has(r"\d{1,3}(,\d{3})+", 10)            # 1,200
    has(r"(?i)(twenty|thirty|forty)-\w+", 3)  # twenty-six
    has(r"(?i)(two|three|four|five|six|seven|eight|nine|eleven)", 10)
    has(r"(?i)dozens", 5)
    has(r"(?i)scores", 3)
    has(r"(?i)hundreds", 4)
    has(r"(?i)thousands", 5)
    has(r"(?i)(tens|hundreds) of thousands", 3)
    has(r"(?i)several", 3)
    has(r"(?i)over [\d,]+", 3)
    has(r"(?i)more than [\d,]+( million)?", 10)
    has(r"(?i)at least \w+", 15)
    has(r"(?i)between [\d,]+ and [\d,]+", 4)
    has(r"[\d,]+–[\d,]+")                   # 10,000–15,000
    has(r"(?i)nearly [\d,]+", 3)
    has(r"(?i)up to [\d,]+", 3)
    has(r"(?i)as many as [\d,]+", 2)
    has(r"(?i)a dozen")
    has(r"(?i)(about|around|some|an estimated) [\d,.]+( million)?", 10)
    has(r"(?i)fewer than [\d,]+")
    has(r"(?i)no fewer than \d+")
    dozens_more = [f for f in figures if f.text == "Dozens" and f.counts == "injured"]
    assert dozens_more                       # "Dozens more were wounded"


def test_the_claims_use_passive_and_active_voice(claims):
    quotes = [c.quote for c in claims]
    assert sum(bool(re.search(r"\b(were|was|have been|had been) (killed|wounded|injured|detained|arrested)", q))
               for q in quotes) >= 20
    assert sum(q.startswith("killing ") for q in quotes) >= 5


def test_the_attribution_forms_are_all_there(claims):
    atts = [c.attribution for c in claims if c.attribution]
    texts = [a.span.text for a in atts]
    cues = Counter(a.cue for a in atts)
    assert len(atts) >= 300
    assert sum(t.endswith(" said") for t in texts) >= 100            # "…, a monitor said"
    assert sum(t.startswith("According to") for t in texts) >= 3     # "According to X, …"
    assert sum(t.startswith("according to") for t in texts) >= 15
    assert any(t.endswith("told Reuters") for t in texts)
    assert "a monitor said" in texts
    assert cues["per"] >= 4 and cues["claimed"] >= 4 and cues["cited"] >= 2 and cues["told"] >= 20
    assert sum(t.startswith("said ") for t in texts) >= 5            # "said Colonel X, a spokesman for Y"
    vias = [a for a in atts if a.via]
    assert sum(", citing " in a.span.text for a in vias) >= 4
    assert sum(", quoting " in a.span.text for a in vias) >= 2
    assert sum("condition of anonymity" in a.speaker.text for a in atts) >= 3
    assert any(a.speaker.text == "the Syrian Observatory for Human Rights" for a in atts)
    assert any(a.speaker.text.startswith("Colonel Salem al-Ferjani, a spokesman for") for a in atts)
    named = Counter(a.named for a in atts)
    assert named["named_person"] >= 30 and named["named_organisation"] >= 100 and named["unnamed"] >= 80
    types = Counter(a.source_type for a in atts)
    for kind in ("official", "armed_group", "combatant", "eyewitness", "media", "monitor",
                 "social_media", "document", "expert"):
        assert types[kind] >= 1, kind
    assert sum(c.attribution is None for c in claims) >= 30          # the outlet's own assertions


def test_the_hedges_are_all_there(claims):
    hedges = Counter(h.text.lower() for c in claims for h in c.hedges)
    for word in ("reportedly", "allegedly", "it is believed", "unconfirmed reports", "is thought to",
                 "according to unverified accounts", "appeared to", "claimed", "suspected",
                 "believed to be", "could not be independently verified"):
        assert hedges[word] >= 1, word
    assert hedges["appeared to"] >= 5 and hedges["claimed"] >= 5
    assert sum(hedges.values()) >= 50


def test_the_negatives_are_all_there(articles):
    kinds = Counter(n.kind for a in articles for n in a.negatives)
    for kind in ("date", "time", "age", "address", "road", "page_count", "phone", "percentage", "money",
                 "one_of", "one_day", "two_sides", "resolution", "ordinal_label", "unit_name", "score",
                 "year", "duration", "thing_count", "chrome", "not_a_cue"):
        assert kinds[kind] >= 1, kind
    texts = {n.span.text for a in articles for n in a.negatives}
    for text in ("Route 7", "Resolution 2254", "Phase four", "the 5th Brigade", "the two sides", "3-2",
                 "34-year-old", "turnout of 43%"):
        assert text in texts, text
    assert sum(kinds.values()) >= 250


def test_scraped_page_chrome_and_non_ascii_text(body):
    texts = [a.text for a in body]
    assert sum("Share this" in t for t in texts) >= 3
    assert sum("Scroll Up" in t or "Scroll to top" in t for t in texts) >= 2
    assert sum("\u00a0" in t for t in texts) >= 2
    assert sum("“" in t for t in texts) >= 40 and sum("’" in t for t in texts) >= 40
    assert sum("—" in t for t in texts) >= 40


def test_the_demo_article_and_its_six_claims(articles):
    demo = next(a for a in articles if a.id == "demo")
    assert demo.text == (ROOT / "webapp" / "demo" / "raqqa-counter-offensive-2017-05-11.txt").read_text(encoding="utf-8")
    quotes = [c.quote for c in demo.claims]
    assert quotes == [
        "26 ISIS militants have been killed and dozens more injured",
        "The source did not specify Kurdish casualties from the ISIS attacks.",
        "forcing them to call upon US air support to repel the attack",
        "ISIS commanders reportedly hope to drive US allies back across Lake Assad",
        "Phase four of the Euphrates Wrath offensive has already resulted in the death of over 500 ISIS militants",
        "diverted thousands of jihadists from Raqqa city to elsewhere in the country",
    ]
    first, second, third, fourth, fifth, sixth = demo.claims
    for c in (first, second):
        assert c.attribution.span.text == "a Swedish foreign fighter operating in SDF ranks said"
        assert c.attribution.speaker.text == "a Swedish foreign fighter operating in SDF ranks"
        assert (c.attribution.source_type, c.attribution.named) == ("combatant", "unnamed")
    assert [(f.text, f.kind, f.low, f.high, f.term, f.counts) for f in first.figures] == [
        ("26", "exact", 26, 26, "", "killed"), ("dozens", "vague", None, None, "dozens", "injured")]
    assert third.attribution is None and fifth.attribution is None and sixth.attribution is None
    assert [h.text for h in fourth.hedges] == ["reportedly"] and fourth.attribution is None
    assert [(f.text, f.kind, f.low, f.high) for f in fifth.figures] == [("over 500", "more_than", 500, None)]
    assert [(f.text, f.term) for f in sixth.figures] == [("thousands", "thousands")]
    assert first.span.start == demo.text.index("26 ISIS")      # not the "(26)" of the date banner
