"""New revisions of generated articles, made by the edits news pages get, with the truth kept
(issue 12): for every claim span of the old text, where its words are in the new one, or that
they were changed or removed.

The edits, each a few times per revision, in proportions an outlet's updates show:
- a sentence inserted (an update, a new paragraph of context) or deleted;
- a figure changed ("26" becomes "23"), inside a claim or elsewhere;
- a word changed, a typo fixed (two letters swapped back, a doubled letter dropped);
- a paragraph moved;
- boilerplate added ("Updated at …", "Read more: …");
- the whole text re-flowed (spaces become line breaks, paragraph breaks single lines).

The text is edited as a list of characters, each remembering its place in the old text (None
for new ones), so that the truth is read off, not guessed: a span whose characters all survive,
in order and together (a space may have become a line break), has *survived* at their new
place; one that kept less than half of them was *removed*; the rest were *changed*, and their
new place runs from the first to the last character that survived or replaced one of theirs.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

EDITS = {"insert sentence": 20, "delete sentence": 14, "change figure": 14, "change word": 12,
         "fix typo": 10, "move paragraph": 10, "boilerplate": 10, "reflow": 10}
NEW_SENTENCES = [
    "Update: the monitor revised its account later in the day.",
    "The ministry did not respond to a request for comment.",
    "This article has been updated with new information from the scene.",
    "Local journalists said communications in the area were cut for several hours.",
    "A spokesman for the coalition said the reports were being reviewed.",
]
WORDS = {"said": "stated", "killed": "slain", "near": "close to", "fighters": "gunmen",
         "residents": "locals", "reported": "announced", "city": "town", "Tuesday": "Wednesday"}
BOILERPLATE_HEAD = ["Updated at 14:02 GMT\n\n", "Last modified: 3 May 2017\n\n", "⚡️ LIVE\n\n"]
BOILERPLATE_TAIL = ["\n\nRead more: Syria live updates", "\n\nFollow us on Telegram ✈️"]
NUMBER = re.compile(r"(?<![\w,.])\d[\d,]*(?![\w,])")


@dataclass
class Truth:
    kind: str                    # "survived", "changed", "removed"
    start: int | None = None
    end: int | None = None


class Draft:
    """A text being edited: its characters, each with its offset in the old text or None."""

    def __init__(self, text: str):
        self.chars: list[tuple[str, int | None]] = [(c, i) for i, c in enumerate(text)]

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)

    def insert(self, at: int, words: str) -> None:
        self.chars[at:at] = [(c, None) for c in words]

    def delete(self, start: int, end: int) -> None:
        del self.chars[start:end]

    def replace(self, start: int, end: int, words: str) -> None:
        """New words over old ones: each character takes the place of the old one it replaces."""
        old = self.chars[start:end]
        last = old[-1][1] if old else None   # longer words: the extra letters take the last place
        new = [(c, old[i][1] if i < len(old) else last) for i, c in enumerate(words)]
        self.chars[start:end] = new

    def truths(self, old_text: str, spans: list[tuple[int, int]]) -> list[Truth]:
        placed: dict[int, int] = {}
        for i, (_c, origin) in enumerate(self.chars):
            if origin is not None:
                placed[origin] = i      # a replaced word's extra letters: the last one wins
        return [self._truth(old_text, placed, s, e) for s, e in spans]

    def _truth(self, old_text: str, placed: dict[int, int], start: int, end: int) -> Truth:
        where = {o: placed[o] for o in range(start, end) if o in placed}
        if len(where) < (end - start) / 2:
            return Truth("removed")
        places = [where[o] for o in range(start, end) if o in where]
        first, last = min(places), max(places) + 1
        new = "".join(c for c, _ in self.chars[first:last])
        old = old_text[start:end]
        together = len(where) == end - start and places == list(range(first, last))
        if together and new.split() == old.split() and (
                len(new) == len(old)) and all((a == b) or (a.isspace() and b.isspace())
                                              for a, b in zip(new, old)):
            return Truth("survived", first, last)
        return Truth("changed", first, last)


def sentences(text: str, body_start: int, body_end: int) -> list[tuple[int, int]]:
    """The body's sentences (start, end) in the draft's text, each with its trailing space."""
    found, at = [], body_start
    for match in re.finditer(r"[.!?”](?: |\n\n)", text[body_start:body_end]):
        end = body_start + match.end()
        found.append((at, end))
        at = end
    return found


def revise(rng: random.Random, text: str, body: tuple[int, int], spans: list[tuple[int, int]],
           edits: int | None = None) -> tuple[str, list[Truth], list[str]]:
    """A new revision of ``text``: (new text, the truth for each span, the edits made)."""
    draft = Draft(text)
    made = []
    for _ in range(edits or rng.choice([1, 2, 2, 3, 4])):
        kind = rng.choices(list(EDITS), list(EDITS.values()))[0]
        if _edit(rng, draft, kind, body, spans, text):
            made.append(kind)
    return draft.text, draft.truths(text, spans), made


def _body(draft: Draft, body: tuple[int, int]) -> tuple[int, int]:
    """The body's bounds in the draft: where its first and last old characters are now."""
    places = [i for i, (_c, o) in enumerate(draft.chars) if o is not None and body[0] <= o < body[1]]
    return (places[0], places[-1] + 1) if places else (0, len(draft.chars))


