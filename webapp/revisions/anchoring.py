"""Re-anchoring: where each claim's words are in a new revision of its article.

Learned from how Hypothesis re-finds annotations on pages that changed (exact quote first, then
a bounded approximate match, candidates scored on the quote, its context and its position),
with one thing a browser does not have: the text the claim was marked on. A character diff of
the two revisions (diff-match-patch) maps each claim's old position into the new text, and says
how much of its words the new text kept. For each claim, the first that holds:

1. **exact at the mapped position**: the quote is the text where the diff puts it;
2. **exact elsewhere**: the quote occurs in the new text, the occurrence chosen by its context
   (prefix and suffix), then by its distance from the mapped position (a paragraph moved);
3. **approximate**, only where the diff says most of the quote's characters are still there:
   the best approximate match of the quote near the mapped position (RapidFuzz's partial ratio
   alignment), its ends set by the prefix and suffix where they are found, accepted when the
   quote and its context score high enough;
4. otherwise the claim is **orphaned**: its words were removed, and no guess is made.

The result is *unchanged* (same words, same offsets), *moved* (same words elsewhere; spaces and
line breaks may differ), *changed* (the words differ: "26" became "23") or *orphaned*.

Steps 2–4 are ``find``: the one way Claimtrail finds a quote with its prefix and suffix in a
text, used here with the diff's hint and by the import of other tools' annotations
(``webapp.interop.anchoring``) without one, so that both find the same words alike.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz

UNCHANGED, MOVED, CHANGED, ORPHANED = "unchanged", "moved", "changed", "orphaned"
CONTEXT = 32               # characters of prefix and suffix compared
MIN_KEPT = 0.5             # share of the quote's characters the diff must keep for an approximate match
MIN_QUOTE_SCORE = 80       # RapidFuzz ratio (0–100) of the quote with the words found
MIN_FUZZY_LENGTH = 8       # shorter quotes are matched exactly or not at all
MAX_HITS = 1000            # occurrences of a quote compared
DIFF_SECONDS = 1.0         # diff-match-patch's time limit (a coarser diff past it, never none)
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_SENTENCE_END = frozenset(".!?”\"")


@dataclass(frozen=True)
class Span:
    """Where a claim is in the revision it is anchored to."""
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Placement:
    state: str                 # unchanged, moved, changed, orphaned
    start: int | None = None
    end: int | None = None
    quote: str = ""            # the words at the new place ("" when orphaned)
    score: float = 0.0         # 0–1: how well quote and context fit there
    how: str = ""              # in words, for the trail
    occurrences: int = 0       # how many times the quote's words occur (exactly, or other spaces)
    nth: int = 0               # which of them this is (1-based; 0: not one of them)

    @property
    def anchored(self) -> bool:
        return self.state != ORPHANED


class Changes:
    """What changed between two revisions, word by word, computed once for all of an article's
    claims: the texts cut into tokens (words, signs, runs of spaces), diffed by diff-match-patch
    with each distinct token one symbol and every run of spaces the same symbol (a page re-flowed,
    its spaces become line breaks, has not changed at all), in its line mode with sentences as
    lines (a page edited in many places, or with a paragraph moved, diffs in milliseconds)."""

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        self._old = [m.span() for m in _TOKEN.finditer(old)]
        self._new = [m.span() for m in _TOKEN.finditer(new)]
        self._old_starts = [a for a, _b in self._old]
        # For each old token, the new token it is (None: deleted or replaced).
        self._to_new: list[int | None] = [None] * len(self._old)
        if old == new:
            self._to_new = list(range(len(self._old)))
            return
        i = j = 0
        for op, length in token_diff(old, self._old, new, self._new):
            if op == 0:
                for k in range(length):
                    self._to_new[i + k] = j + k
                i, j = i + length, j + length
            elif op == -1:
                i += length
            else:
                j += length

    def pieces(self) -> list[tuple[int, str]]:
        """The change as diff-match-patch pieces ``(op, text)`` (-1 deleted, 1 inserted, 0 kept),
        word by word and cleaned up for reading (``diff_cleanupSemantic``): what a diff view
        shows. Text kept is the new revision's (its spaces and line breaks)."""
        found: list[tuple[int, str]] = []
        i = j = 0
        for op, length in token_diff(self.old, self._old, self.new, self._new, readable=True):
            if op == -1:
                found.append((op, self.old[self._old[i][0]:self._old[i + length - 1][1]]))
                i += length
            else:
                found.append((op, self.new[self._new[j][0]:self._new[j + length - 1][1]]))
                j += length
                i += length if op == 0 else 0
        return found

    def position(self, old_index: int) -> int:
        """Where a position of the old text is in the new one: in the same token, where that
        token was kept; else at the start of the next kept token (or the end of the text)."""
        k = bisect.bisect_right(self._old_starts, old_index) - 1
        if 0 <= k < len(self._old):
            j = self._to_new[k]
            if j is not None:
                a, b = self._new[j]
                return min(a + (old_index - self._old[k][0]), b)
        for later in range(max(k + 1, 0), len(self._old)):
            j = self._to_new[later]
            if j is not None:
                return self._new[j][0]
        return len(self.new)

    def inserted(self, min_length: int = 1) -> list[tuple[int, int]]:
        """The stretches of the new text that the old one does not have (as character spans)."""
        kept = {j for j in self._to_new if j is not None}
        found, run = [], None
        for j, (a, b) in enumerate(self._new):
            if j in kept:
                if run is not None and run[1] - run[0] >= min_length:
                    found.append(run)
                run = None
            else:
                run = (run[0], b) if run else (a, b)
        if run is not None and run[1] - run[0] >= min_length:
            found.append(run)
        return found

    def kept(self, start: int, end: int) -> float:
        """The share of the old text's characters start–end in tokens the new text kept."""
        if end <= start:
            return 0.0
        kept = 0
        k = max(0, bisect.bisect_right(self._old_starts, start) - 1)
        while k < len(self._old) and self._old[k][0] < end:
            a, b = self._old[k]
            if self._to_new[k] is not None:
                kept += max(0, min(b, end) - max(a, start))
            k += 1
        return kept / (end - start)


