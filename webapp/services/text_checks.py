"""Checks on text that comes in from people and files (characters no database can keep), and
showing such text in a message as the person wrote it."""
import unicodedata

from .errors import Invalid

# Characters a person cannot see, shown by name where they would otherwise be invisible.
NAMES = {"\n": "line break", "\r": "carriage return", "\t": "tab", "\u00a0": "no-break space",
         "\u00ad": "soft hyphen", "\u200b": "zero-width space", "\u200c": "zero-width non-joiner",
         "\u200d": "zero-width joiner", "\u200e": "left-to-right mark",
         "\u200f": "right-to-left mark", "\u2028": "line separator", "\u2029": "paragraph separator",
         "\u202f": "narrow no-break space", "\u2060": "word joiner", "\ufeff": "byte-order mark"}
JOINERS = {"\u200c", "\u200d"}
INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"}


def check_storable(field: str, value: str) -> None:
    """Refuse NUL and lone surrogates: PostgreSQL rejects NUL, SQLite cuts strings at it, and
    a lone surrogate cannot be encoded as UTF-8 at all."""
    if "\x00" in value:
        raise Invalid({field: "The text contains a NUL character, which cannot be stored."})
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid({field: "The text contains an unpaired surrogate (broken Unicode)."}) from None


def quoted(text: str, limit: int = 80) -> str:
    """``text`` (its first ``limit`` characters) in quotation marks, as written — emoji, accents,
    Arabic as they are — except characters nobody could see there, which are named:
    “far,⟨no-break space U+00A0⟩26”. A joiner between two visible characters (👨‍👩‍👧, Persian
    words) is part of what the person wrote and stays as it is."""
    cut = text[:limit]
    shown = "".join(_shown(cut, i) for i in range(len(cut)))
    return f"“{shown}{'…' if len(text) > limit else ''}”"


def _shown(text: str, i: int) -> str:
    char = text[i]
    if char in JOINERS and 0 < i < len(text) - 1 and _visible(text[i - 1]) and _visible(text[i + 1]):
        return char
    category = unicodedata.category(char)
    hidden = category in INVISIBLE or (category == "Zs" and char != " ")
    if i == 0 and category.startswith("M"):
        hidden = True         # a combining accent would sit on the opening quotation mark
    if not hidden:
        return char
    name = NAMES.get(char) or unicodedata.name(char, "").lower()
    return f"⟨{name + ' ' if name else ''}U+{ord(char):04X}⟩"


def _visible(char: str) -> bool:
    return not unicodedata.category(char).startswith(("C", "Z"))


def check_span(text: str, start: int, end: int, quote: str) -> None:
    """Offsets count code points of the stored text; the quote must be exactly that span."""
    if not (0 <= start < end <= len(text)):
        raise Invalid({"quote": f"The span {start}–{end} is outside the article "
                                f"(its text has {len(text)} characters)."})
    if text[start:end] != quote:
        raise Invalid({"quote": f"The quote does not match the article's text at {start}–{end}: "
                                f"the text there reads {quoted(text[start:end])}."})


def locate_quote(text: str, quote: str) -> tuple[int, int]:
    """Offsets of a quote typed or pasted by a keyboard user, if it occurs exactly once."""
    if not quote:
        raise Invalid({"quote": "Select the claim in the text, or type its exact words."})
    first = text.find(quote)
    if first < 0:
        raise Invalid({"quote": "These words do not occur in the article's text."})
    if text.find(quote, first + 1) >= 0:
        raise Invalid({"quote": "These words occur more than once; select the right place in the text."})
    return first, first + len(quote)
