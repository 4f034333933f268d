"""Loads the hand-labelled evaluation set for claim suggestions, with every label resolved to
character offsets (code points) in its article's text.

    import sys; sys.path.insert(0, "bench/suggestions_eval")
    from load import load
    for article in load():            # articles.jsonl and demo.jsonl
        for claim in article.claims:
            claim.span, [f.span for f in claim.figures], claim.attribution, claim.hedges

Standard library only; nothing here imports the web application.

How a string becomes a span:
- a claim's quote: its n-th occurrence in the text (``occurrence``, 1-based);
- a figure: inside the quote (its n-th occurrence there); a figure outside its claim is an error;
- a hedge: inside the quote, else in the quote's sentence, else the nearest occurrence within
  300 characters before or after the quote;
- an attribution text: the same way as a hedge; its speaker and ``via`` inside the attribution;
- a negative (a number expression that is not a figure): its n-th occurrence in the text.
Whatever cannot be found raises ``LabelError`` naming the article and the string.
"""
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ("articles.jsonl", "demo.jsonl")
NEAR = 300  # how far from its quote an attribution or hedge may be, in characters
CASUALTY_COUNTS = frozenset({"killed", "injured", "captured", "detained", "abducted", "missing",
                             "displaced"})
_SENTENCE_END = re.compile(r"[.!?…][”\"’')]*(?=\s)|\n")
_WORD = re.compile(r"\S+")