def token_diff(old: str, old_tokens: list[tuple[int, int]], new: str,
               new_tokens: list[tuple[int, int]], readable: bool = False) -> list[tuple[int, int]]:
    """``(op, number of tokens)`` turning the old tokens into the new: each distinct token one
    private-use symbol, every run of spaces one and the same (one after a sentence is a line
    break, for diff-match-patch's line mode: sentences first, then the words of those that
    differ). ``readable``: merged into whole changes (``diff_cleanupSemantic``)."""
    symbols: dict[str, str] = {}

    def encode(text: str, spans: list[tuple[int, int]]) -> str:
        out, previous = [], ""
        for a, b in spans:
            token = text[a:b]
            if token.isspace():
                code = "\n" if previous in _SENTENCE_END else " "
            else:
                code = symbols.get(token)
                if code is None:
                    n = len(symbols)
                    code = symbols[token] = chr(0xE000 + n) if n < 0x1900 else chr(0xF0000 + n - 0x1900)
            out.append(code)
            previous = token
        return "".join(out)

    engine = diff_match_patch()
    engine.Diff_Timeout = DIFF_SECONDS
    diffs = engine.diff_main(encode(old, old_tokens), encode(new, new_tokens), True)
    if readable:
        engine.diff_cleanupSemantic(diffs)
    return [(op, len(text)) for op, text in diffs if text]


def reanchor(old: str, new: str, spans: list[Span]) -> list[Placement]:
    """Each span of ``old`` placed in ``new`` (see the module's docstring)."""
    changes = Changes(old, new)
    placed = [place(changes, span) for span in spans]
    # An approximate match never takes the words another claim of the article is found at
    # exactly: those words are that claim's, and this one's were removed.
    exact = [(p.start, p.end) for p in placed if p.anchored and p.how.startswith("exact")]
    for i, p in enumerate(placed):
        if p.anchored and p.how.startswith("approximate") and any(
                _overlap(p, a, b) for a, b in exact):
            placed[i] = Placement(ORPHANED, how="its words are not in the new revision (the "
                                              "nearest like them are another claim's)")
    return placed


