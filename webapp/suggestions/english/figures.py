"""Figures in an English sentence: numbers in digits and words ("26", "1,200", "twenty-six",
"one hundred and five", "a dozen"), vague quantities ("dozens", "scores"), their bounds ("at
least", "over", "nearly", "between 20 and 30"), and what they count and whom — read from the
tokens around them, coded as the structured figures are (``webapp.corroboration.figures``).

A number is a figure only when a casualty word (killed, injured, displaced …) or a word for
people (militants, civilians, people …) goes with it; dates, times, ages, distances, money,
percentages, route and unit numbers and "one of the" are not."""
from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from .lexicon import (BOUNDS, CASUALTY_ONLY, COUNT_OF, MONTHS, NOT_A_COUNT_AFTER,
                      NOT_A_COUNT_BEFORE, PEOPLE, WHO_OF)

VAGUE_WORDS = {"dozens", "scores", "hundreds", "thousands", "tens", "several", "handful",
               "numerous", "dozen"}
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 10**9}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_DIGIT_RANGE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)[–-](\d{1,3}(?:,\d{3})+|\d+)$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)
_BOUND_TOKENS = [(kind, phrase.split()) for kind, phrases in BOUNDS for phrase in phrases]
_BOUND_TOKENS.sort(key=lambda b: -len(b[1]))
RIGHT, LEFT, WHO_WINDOW = 20, 5, 4


@dataclass
class Figure:
    start: int            # token index of the figure's first token (its bound included)
    end: int              # token index after the number
    kind: str
    low: int | None
    high: int | None
    term: str
    counts: str           # "" when no casualty word goes with it
    who: str
    casualty: bool
    reach: int            # token index after the words that go with it (the count or whom)

    def as_dict(self, doc) -> dict:
        return {"kind": self.kind, "low": self.low, "high": self.high, "term": self.term,
                "counts": self.counts if self.counts != "casualties" else "other", "who": self.who,
                "text": doc[self.start:self.end].text}


def find_figures(sent, vague_terms: dict[str, int]) -> list[Figure]:
    """The figures of a sentence (a spaCy span), in order."""
    doc, found, i, end = sent.doc, [], sent.start, sent.end
    numbers = []
    while i < end:
        got = _number_at(doc, i, end, vague_terms)
        if got is None:
            i += 1
            continue
        numbers.append(got)
        i = got[1]
    numbers = [n for n in _ranges(doc, numbers) if not _not_a_count(doc, n[0], n[1], sent)]
    for n, (start, stop, low, high, term) in enumerate(numbers):
        limit_right = numbers[n + 1][0] if n + 1 < len(numbers) else end
        limit_left = numbers[n - 1][1] if n else sent.start
        figure = _figure(doc, start, stop, low, high, term, limit_left, limit_right)
        if figure is None and found and found[-1].counts and _elliptical(doc, start, stop, sent):
            figure = _figure(doc, start, stop, low, high, term, limit_left, limit_right, counts=found[-1].counts)
        if figure is None:
            continue
        if figure.who == "unknown" and found and stop < end and doc[stop].lower_ in ("more", "others"):
            figure.who = found[-1].who   # "26 militants killed and dozens more injured"
        if not figure.counts and found and found[-1].counts:   # "…, including two children"
            figure.counts, figure.casualty = found[-1].counts, True
        found.append(figure)
    _coordinated(doc, found)
    return found


COORDINATING = {"and", ",", "of", "including", "among", "them", "plus", "as", "well"}


def _coordinated(doc, found: list[Figure]) -> None:
    """"Nine civilians and three soldiers were killed": a figure that says whom but not what,
    joined to the next one that says it, counts the same."""
    for before, after in reversed(list(zip(found, found[1:]))):
        if before.counts or not after.counts:
            continue
        between = doc[before.end:after.start]
        if all(t.lower_ in COORDINATING or t.lower_ in WHO_OF or t.lower_ in PEOPLE or t.is_space
               or (t.text[:1].isupper() and t.i > before.end) for t in between) and len(between) <= 8:
            before.counts, before.casualty = after.counts, True
            before.reach = max(before.reach, after.reach)


