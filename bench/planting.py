"""Copies planted among generated articles (issue 11), with the truth kept: which article was
made from which, and how.

How the copies are made, in proportions a project of scraped news shows (wire services and
republishing sites): about one article in eight is a copy of an earlier one (sometimes of a
copy), made one of these ways, each keeping the figures of the text it copies:
- wire: the same body under another site's chrome and a rewritten headline;
- boilerplate: the site's own lines added inside the body ("This report was first published
  by …", "Follow us on Telegram");
- dropped / added: a paragraph left out, or one of the site's own added;
- rewrite: a light rewrite (about one word in 25 changed), or a heavy one (one in 8), which
  usually keeps less than half of the 5-word shingles: near the threshold on both sides.
"""
import random
import re

COPY_SHARE = 0.12
HOW = {"wire": 30, "boilerplate": 22, "dropped": 18, "added": 10, "light rewrite": 14,
       "heavy rewrite": 6}
BOILERPLATE = ["This report was first published by {outlet} and is republished with permission.",
               "Follow us on Telegram and WhatsApp for the latest news from northern Syria.",
               "Editor's note: this story has been updated with the latest figures.",
               "({outlet}) — Translated from the Arabic by our newsdesk."]
ADDED = ["Our correspondent in the region could not independently verify the account, and calls "
         "to the spokesman went unanswered on the day of publication.",
         "The war, now in its seventh year, has displaced more than half of the country's "
         "pre-war population, according to the United Nations."]
SWAPS = ["reportedly", "also", "then", "on Tuesday", "later", "again", "locally", "openly"]
HEADLINE = ["UPDATE: {t}", "{t} — report", "Breaking: {t}", "{t}, sources say", "Watch: {t}"]
POOL = 400          # the recent articles a copy is made from


class Planter:
    """Decides which generated articles are copies and makes their text; a random generator of
    its own, so the rest of the data is the same with or without copies."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed * 7919 + 11)
        self.pool: list[dict] = []
        self.truth: list[tuple[int, int, str]] = []   # (copied article, copy, how)

    def plant(self, aid: int, index: int, article: tuple, title: str, site: str) -> tuple[tuple, str]:
        """The article's (text, body_start, body_end, spans) and title: a copy of an earlier
        article, or as generated."""
        rng = self.rng
        if index == 0 or not self.pool or rng.random() >= COPY_SHARE:
            self._remember(aid, article, title, site)
            return article, title
        source = rng.choice(self.pool)
        how = rng.choices(list(HOW), list(HOW.values()))[0]
        text, body_start, body_end, spans = source["article"]
        body = _change(rng, how, text[body_start:body_end], source["site"])
        # The copying site's own chrome (its name and story number: never the same text twice).
        head, tail = f"{site} | Home | World | Middle East\n\n", f"\n\nMore from {site} · story {aid}"
        copied = head + body + tail
        start, end = len(head), len(head) + len(body)
        moved = [(s, e, *rest) for s, e, *rest in _relocate(copied, text, spans, start)]
        if not moved:
            claim = "26 ISIS militants have been killed"
            copied = copied[:end] + " " + claim + "." + copied[end:]
            moved = [(end + 1, end + 1 + len(claim), "casualty_figure", "", "none", "no_source")]
            end += len(claim) + 2
        made = (copied, start, end, moved)
        self.truth.append((source["id"], aid, how))
        self._remember(aid, made, title, site)
        return made, rng.choice(HEADLINE).format(t=source["title"])[:480]

    def _remember(self, aid, article, title, site) -> None:
        self.pool.append({"id": aid, "article": article, "title": title, "site": site})
        if len(self.pool) > POOL:
            self.pool.pop(0)


def _change(rng: random.Random, how: str, body: str, outlet: str) -> str:
    paragraphs = body.split("\n\n")
    if how == "boilerplate":
        paragraphs.insert(0, rng.choice(BOILERPLATE).format(outlet=outlet))
        paragraphs.append(rng.choice(BOILERPLATE).format(outlet=outlet))
    elif how == "dropped" and len(paragraphs) > 2:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
    elif how == "added":
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), rng.choice(ADDED))
    elif how.endswith("rewrite"):
        every = 25 if how == "light rewrite" else 8
        paragraphs = [_rewrite(rng, p, every) for p in paragraphs]
    return "\n\n".join(paragraphs)


def _rewrite(rng: random.Random, text: str, every: int) -> str:
    """About one word in ``every`` swapped or dropped; figures (words with digits) kept."""
    words = text.split(" ")
    out = []
    for word in words:
        if not re.search(r"\d", word) and rng.randrange(every) == 0:
            if rng.random() < 0.5:
                out.append(rng.choice(SWAPS))
            continue
        out.append(word)
    return " ".join(out)


def _relocate(copied: str, text: str, spans: list, start: int) -> list:
    """The claim spans found again, word for word, in the copy."""
    found = []
    for s, e, *rest in spans:
        at = copied.find(text[s:e], start)
        if at >= 0:
            found.append((at, at + (e - s), *rest))
    return found
