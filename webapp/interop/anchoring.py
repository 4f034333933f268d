"""Finding the span a W3C target describes in an article's text, and saying how it was found.

Other tools do not all count alike: the Web Annotation model counts ``TextPositionSelector``
offsets in Unicode code points (a Python ``str`` index), Hypothesis and other browser tools in
UTF-16 code units (JavaScript string indices), which drift by one for every emoji or other
astral character before the span. So, as Hypothesis itself does (the position is a hint, the
exact quote decides), a target anchors by the first of these that fits:

1. the position as code points, where the quote (if given) is exactly the text there;
2. the position as UTF-16 units, likewise;
3. the quote with its ``prefix`` and ``suffix``, found by ``webapp.revisions.anchoring.find``,
   the function re-anchoring uses (so a quote is found alike in both): its words exactly, or
   with other spaces and line breaks, the occurrence chosen by prefix and suffix (and only if
   one fits best); else an approximate match whose context fits — unless ``exactly``, as the
   API asks, where a client says which words it means;

and otherwise it is refused with the reason. ``Anchor.how`` says which, in the report's words.
"""
import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..revisions.anchoring import MIN_FUZZY_LENGTH, Placement, Span, find
from ..services.text_checks import quoted

ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
CODE_POINTS, UTF16, QUOTE = "position (code points)", "position (UTF-16 units)", "quote"
APPROXIMATE = "approximate quote"