def _number_at(doc, i: int, end: int, vague_terms):
    """(start, stop, low, high, term) of a number or vague quantity at token ``i``, or None."""
    token, lower = doc[i], doc[i].lower_
    if lower in ("hundreds", "tens", "thousands") and i + 2 < end and doc[i + 1].lower_ == "of" \
            and doc[i + 2].lower_ in ("thousands", "millions"):
        return i, i + 3, None, None, doc[i:i + 3].text.lower()
    if lower == "half" and i + 2 < end and doc[i + 1].lower_ == "a" and doc[i + 2].lower_ in ("million", "thousand", "hundred"):
        value = MULTIPLIERS[doc[i + 2].lower_] // 2
        return i, i + 3, value, value, ""
    if lower in vague_terms or lower in VAGUE_WORDS:
        if lower == "dozen" and not (i and doc[i - 1].lower_ in ("a", "half")):
            return None
        if lower == "dozen":   # "a dozen", "half a dozen"
            start = i - 2 if i >= 2 and doc[i - 2].lower_ == "half" else i - 1
            value = 6 if doc[start].lower_ == "half" else 12
            return start, i + 1, value, value, ""
        return i, i + 1, None, None, lower
    both = _DIGIT_RANGE.match(token.text)   # "10,000–15,000" as one token
    if both:
        low, high = (int(g.replace(",", "")) for g in both.groups())
        return (i, i + 1, low, high, "range") if low < high else None
    if not token.like_num or _ORDINAL.match(token.text):
        if lower in ("a", "one") and i + 1 < end and doc[i + 1].lower_ in ("hundred", "thousand"):
            value = MULTIPLIERS[doc[i + 1].lower_]
            return i, i + 2, value, value, ""
        return None
    if token.text[0].isdigit():
        if not _DIGITS.match(token.text):
            return None
        value = float(token.text.replace(",", ""))
        stop = i + 1
        if stop < end and doc[stop].lower_ in MULTIPLIERS:
            value *= MULTIPLIERS[doc[stop].lower_]
            stop += 1
        if value != int(value):
            return None
        return i, stop, int(value), int(value), ""
    # Number words: "twenty-six", "one hundred and five", "two thousand".
    stop = i + 1
    while stop < end:
        nxt = doc[stop]
        if nxt.like_num and nxt.text.isalpha():
            stop += 1
        elif nxt.text in ("-", "and") and stop + 1 < end and doc[stop + 1].like_num and doc[stop + 1].text.isalpha() \
                and (nxt.text == "and" or not doc[stop - 1].whitespace_):
            if nxt.text == "and" and doc[stop - 1].lower_ not in ("hundred", "thousand", "million"):
                break
            stop += 2
        else:
            break
    words = doc[i:stop].text.replace("-", " ").lower()
    try:
        value = text2num(words, "en")
    except ValueError:
        return None
    if stop < end and doc[stop].lower_ == "dozen":
        value, stop = value * 12, stop + 1
    return i, stop, value, value, ""


def _ranges(doc, numbers: list) -> list:
    """Two numbers read as one range: "20-30", "20 to 30", "between 20 and 30", "from 20 to 30"."""
    out, n = [], 0
    while n < len(numbers):
        a = numbers[n]
        if n + 1 < len(numbers) and a[4] == "" and numbers[n + 1][4] == "":
            b = numbers[n + 1]
            between = doc[a[1]:b[0]]
            joiner = between.text.lower()
            tight = not doc[a[1] - 1].whitespace_ and len(between) == 1 and not between[0].whitespace_
            if joiner in ("-", "–", "—") and not tight:
                joiner = ""   # "June 9 — Twenty-six people": a dash between clauses
            if joiner in ("-", "–", "—", "to", "and") and a[2] is not None and b[2] is not None and a[2] < b[2]:
                start = a[0]
                before = doc[start - 1].lower_ if start else ""
                if joiner == "and" and before != "between":
                    out.append(a)
                    n += 1
                    continue
                if before in ("between", "from") and joiner in ("and", "to", "-", "–"):
                    start -= 1
                out.append((start, b[1], a[2], b[3], "range"))
                n += 2
                continue
        out.append(a)
        n += 1
    return out


def _not_a_count(doc, start: int, stop: int, sent) -> bool:
    after = doc[stop].lower_ if stop < sent.end else ""
    after2 = doc[stop + 1].lower_ if stop + 1 < sent.end else ""
    before = doc[start - 1].lower_ if start > sent.start else ""
    text = doc[start:stop].text
    if after in NOT_A_COUNT_AFTER or (after == "-" and after2 in NOT_A_COUNT_AFTER | {"year", "day", "hour"}):
        return True
    if after in (":", ".") and stop + 1 < sent.end and doc[stop + 1].text[:1].isdigit():
        return True   # a time (10:30) or a decimal the tokenizer split
    if before in NOT_A_COUNT_BEFORE or before in MONTHS or after in MONTHS:
        return True
    if re.fullmatch(r"(1[89]|20)\d\d", text) and after not in WHO_OF and after not in PEOPLE:
        return True   # a year
    if doc[start].lower_ in ("one", "a") and after in ("of", "day", "another", "side", "another's"):
        return True
    if before == "the" and doc[start].lower_ in ("two", "three", "both") and after in ("sides", "countries", "men", "parties", "groups"):
        return True
    return False


