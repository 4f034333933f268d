"""A claim's figures as data: reading English figure phrases, and comparing figures.

A figure is a dict with these keys (``claim_figures`` stores them, the API and exports carry
them as they are):

- ``kind`` — how the number is bounded, and which of ``low`` / ``high`` it fills:
  ``exact`` "26" and ``about`` "about 20": low = high = the number;
  ``at_least`` "at least 26" and ``more_than`` "over 500": low only (a lower bound);
  ``at_most`` "nearly 30", "fewer than 30" and ``up_to`` "up to 30": high only;
  ``range`` "10-15", "between 10 and 15": low and high;
  ``vague`` "dozens": neither — ``term`` names the vague quantity, and the project's table of
  vague quantities codes it (ACLED: "dozens" 12), so that a lead's change of the table
  re-codes every figure that uses the term.
- ``counts`` — what it counts (``COUNTS``; "" when the text does not say);
- ``who`` — whom (``WHO``; "unknown" when the text does not say);
- ``text`` — the figure as written in the article or typed by the researcher.

``parse`` reads a phrase into a figure, or returns None where the phrase is not one figure
read one way (two numbers, two kinds of casualty, no number): such text stays text.
``comparable`` and ``figure_range`` are what a claim cluster compares reports by.
"""
import re

from .vague_terms import normalise_term

KINDS = {
    "exact": "exactly", "about": "about", "at_least": "at least", "more_than": "more than",
    "at_most": "at most", "up_to": "up to", "range": "between", "vague": "vague quantity",
}
LOW_ONLY, HIGH_ONLY, BOTH = {"at_least", "more_than"}, {"at_most", "up_to"}, {"exact", "about", "range"}
COUNTS = {
    "killed": "killed", "injured": "injured", "captured": "captured", "detained": "detained",
    "abducted": "abducted", "missing": "missing", "displaced": "displaced", "other": "other",
}
WHO = {"civilians": "civilians", "combatants": "combatants", "children": "children",
       "women": "women", "unknown": "unknown"}
KEYS = ("kind", "low", "high", "term", "counts", "who", "text")

# The words a phrase says what it counts with, and whom. A phrase naming two of either is
# not read (``parse`` returns None): "killed or injured" is not one figure.
COUNT_WORDS = {
    "killed": r"killed|kills|killing|dead|deaths?|died|fatalities|slain|lost their lives",
    "injured": r"injured|injuries|wounded|hurt",
    "captured": r"captured|taken prisoner|prisoners? of war|surrendered",
    "detained": r"detained|arrested|detentions?|arrests",
    "abducted": r"abducted|kidnapped|abductions?|hostages?",
    "missing": r"missing|disappeared",
    "displaced": r"displaced|fled|refugees|homeless|evacuated",
}
WHO_WORDS = {
    "civilians": r"civilians?|residents?|villagers|locals|non-combatants",
    "combatants": (r"militants?|fighters?|combatants?|soldiers?|troops|jihadists?|insurgents?|"
                   r"rebels?|militiamen|gunmen|terrorists?|servicemen|personnel|isis|daesh|sdf"),
    "children": r"children|child|kids|minors|boys|girls",
    "women": r"women|woman",
}
NUMBER_WORDS = {w: n for n, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split(), 1)}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90, "a dozen": 12, "half a dozen": 6,
                     "a hundred": 100, "a thousand": 1000})
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
BOUNDS = [  # a phrase just before the number; longest first where one contains another
    ("at_least", r"at least|no fewer than|no less than|a minimum of|not less than"),
    ("more_than", r"more than|over|upwards of|in excess of|above|greater than"),
    ("at_most", r"at most|no more than|fewer than|less than|under|nearly|almost|below|not more than"),
    ("up_to", r"up to|as many as"),
    ("about", r"about|around|approximately|approx\.?|roughly|some|an estimated|estimated|circa|~"),
]
_DIGITS = r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(?![\w])"
_WORDS = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_NUMBER = rf"(?:{_DIGITS}|\b(?:{_WORDS})\b)(?:\s+(?:{'|'.join(MULTIPLIERS)})\b)?"
_RANGE = re.compile(rf"\bbetween\s+(?P<a>{_NUMBER})\s+and\s+(?P<b>{_NUMBER})"
                    rf"|(?P<c>{_NUMBER})\s*(?:-|–|—|\bto\b)\s*(?P<d>{_NUMBER})")
_SINGLE = re.compile(_NUMBER)
_BOUND = [(kind, re.compile(rf"(?:^|[\s(])(?:{words})\s*$")) for kind, words in BOUNDS]
_AT_LEAST_AFTER = re.compile(r"^\s*(?:\+|or more\b|and more\b|plus\b)")
_ABOUT_AFTER = re.compile(r"^\s*or so\b")
# "26 — ISIS militants killed": the figure's value before the dash, what it counts after it.
_SEPARATOR = re.compile(r"\s[—–-]\s|:\s")