def place(changes: Changes, span: Span) -> Placement:
    """Where one span of the old text is in the new one: the diff gives the hint, and says
    whether to look for changed words near it (most of the quote's characters kept) or in text
    the new revision has where the old one had none (a paragraph moved and edited)."""
    hint = changes.position(span.start)
    moved_text = None
    if changes.kept(span.start, span.end) < MIN_KEPT:
        moved_text = partial(changes.inserted, min_length=len(span.quote) // 2)
    return find(changes.new, span, hint, changes.position(span.end), moved_text)


def find(text: str, span: Span, hint: int | None = None, hint_end: int | None = None,
         regions: Callable[[], list[tuple[int, int]]] | None = None,
         exactly: bool = False) -> Placement:
    """Where ``span``'s quote is in ``text``, chosen by its prefix and suffix; ``span.start`` is
    where it was (for *unchanged*). The first that holds: the quote exactly at ``hint``; the
    quote's words elsewhere, exactly or with other spaces and line breaks, the occurrence
    chosen by its context, then by its distance from ``hint`` (with no hint: by context alone,
    a tie or a context that does not fit refused); an approximate match, for quotes of
    ``MIN_FUZZY_LENGTH`` characters or more: near ``hint`` (to ``hint_end``), or in the
    ``regions()`` given, or with no hint anywhere in the text, those two only with a context
    that fits as well; otherwise ORPHANED. ``exactly``: the quote verbatim, or nothing."""
    quote = span.quote
    if not quote:
        return Placement(ORPHANED, how="no quote to find")
    if hint is not None and text[hint:hint + len(quote)] == quote:
        state = UNCHANGED if hint == span.start else MOVED
        return Placement(state, hint, hint + len(quote), quote, 1.0, "exact at the mapped position")
    # The quote's words, exactly or with other spaces or line breaks between them.
    hits = _exact_hits(text, quote)
    if not exactly:
        hits = sorted(set(hits) | set(_spaced_hits(text, quote)))
    found = _best_exact(text, span, hint, hits)
    if found is not None:
        return found
    if not exactly and len(quote) >= MIN_FUZZY_LENGTH:
        if hint is not None and regions is None:
            found = _approximate(text, span, hint, hint if hint_end is None else hint_end)
        else:
            found = _in_regions(text, span, regions() if regions else [(0, len(text))])
        # Never one of the quote's own occurrences that its context did not choose: which of
        # them is meant is not told by guessing.
        if found is not None and not any(_overlap(found, a, b) for a, b in hits):
            return found
    return Placement(ORPHANED, how="its words are not in the new revision", occurrences=len(hits))


def _overlap(placed: Placement, start: int, end: int) -> bool:
    """Whether more than half of the placement lies in start–end."""
    return min(placed.end, end) - max(placed.start, start) > (placed.end - placed.start) / 2


def _context_score(text: str, start: int, end: int, span: Span) -> float:
    """How well the text around start–end fits the span's prefix and suffix (0–1)."""
    scores = []
    if span.prefix:
        prefix = span.prefix[-CONTEXT:]
        scores.append(fuzz.ratio(prefix, text[max(0, start - len(prefix)):start]) / 100)
    if span.suffix:
        suffix = span.suffix[:CONTEXT]
        scores.append(fuzz.ratio(suffix, text[end:end + len(suffix)]) / 100)
    return sum(scores) / len(scores) if scores else 0.5


def _exact_hits(text: str, quote: str) -> list[tuple[int, int]]:
    hits, at = [], text.find(quote)
    while at >= 0 and len(hits) < MAX_HITS:
        hits.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return hits


def _spaced_hits(text: str, quote: str) -> list[tuple[int, int]]:
    words = quote.split()
    if len(words) < 2:
        return []
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    return [m.span() for _n, m in zip(range(MAX_HITS), pattern.finditer(text))]


def _best_exact(text: str, span: Span, hint: int | None,
                hits: list[tuple[int, int]]) -> Placement | None:
    """The occurrence of the quote's words whose context fits best, then nearest the hint;
    none when the best fit is far from it (or there is no hint) with a context that does not
    fit (the same words in another sentence), or when two fit equally well far from it."""
    if not hits:
        return None
    length, reach = max(1, len(text)), len(span.quote) + CONTEXT
    near = (lambda a: 1 - abs(a - hint) / length) if hint is not None else (lambda a: 0)
    ranked = sorted(((_context_score(text, a, b, span), near(a), a, b) for a, b in hits),
                    reverse=True)
    context, _near, start, end = ranked[0]
    far = hint is None or abs(start - hint) > reach
    if far and (context < 0.5 or len(ranked) > 1 and ranked[1][0] == context):
        return None
    detail = "" if len(hits) == 1 else f", {len(hits)} occurrences, chosen by context and position"
    spaced = text[start:end] != span.quote
    return Placement(UNCHANGED if start == span.start and not spaced else MOVED, start, end,
                     text[start:end], (2 + context) / 3,
                     "exact" + (" words, other spaces" if spaced else "") + detail,
                     occurrences=len(hits), nth=hits.index((start, end)) + 1)


def _approximate(text: str, span: Span, hint: int, hint_end: int) -> Placement | None:
    reach = max(2 * CONTEXT, len(span.quote))
    return _match_in(text, span, max(0, hint - reach), max(hint_end, hint + len(span.quote)) + reach,
                     min_context=0.3)


def _in_regions(text: str, span: Span, regions: list[tuple[int, int]]) -> Placement | None:
    """The claim's words, changed, in the stretches of text given (with no hint: all of it; in
    re-anchoring, text the new revision has where the old one had none: a paragraph moved and
    edited): only with a context that fits as well."""
    best = None
    for start, end in regions:
        found = _match_in(text, span, max(0, start - CONTEXT), end + CONTEXT,
                          min_context=0.6, min_quote=90)
        if found is not None and (best is None or found.score > best.score):
            best = found
    return best


def _match_in(text: str, span: Span, window_start: int, window_end: int, min_context: float,
              min_quote: float = MIN_QUOTE_SCORE) -> Placement | None:
    quote = span.quote
    window = text[window_start:window_end]
    aligned = fuzz.partial_ratio_alignment(quote, window, score_cutoff=min_quote - 10)
    if aligned is None:
        return None
    start, end = window_start + aligned.dest_start, window_start + aligned.dest_end
    start, end = _by_context(text, span, start, end)
    start, end = _whole_words(text, start, end)
    if end <= start:
        return None
    found = text[start:end]
    quote_score = fuzz.ratio(quote, found)
    if quote_score < min_quote and quote.split() != found.split():
        return None
    context = _context_score(text, start, end, span)
    if context < min_context and quote_score < 95:
        return None
    same_words = quote.split() == found.split()
    return Placement(MOVED if same_words else CHANGED, start, end, found,
                     (2 * quote_score / 100 + context) / 3,
                     f"approximate ({round(quote_score)}% of the quote"
                     + (", the same words" if same_words else "") + ")")


def _by_context(text: str, span: Span, start: int, end: int) -> tuple[int, int]:
    """The ends of an approximate match moved to where the prefix ends and the suffix begins,
    when they are found exactly next to it (the words between them are the claim's)."""
    slack = CONTEXT
    prefix, suffix = span.prefix[-16:], span.suffix[:16]
    if len(prefix.strip()) >= 4:
        at = text.rfind(prefix, max(0, start - slack - len(prefix)), start + slack)
        if at >= 0:
            start = at + len(prefix)
    if len(suffix.strip()) >= 4:
        at = text.find(suffix, max(start, end - slack), end + slack + len(suffix))
        if at >= 0:
            end = at
    return start, end


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Ends that do not cut a word in two, and no spaces at either end."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
