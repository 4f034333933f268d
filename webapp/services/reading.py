"""The reading view's layout: paragraphs of the article split where highlights begin and end.

Each segment carries its start offset (in code points of the stored text) so the browser can
turn a selection back into exact offsets; overlapping claims simply share segments, and so do
machine suggestions (drawn apart from claims, in the same segments).
"""
import re
from dataclasses import dataclass

_NEWLINE = re.compile("\n")


# Segments are many (an article of 400 KB with its suggestions has tens of thousands): slots,
# and one shared empty tuple for "none here", keep them from filling the garbage collector's work.
NONE: tuple = ()


@dataclass(slots=True)
class Segment:
    start: int
    text: str
    claim_ids: list[int] | tuple = NONE
    suggestion_ids: list[int] | tuple = NONE


@dataclass(slots=True)
class Paragraph:
    start: int
    segments: list[Segment]
    chrome: bool  # site chrome around the body: shown muted, still selectable


def layout(text: str, spans: list[tuple[int, int, int]], body: tuple[int, int],
           suggestions: list[tuple[int, int, int]] = ()) -> list[Paragraph]:
    """Split ``text`` into paragraphs (at newlines) and segments (at span edges).

    ``spans`` are ``(claim_id, start, end)``, ``suggestions`` ``(suggestion_id, start, end)``.
    Newline characters are not shown but are kept out of every segment, so offsets stay exact.
    One sweep over the cut points keeps the set of spans open at each point, so an article with
    hundreds of claims and suggestions stays fast.
    """
    claims, suggested = _Edges(spans), _Edges(suggestions)
    newlines = [m.start() for m in _NEWLINE.finditer(text)]   # C speed: a 400 KB text in 1 ms
    cuts = sorted({0, len(text), *claims.points(), *suggested.points(),
                   *newlines, *(i + 1 for i in newlines)})
    paragraphs: list[Paragraph] = []
    current: list[Segment] = []
    line_start = 0
    for a, b in zip(cuts, cuts[1:]):
        claims.move_to(a)
        suggested.move_to(a)
        if text[a:b] == "\n":
            _close(paragraphs, current, line_start, body)
            current, line_start = [], b
            continue
        current.append(Segment(a, text[a:b], claims.ids(), suggested.ids()))
    _close(paragraphs, current, line_start, body)
    return paragraphs


class _Edges:
    """Where spans start and end, and the ones open at the point the sweep has reached."""

    def __init__(self, spans):
        self.starts: dict[int, list[int]] = {}
        self.ends: dict[int, list[int]] = {}
        for sid, start, end in spans:
            self.starts.setdefault(start, []).append(sid)
            self.ends.setdefault(end, []).append(sid)
        self.active: dict[int, None] = {}  # insertion-ordered set of open ids

    def points(self):
        return (*self.starts, *self.ends)

    def ids(self) -> list[int] | tuple:
        return list(self.active) if self.active else NONE

    def move_to(self, point: int) -> None:
        for sid in self.ends.get(point, ()):
            self.active.pop(sid, None)
        for sid in self.starts.get(point, ()):
            self.active[sid] = None


def _close(paragraphs: list[Paragraph], segments: list[Segment], start: int,
           body: tuple[int, int]) -> None:
    if segments:
        end = segments[-1].start + len(segments[-1].text)
        paragraphs.append(Paragraph(start, segments, end <= body[0] or start >= body[1]))