def number_value(words: str) -> int | None:
    """"26", "1,200", "twenty", "a dozen", "two hundred", "1.5 million" as an integer."""
    words = " ".join(words.lower().split())
    multiplier = 1
    head, _, tail = words.rpartition(" ")
    if tail in MULTIPLIERS and head:
        words, multiplier = head, MULTIPLIERS[tail]
    if words in NUMBER_WORDS:
        return NUMBER_WORDS[words] * multiplier
    try:
        value = float(words.replace(",", "")) * multiplier
    except ValueError:
        return None
    return int(value) if value == int(value) else None


def parse(text: str, vague_terms: dict[str, int] | None = None) -> dict | None:
    """The one figure ``text`` states, or None if it states none or more than one way to read
    it. ``vague_terms``: the project's table (only its terms are read as vague quantities)."""
    lower = " ".join((text or "").lower().split())
    if not lower or "\n" in (text or "").strip():   # one figure is one line
        return None
    found = _quantities(lower, vague_terms or {})
    if len(found) != 1:
        head = _SEPARATOR.split(lower, maxsplit=1)[0]
        found = [q for q in found if q[1] <= len(head)] if head != lower else []
        if len(found) != 1:
            return None
    figure = _figure(lower, *found[0])
    counts, who = _one_of(COUNT_WORDS, lower), _one_of(WHO_WORDS, lower)
    if figure is None or counts is None or who is None:
        return None
    return {**figure, "counts": counts, "who": who or "unknown", "text": (text or "").strip()}


def parse_lines(text: str, vague_terms: dict[str, int] | None = None) -> list[dict] | None:
    """Free text of one figure a line (the claim form's old "Figures" field, "26 — ISIS
    militants killed"): the figures if every non-empty line reads as one, else None."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    figures = [parse(line, vague_terms) for line in lines]
    return figures if lines and all(figures) else None


def _quantities(lower: str, vague_terms: dict[str, int]) -> list[tuple]:
    """Each quantity the phrase names, as (start, end, kind, low, high, term), in order."""
    found, taken = [], []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _RANGE.finditer(lower):
        low = number_value(match["a"] or match["c"])
        high = number_value(match["b"] or match["d"])
        if low is not None and high is not None and low < high:
            found.append((match.start(), match.end(), "range", low, high, ""))
            taken.append(match.span())
    for term in sorted(vague_terms, key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(term)}\b(?:\s+of\b)?", lower):
            if free(*match.span()):
                found.append((match.start(), match.end(), "vague", None, None, term))
                taken.append(match.span())
    for match in _SINGLE.finditer(lower):
        value = number_value(match.group())
        if value is not None and free(*match.span()):
            found.append((match.start(), match.end(), "exact", value, value, ""))
            taken.append(match.span())
    return sorted(found)


def _figure(lower: str, start: int, end: int, kind: str, low, high, term: str) -> dict | None:
    if kind == "exact":
        before, after = lower[:start], lower[end:]
        bound = next((k for k, pattern in _BOUND if pattern.search(before)), None)
        if _AT_LEAST_AFTER.match(after):
            bound = bound or "at_least"
        elif _ABOUT_AFTER.match(after):
            bound = bound or "about"
        kind = bound or "exact"
        if kind in LOW_ONLY:
            high = None
        elif kind in HIGH_ONLY:
            low = None
    return {"kind": kind, "low": low, "high": high, "term": term}


def _one_of(words: dict[str, str], lower: str) -> str | None:
    """The one key whose words the phrase uses; "" if none, None if more than one."""
    hits = {key for key, pattern in words.items() if re.search(rf"\b(?:{pattern})\b", lower)}
    return "" if not hits else (hits.pop() if len(hits) == 1 else None)


def check(figure: dict, vague_terms: dict[str, int]) -> dict[str, str]:
    """What is wrong with a figure's shape, by key (empty if nothing)."""
    kind, low, high = figure.get("kind"), figure.get("low"), figure.get("high")
    problems = {}
    if kind not in KINDS:
        return {"kind": "Choose how the number is bounded (exactly, at least, …)."}
    for key, value in (("low", low), ("high", high)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not 0 <= value <= 2_000_000_000):
            problems[key] = "A figure's number is a whole number from 0."
    if problems:
        return problems
    if kind in BOTH and (low is None or high is None):
        problems["low"] = "Give the number." if kind != "range" else "Give both ends of the range."
    elif kind in BOTH and low > high:
        problems["high"] = "A range runs from the lower number to the higher."
    elif kind in ("exact", "about") and low != high:
        problems["high"] = "An exact or approximate figure has one number."
    elif kind in LOW_ONLY and (low is None or high is not None):
        problems["low"] = "A lower bound (at least, more than) has one number, its lowest."
    elif kind in HIGH_ONLY and (high is None or low is not None):
        problems["high"] = "An upper bound (at most, up to) has one number, its highest."
    elif kind == "vague" and (low is not None or high is not None):
        problems["low"] = "A vague quantity has no number of its own; the project's table codes it."
    if kind == "vague" and normalise_term(figure.get("term", "")) not in vague_terms:
        problems["term"] = "Choose a vague quantity from the project's table (" + \
            ", ".join(sorted(vague_terms)) + ")."
    if kind != "vague" and figure.get("term"):
        problems["term"] = "Only a vague quantity names a term."
    if figure.get("counts", "") not in ("", *COUNTS):
        problems["counts"] = "Choose what the figure counts from the list."
    if figure.get("who", "unknown") not in WHO:
        problems["who"] = "Choose whom the figure counts from the list."
    return problems