def _edit(rng, draft: Draft, kind: str, body, spans, old_text) -> bool:
    text = draft.text
    start, end = _body(draft, body)
    found = sentences(text, start, end)
    if kind == "insert sentence" and found:
        at = rng.choice(found)[1]
        draft.insert(at, rng.choice(NEW_SENTENCES) + " ")
    elif kind == "delete sentence" and len(found) > 2:
        s, e = rng.choice(found)
        draft.delete(s, e)
    elif kind == "change figure":
        numbers = list(NUMBER.finditer(text, start, end))
        if not numbers:
            return False
        match = rng.choice(numbers)
        value = int(match.group().replace(",", ""))
        draft.replace(match.start(), match.end(), str(max(1, value + rng.choice([-3, -1, 2, 5, 10]))))
    elif kind == "change word":
        hits = [m for w in WORDS for m in re.finditer(rf"\b{w}\b", text[start:end])]
        if not hits:
            return False
        match = rng.choice(hits)
        draft.replace(start + match.start(), start + match.end(), WORDS[match.group()])
    elif kind == "fix typo":
        words = [m for m in re.finditer(r"[A-Za-z]{5,}", text[start:end])]
        if not words:
            return False
        match = rng.choice(words)
        s = start + match.start() + rng.randrange(1, len(match.group()) - 2)
        draft.replace(s, s + 2, text[s + 1] + text[s])    # two letters swapped
    elif kind == "move paragraph":
        breaks = [m.end() for m in re.compile("\n\n").finditer(text, start, end)]
        bounds = [start, *breaks, end]
        paragraphs = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
        if len(paragraphs) < 3:
            return False
        a, b = rng.choice(paragraphs[1:])
        moved = draft.chars[a:b]
        if not "".join(c for c, _ in moved).endswith("\n\n"):
            return False
        del draft.chars[a:b]
        target = rng.choice([p for p, _ in paragraphs if p < a] or [start])
        draft.chars[target:target] = moved
    elif kind == "boilerplate":
        draft.insert(end, rng.choice(BOILERPLATE_TAIL))
        draft.insert(start, rng.choice(BOILERPLATE_HEAD))
    elif kind == "reflow":
        for i in range(end - 1, start, -1):
            c = draft.chars[i][0]
            if c == " " and rng.random() < 0.12:
                draft.chars[i] = ("\n", draft.chars[i][1])
            elif c == "\n" and draft.chars[i - 1][0] == "\n" and rng.random() < 0.5:
                del draft.chars[i]
    else:
        return False
    return True