def _elliptical(doc, start: int, stop: int, sent) -> bool:
    """"16 bodies were kept in one mortuary and 15 in another": a count that says what it
    counts only by the figure before it."""
    before = doc[start - 1].lower_ if start > sent.start else ""
    after = doc[stop].lower_ if stop < sent.end else ""
    return before in ("and", ",", "while", "with") and after in ("in", "at", "from", "on", ",", ".", "of", "more", "others")


def _toll(doc, start: int, sent) -> str:
    """"The death toll … rose to 1,240", "the number of dead could reach 20,000": a number a
    toll is said to be (the casualty word far before it)."""
    lead = {t.lower_ for t in doc[max(sent.start, start - 3):start]}
    if not lead & {"to", "at", "reach", "reached", "was", "stood", "is", "be", "as", "hit", "exceeded", "passed"} \
            and not (start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in ("figure", "toll", "tally")):
        return ""
    words = [t.lower_ for t in doc[sent.start:start]]
    if "toll" in words or "tally" in words:
        at = max(i for i, w in enumerate(words) if w in ("toll", "tally"))
        kind = words[at - 1] if at else ""
        return {"death": "killed", "injury": "injured"}.get(kind, "killed")
    if any(w in ("dead", "deaths", "killed", "fatalities") for w in words[-8:]):
        return "killed"
    return ""


def _figure(doc, start, stop, low, high, term, limit_left, limit_right, counts: str = "") -> Figure | None:
    kind = "range" if term == "range" else ("vague" if term else "exact")
    if term == "range":
        term = ""
    bound_start = start
    if kind == "exact":
        for bound, words in _BOUND_TOKENS:
            begin = start - len(words)
            if begin >= limit_left and [t.lower_ for t in doc[begin:start]] == words:
                kind, bound_start = bound, begin
                break
        else:
            if stop < limit_right and doc[stop].lower_ in ("or", "and", "plus") and stop + 1 < limit_right \
                    and doc[stop + 1].lower_ == "more":
                kind = "at_least"
    if kind in ("at_least", "more_than"):
        high = None
    elif kind in ("at_most", "up_to"):
        low = None
    who, reach = "", stop
    # What it counts and whom: to the right first ("26 ISIS militants have been killed").
    for j in range(stop, min(limit_right, stop + RIGHT)):
        lower = doc[j].lower_
        if doc[j].text in (";", ":") or (doc[j].text == "." and j + 1 < limit_right):
            break
        if not who and j < stop + WHO_WINDOW and (lower in WHO_OF or lower in PEOPLE):
            who, reach = WHO_OF.get(lower, "unknown"), j + 1
        if lower in COUNT_OF or lower in CASUALTY_ONLY or _lives(doc, j):
            counts, reach = COUNT_OF.get(lower, "casualties" if lower != "lives" else "killed"), j + 1
            break
    if not counts:   # or before it: "killing at least 12", "the death of over 500"
        for j in range(bound_start - 1, max(limit_left, bound_start - LEFT) - 1, -1):
            lower = doc[j].lower_
            if doc[j].text in (";", ":", "."):
                break
            if lower in COUNT_OF or lower in CASUALTY_ONLY or _lives(doc, j):
                counts = COUNT_OF.get(lower, "casualties" if lower != "lives" else "killed")
                break
    if not counts:
        counts = _toll(doc, bound_start, _sentence_of(doc, start))
    if not counts and not who:
        return None
    return Figure(bound_start, stop, kind, low, high, term, counts, who or "unknown",
                  bool(counts), max(reach, stop))


def _sentence_of(doc, i: int):
    return doc[i].sent


def _lives(doc, j: int) -> bool:
    """"lost their lives", "claimed 30 lives" (not "lives at 221 Baker Street")."""
    return doc[j].lower_ == "lives" and j > 0 and doc[j - 1].lower_ in ("their", "lost", "claimed", "cost") \
        or doc[j].lower_ == "lives" and j > 1 and doc[j - 2].lower_ in ("claimed", "cost", "lost")