# --- comparing -------------------------------------------------------------------------------

def comparable(figure: dict, vague_terms: dict[str, int]) -> tuple[int | None, int | None]:
    """The figure as (lowest, highest) numbers it allows; None where it sets no bound. "over
    500" is (500, None): a lower bound, taken at the number stated, as ACLED does; "about 20"
    is (20, 20); "dozens" is (12, None) with ACLED's table — the coded number, a lower bound."""
    kind = figure["kind"]
    if kind == "vague":
        return vague_terms.get(normalise_term(figure.get("term", ""))), None
    return figure.get("low"), figure.get("high")


def category(figure: dict) -> tuple[str, str]:
    """Figures are compared within one category: what they count, and whom."""
    return figure.get("counts", ""), figure.get("who", "unknown")


def figure_range(reports: list[tuple[object, dict]], vague_terms: dict[str, int]) -> dict:
    """Across reports of one claim, for figures of one category: ``minimum`` (the lowest
    number stated), ``maximum`` (the highest) and ``conservative`` (ACLED's rule: the lowest
    credible figure — the lowest lower bound; a figure that sets none, "up to 30", cannot be
    it), each as (number, the report's key) or None. ``reports``: (key, figure) pairs."""
    stated, lows = [], []
    for key, figure in reports:
        low, high = comparable(figure, vague_terms)
        if low is not None:
            lows.append((low, key))
        stated += [(n, key) for n in (low, high) if n is not None]
    first = (lambda pairs, pick: pick(pairs, key=lambda p: p[0]) if pairs else None)
    return {"minimum": first(stated, min), "maximum": first(stated, max),
            "conservative": first(lows, min)}


def describe(figure: dict, vague_terms: dict[str, int] | None = None) -> str:
    """"at least 26 · killed · combatants", "dozens (12) · injured · unknown"."""
    kind, low, high = figure["kind"], figure.get("low"), figure.get("high")
    if kind == "vague":
        coded = (vague_terms or {}).get(normalise_term(figure.get("term", "")))
        value = figure.get("term", "") + (f" ({coded:,})" if coded is not None else "")
    elif kind == "range":
        value = f"{low:,}–{high:,}"
    elif kind == "exact":
        value = f"{low:,}"
    else:
        value = f"{KINDS[kind]} {(low if low is not None else high):,}"
    return " · ".join([value, COUNTS.get(figure.get("counts", ""), "—"), figure.get("who") or "unknown"])


_DESCRIBED_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_DESCRIBED = [
    ("exact", re.compile(rf"(?P<n>{_DESCRIBED_NUMBER})")),
    ("range", re.compile(rf"(?P<low>{_DESCRIBED_NUMBER})\s*[–-]\s*(?P<high>{_DESCRIBED_NUMBER})")),
    *((kind, re.compile(rf"{KINDS[kind]} (?P<n>{_DESCRIBED_NUMBER})"))
      for kind in ("about", "at_least", "more_than", "at_most", "up_to")),
    ("vague", re.compile(rf"(?P<term>.*?[^\W\d_].*?)(?: \((?P<coded>{_DESCRIBED_NUMBER})\))?")),
]


def read_description(line: str) -> dict | None:
    """A figure from ``describe``'s line ("at least 26 · killed · combatants", "10–15 · killed
    · civilians", "dozens (12) · injured · unknown"), or None if the line is not in that form.
    A vague quantity's figure carries the number the line codes it as under ``coded`` (None if
    the line gives none); what it counts and whom are as written, for ``check`` to judge."""
    parts = [p.strip() for p in line.split("·")]
    if len(parts) != 3 or not parts[0]:
        return None
    value, counts, who = parts
    for kind, pattern in _DESCRIBED:
        match = pattern.fullmatch(value)
        if match is None:
            continue
        number = (lambda name: int(match[name].replace(",", "")) if match[name] else None)
        figure = {"kind": kind, "low": None, "high": None, "term": "",
                  "counts": "" if counts == "—" else counts, "who": who}
        if kind == "vague":
            figure.update(term=normalise_term(match["term"]), coded=number("coded"))
        elif kind == "range":
            figure.update(low=number("low"), high=number("high"))
        else:
            figure.update(low=None if kind in HIGH_ONLY else number("n"),
                          high=None if kind in LOW_ONLY else number("n"))
        return figure
    return None
