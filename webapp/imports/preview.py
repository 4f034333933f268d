"""Lines of a decoded file that hold non-ASCII characters, shown so a wrong reading is seen.

Invisible characters (controls, direction marks, byte-order marks) are written as escapes
(``\\x95``, ``\\u202e``) so that what the line holds can be seen; everything else is shown as
read. The lines are text, for the report: templates escape them like any other text.
"""
import re

NON_ASCII = re.compile(r"[^\x00-\x7f]")
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
                       r"\u2060-\u2069\ufeff]")
LINES = 5
WIDTH = 100


def preview(text: str, limit: int = LINES) -> list[str]:
    """Up to ``limit`` lines holding non-ASCII characters, each cut to about ``WIDTH``
    characters around the first of them."""
    found, position = [], 0
    while len(found) < limit and (match := NON_ASCII.search(text, position)):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        found.append(excerpt(text[start:end], match.start() - start))
        position = end + 1
    return found


def excerpt(line: str, at: int, width: int = WIDTH) -> str:
    """The line around position ``at``, invisible characters escaped, cuts marked with "…"."""
    begin = max(0, min(at - width // 3, len(line) - width))
    part = line[begin:begin + width].rstrip("\r")
    shown = INVISIBLE.sub(_escape, part)
    return ("…" if begin else "") + shown + ("…" if begin + width < len(line.rstrip("\r")) else "")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