class AnchorError(ValueError):
    """A target whose selectors do not pick out one span of the article's text."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Anchor:
    start: int                      # code points of the stored text, end exclusive
    end: int
    by: str                         # CODE_POINTS, UTF16, QUOTE or APPROXIMATE
    detail: str = ""                # ", 2nd of 3 occurrences chosen by prefix/suffix", ...

    @property
    def how(self) -> str:
        return self.by + self.detail


def anchor(target: Any, text: str, exactly: bool = False) -> Anchor:
    """Where the target's selectors put the span in ``text``, or ``AnchorError`` saying why
    nowhere (see the module's docstring for the order). ``exactly``: the quote verbatim."""
    found = _selector_list(target)
    position = _position(_one(found, "TextPositionSelector"))
    quote = _quote(_one(found, "TextQuoteSelector"))
    if quote is None:
        if position is None:
            raise AnchorError("The target has no TextQuoteSelector or TextPositionSelector.")
        _check_inside(text, *position)
        return Anchor(*position, CODE_POINTS)
    problem = ""
    if position is not None:
        at_position = _at_position(text, position, quote["exact"])
        if isinstance(at_position, Anchor):
            return at_position
        problem = at_position
    try:
        return _by_quote(text, quote, exactly)
    except AnchorError as exc:
        if not problem:
            raise
        raise AnchorError(f"{problem} {exc.message[0].lower()}{exc.message[1:]}") from None


# --- the selectors ---------------------------------------------------------------------------

def _selector_list(target: Any) -> list[dict]:
    if isinstance(target, list):
        raise AnchorError("The annotation has several targets; give exactly one.")
    if not isinstance(target, dict):
        raise AnchorError("The target has no selector: give a TextQuoteSelector and/or a "
                          "TextPositionSelector.")
    found = target.get("selector", [])
    found = found if isinstance(found, list) else [found]
    if not all(isinstance(s, dict) for s in found):
        raise AnchorError("Each selector must be an object.")
    return found


def _one(selectors: list[dict], kind: str) -> dict | None:
    matching = [s for s in selectors if s.get("type") == kind]
    if len(matching) > 1:
        raise AnchorError(f"The target has more than one {kind}.")
    return matching[0] if matching else None


def _position(selector: dict | None) -> tuple[int, int] | None:
    if selector is None:
        return None
    start, end = selector.get("start"), selector.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise AnchorError("TextPositionSelector.start and .end must be integers.")
    return start, end


def _quote(selector: dict | None) -> dict | None:
    if selector is None:
        return None
    for key in ("exact", "prefix", "suffix"):
        if key in selector and not isinstance(selector[key], str):
            raise AnchorError(f"TextQuoteSelector.{key} must be a string.")
    if not selector.get("exact"):
        raise AnchorError("TextQuoteSelector.exact is missing or empty.")
    return {"exact": selector["exact"], "prefix": selector.get("prefix", ""),
            "suffix": selector.get("suffix", "")}


# --- by position -----------------------------------------------------------------------------

def _check_inside(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise AnchorError(f"The position {start}–{end} is outside the article's text, which has "
                          f"{len(text)} characters (Unicode code points).")


def _at_position(text: str, position: tuple[int, int], exact: str) -> Anchor | str:
    """The anchor at the position, counted in code points or else in UTF-16 units, where the
    quote is the text there; otherwise what does not fit, in words."""
    start, end = position
    if 0 <= start < end <= len(text) and text[start:end] == exact:
        return Anchor(start, end, CODE_POINTS)
    span = utf16_span(text, start, end)
    if span is not None and text[span[0]:span[1]] == exact:
        return Anchor(*span, UTF16)
    if not 0 <= start < end <= len(text):
        return (f"The position {start}–{end} is outside the article's text, which has "
                f"{len(text)} characters (Unicode code points);")
    there = text[start:end]
    return (f"The quote does not match the text at {start}–{end} (counted in Unicode code points "
            f"or in UTF-16 units): the text there reads {quoted(there)}{_difference(exact, there)};")


def utf16_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The code-point span of UTF-16 offsets ``start``–``end``, if they differ from code points
    in this text and fall between characters (not inside a surrogate pair)."""
    astral = _astral(text)
    if not astral or start < 0 or end <= start:
        return None
    span = (_code_point(astral, len(text), start), _code_point(astral, len(text), end))
    return None if None in span or span == (start, end) else span


@lru_cache(maxsize=8)
def _astral(text: str) -> list[int]:
    """Where the characters outside the BMP are (two UTF-16 units each), in code points."""
    return [m.start() for m in ASTRAL.finditer(text)]


def _code_point(astral: list[int], length: int, unit: int) -> int | None:
    """The code-point index whose UTF-16 offset is ``unit`` (``i`` + astral characters before
    ``i``), found by bisection; None inside a surrogate pair or past the text."""
    low, high = 0, length
    while low < high:
        middle = (low + high) // 2
        if middle + bisect.bisect_left(astral, middle) < unit:
            low = middle + 1
        else:
            high = middle
    return low if low + bisect.bisect_left(astral, low) == unit else None


def _difference(exact: str, there: str) -> str:
    """Why two texts that look alike are not the same, when that is the reason."""
    if unicodedata.normalize("NFC", exact) == unicodedata.normalize("NFC", there):
        return (" (the same letters, but accents are encoded differently: one uses composed "
                "characters, the other a letter followed by a combining accent)")
    if " ".join(exact.split()) == " ".join(there.split()):
        return " (the same words with different spaces or line breaks)"
    return ""


# --- by quote --------------------------------------------------------------------------------

def _by_quote(text: str, quote: dict, exactly: bool = False) -> Anchor:
    """The quote found as re-anchoring finds it (no hint: the position, if any, did not fit)."""
    exact, prefix, suffix = quote["exact"], quote["prefix"], quote["suffix"]
    placed = find(text, Span(-1, -1, exact, prefix, suffix), exactly=exactly)
    if not placed.anchored:
        raise AnchorError(_not_found(placed, len(exact) >= MIN_FUZZY_LENGTH and not exactly))
    start, end = placed.start, placed.end
    if placed.nth == 0:
        return Anchor(start, end, APPROXIMATE, placed.how.removeprefix("approximate"))
    if placed.occurrences > 1:
        return Anchor(start, end, QUOTE, f", {_ordinal(placed.nth)} of {placed.occurrences} "
                                         "occurrences chosen by prefix/suffix")
    if text[start:end] != exact:
        return Anchor(start, end, QUOTE, " (the same words with other spaces or line breaks)")
    fits = text[:start].endswith(prefix) and text.startswith(suffix, end)
    return Anchor(start, end, QUOTE, "" if fits else " (its prefix/suffix differ from the text around it)")


def _not_found(placed: Placement, nearly: bool) -> str:
    if placed.occurrences > 1:
        return (f"The quoted words occur {placed.occurrences} times in the article and the prefix "
                "and suffix do not say which; add a TextPositionSelector or a longer prefix/suffix.")
    if placed.occurrences == 1:
        return ("The quoted words occur once in the article, but not between its prefix and "
                "suffix; check that the annotation is about this article.")
    return "The quoted words do not occur in the article's text" + (
        ", exactly or nearly." if nearly else ".")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
