"""The reading view's layout: paragraphs of the article split where highlights begin and end.

Each segment carries its start offset (in code points of the stored text) so the browser can
turn a selection back into exact offsets; overlapping claims simply share segments.
"""
from dataclasses import dataclass, field


@dataclass
class Segment:
    start: int
    text: str
    claim_ids: list[int] = field(default_factory=list)


@dataclass
class Paragraph:
    start: int
    segments: list[Segment]
    chrome: bool  # site chrome around the body: shown muted, still selectable


def layout(text: str, spans: list[tuple[int, int, int]], body: tuple[int, int]) -> list[Paragraph]:
    """Split ``text`` into paragraphs (at newlines) and segments (at span edges).

    ``spans`` are ``(claim_id, start, end)``. Newline characters are not shown but are kept
    out of every segment, so offsets stay exact. One sweep over the cut points keeps the set of
    spans open at each point, so an article with hundreds of claims stays fast.
    """
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for cid, start, end in spans:
        starts.setdefault(start, []).append(cid)
        ends.setdefault(end, []).append(cid)
    cuts = sorted({0, len(text), *starts, *ends,
                   *(i for i, ch in enumerate(text) if ch == "\n"),
                   *(i + 1 for i, ch in enumerate(text) if ch == "\n")})
    active: dict[int, None] = {}  # insertion-ordered set of open claim ids
    paragraphs: list[Paragraph] = []
    current: list[Segment] = []
    line_start = 0
    for a, b in zip(cuts, cuts[1:]):
        for cid in ends.get(a, ()):
            active.pop(cid, None)
        for cid in starts.get(a, ()):
            active[cid] = None
        if text[a:b] == "\n":
            _close(paragraphs, current, line_start, body)
            current, line_start = [], b
            continue
        current.append(Segment(a, text[a:b], list(active)))
    _close(paragraphs, current, line_start, body)
    return paragraphs


def _close(paragraphs: list[Paragraph], segments: list[Segment], start: int,
           body: tuple[int, int]) -> None:
    if segments:
        end = segments[-1].start + len(segments[-1].text)
        paragraphs.append(Paragraph(start, segments, end <= body[0] or start >= body[1]))