class LabelError(ValueError):
    """A label whose words are not where it says they are."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Figure:
    span: Span
    kind: str          # exact about at_least more_than at_most up_to range vague
    low: int | None
    high: int | None
    term: str          # the vague word ("dozens") for kind vague, else ""
    counts: str        # killed injured captured detained abducted missing displaced other ""
    who: str           # civilians combatants children women unknown
    combined: tuple[str, ...] = ()  # "killed or wounded": counts other, combined (killed, injured)

    @property
    def text(self):
        return self.span.text

    @property
    def is_casualty(self):
        """Counts people killed, injured, captured, detained, abducted, missing or displaced."""
        return self.counts in CASUALTY_COUNTS or bool(self.combined)


@dataclass(frozen=True)
class Attribution:
    span: Span         # the attribution words, cue included
    speaker: Span      # the speaker only
    cue: str
    source_type: str
    named: str
    via: Span | None = None  # "X said, citing Y": Y


@dataclass(frozen=True)
class Claim:
    index: int         # position in the article's list of claims
    span: Span         # the quote
    occurrence: int
    kind: str
    figures: tuple[Figure, ...]
    attribution: Attribution | None
    hedges: tuple[Span, ...]

    @property
    def quote(self):
        return self.span.text


@dataclass(frozen=True)
class Negative:
    span: Span
    kind: str          # date time age address road ... (see README.md)


@dataclass
class Article:
    id: str
    title: str
    text: str
    claims: list[Claim]
    negatives: list[Negative]
    file: str
    words: int = 0
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def figures(self):
        return [f for c in self.claims for f in c.figures]


def word_count(text):
    """Whitespace-separated tokens (a no-break space separates words too)."""
    return len(_WORD.findall(text))


def _occurrences(text, needle, start=0, end=None):
    end = len(text) if end is None else end
    found, i = [], text.find(needle, start, end)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1, end)
    return found


def _nth(text, needle, n, start=0, end=None):
    found = _occurrences(text, needle, start, end)
    return found[n - 1] if 0 < n <= len(found) else None


def _sentence(text, start, end):
    """(start, end) of the sentence(s) holding text[start:end]."""
    s = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end)
    return s, (m.end() if m else len(text))


def _near(text, needle, quote, aid, what):
    """Span of needle: inside the quote, else its sentence, else nearest within NEAR."""
    q0, q1 = quote
    i = text.find(needle, q0, q1)
    if i != -1 and i + len(needle) <= q1:
        return Span(i, i + len(needle), needle)
    s0, s1 = _sentence(text, q0, q1)
    candidates = _occurrences(text, needle, max(0, q0 - NEAR - len(needle)), min(len(text), q1 + NEAR + len(needle)))
    if not candidates:
        raise LabelError(f"{aid}: {what} {needle!r} is not within {NEAR} characters of its quote "
                         f"{text[q0:q1]!r}")

    def distance(i):
        j = i + len(needle)
        inside_sentence = s0 <= i and j <= s1
        gap = q0 - j if j <= q0 else (i - q1 if i >= q1 else 0)
        return (not inside_sentence, gap)

    best = min(candidates, key=distance)
    if distance(best)[1] > NEAR:
        raise LabelError(f"{aid}: {what} {needle!r} is not within {NEAR} characters of its quote "
                         f"{text[q0:q1]!r}")
    return Span(best, best + len(needle), needle)


def _inside(text, needle, outer, aid, what, n=1):
    i = _nth(text, needle, n, outer.start, outer.end)
    if i is None or i + len(needle) > outer.end:
        raise LabelError(f"{aid}: {what} {needle!r} (occurrence {n}) is not inside {outer.text!r}")
    return Span(i, i + len(needle), needle)


def _claim(text, aid, index, raw):
    quote, n = raw["quote"], raw.get("occurrence", 1)
    if not quote or quote != quote.strip():
        raise LabelError(f"{aid}: quote {quote!r} is empty or starts/ends with a space")
    i = _nth(text, quote, n)
    if i is None:
        raise LabelError(f"{aid}: quote {quote!r} (occurrence {n}) is not in the text")
    span = Span(i, i + len(quote), quote)
    figures = tuple(
        Figure(_inside(text, f["text"], span, aid, "figure", f.get("occurrence", 1)),
               f["kind"], f["low"], f["high"], f.get("term", ""), f.get("counts", ""), f["who"],
               tuple(f.get("combined", ())))
        for f in raw.get("figures", []))
    hedges = tuple(_hedge(text, h, span, aid) for h in raw.get("hedges", []))
    attribution = None
    a = raw.get("attribution")
    if a:
        where = _near(text, a["text"], (span.start, span.end), aid, "attribution")
        speaker = _inside(text, a["speaker"], where, aid, "speaker")
        via = _inside(text, a["via"], where, aid, "via") if a.get("via") else None
        attribution = Attribution(where, speaker, a["cue"], a["source_type"], a["named"], via)
    return Claim(index, span, n, raw["kind"], figures, attribution, hedges)


def _hedge(text, raw, quote, aid):
    n = raw.get("occurrence", 1)
    if n != 1:
        return _inside(text, raw["text"], quote, aid, "hedge", n)
    return _near(text, raw["text"], (quote.start, quote.end), aid, "hedge")


def _article(raw, file):
    aid, text = raw["id"], raw["text"]
    claims = [_claim(text, aid, k, c) for k, c in enumerate(raw.get("claims", []))]
    negatives = []
    for neg in raw.get("negatives", []):
        n = neg.get("occurrence", 1)
        i = _nth(text, neg["text"], n)
        if i is None:
            raise LabelError(f"{aid}: negative {neg['text']!r} (occurrence {n}) is not in the text")
        negatives.append(Negative(Span(i, i + len(neg["text"]), neg["text"]), neg["kind"]))
    return Article(aid, raw.get("title", ""), text, claims, negatives, file, word_count(text), raw)


def load(path=None):
    """The articles of the set: both files of this folder, or the one file (or folder) given."""
    if path is None:
        paths = [HERE / name for name in FILES]
    else:
        path = Path(path)
        paths = [path / name for name in FILES] if path.is_dir() else [path]
    articles = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        raw = json.loads(line)
                    except json.JSONDecodeError as e:
                        raise LabelError(f"{p.name}:{number}: not JSON ({e})") from None
                    articles.append(_article(raw, p.name))
    return articles


if __name__ == "__main__":
    arts = load()
    claims = [c for a in arts for c in a.claims]
    figures = [f for c in claims for f in c.figures]
    print(f"{len(arts)} articles, {sum(a.words for a in arts)} words, {len(claims)} claims, "
          f"{len(figures)} figures ({sum(f.is_casualty for f in figures)} casualty)")
