"""English rules: spaCy's tokenizer and sentencizer on a blank English pipeline (nothing to
download), then, sentence by sentence, the figures (``figures``), the attribution
(``attribution``) and the hedges (spaCy's ``PhraseMatcher`` over the hedge list), put together
into the span a reviewer would mark.

Which sentences: those with a casualty figure or a count of people, and those whose assertion
is hedged ("ISIS commanders reportedly hope …"). The span: the clause that carries them — from
the sentence's start (after a leading attribution, "According to X," or "X said that", and
after a short leading phrase such as "Thus far,") to the end of the figure's words ("… killed
and dozens more injured"), or for a count of people and a hedge to the end of the clause; a
trailing attribution (", a fighter said") is left out of the span and given as the claim's
attribution text."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from ..engine import Suggested
from .attribution import find_attribution, named, source_type
from .figures import find_figures
from .lexicon import CAVEATS, HEDGES

BATCH = 64
PRONOUN_SPEAKERS = {"he", "she", "it", "they", "we", "the group", "the monitor", "the ministry",
                    "the army", "the official", "the source", "the spokesman", "the agency"}
# Odd spaces read as spaces (one character for one: offsets stay those of the text).
SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u200a": " "})
CLAUSE_END = {";", "—", "–"}
CLAUSE_WORDS = {"but", "while", "whereas", "although", "though", "thus", "as", "which"}
MAX_LEAD = 6


@Language.component("claimtrail_paragraphs")
def paragraphs(doc):
    """A line break ends a sentence too: scraped text has headlines, menus and datelines
    without a full stop. Set for the whole text at once (before the sentencizer, which keeps
    what is set): one token at a time costs a scan of the text each."""
    starts = doc.to_array([SENT_START])
    marked = False
    for token in doc[1:]:
        before = doc[token.i - 1]
        if (before.is_space and "\n" in before.text) or "\n" in before.whitespace_:
            starts[token.i] = 1
            marked = True
    if marked:
        doc.from_array([SENT_START], starts)
    return doc


class Rules:
    language = "en"

    def __init__(self):
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("claimtrail_paragraphs")
        self.nlp.add_pipe("sentencizer", config={"overwrite": False})
        self.nlp.max_length = 5_000_000
        self.hedges = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.hedges.add("HEDGE", [self.nlp.make_doc(h) for h in HEDGES])
        self.caveats = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.caveats.add("CAVEAT", [self.nlp.make_doc(c) for c in CAVEATS])

    def suggest_texts(self, texts: Iterable[tuple[str, tuple[int, int] | None]],
                      vague_terms: dict[str, int]) -> Iterator[list[Suggested]]:
        items = list(texts) if not isinstance(texts, list) else texts
        bodies = [((text[b[0]:b[1]] if b else text).translate(SPACES), b[0] if b else 0) for text, b in items]
        for (body, offset), doc in zip(bodies, self.nlp.pipe((b for b, _ in bodies), batch_size=BATCH)):
            caveats = {doc[s].sent.start: (s, e) for _, s, e in self.caveats(doc)}
            found, previous, said = [], None, None
            for sent, hedges in _with_hedges(doc, self.hedges(doc)):
                caveat = caveats.get(sent.start)
                if caveat is not None:   # hedges what was just said: the suggestion before
                    if found and previous is not None and found[-1] is previous:
                        found[-1] = _with_caveat(found[-1], doc, caveat, offset)
                    previous = None
                    continue
                suggestion = self._sentence(sent, offset, vague_terms, hedges)
                if suggestion is not None and suggestion.speaker:
                    if said is not None and suggestion.speaker.lower() in PRONOUN_SPEAKERS:
                        # "it said", "he told": the source named before
                        suggestion = replace(suggestion, source_type=said.source_type, named=said.named)
                    elif suggestion.speaker.lower() not in PRONOUN_SPEAKERS:
                        said = suggestion
                previous = suggestion
                if suggestion:
                    found.append(suggestion)
            yield found

    def _sentence(self, sent, offset: int, vague_terms, hedge_spans) -> Suggested | None:
        doc = sent.doc
        figures = [f for f in find_figures(sent, vague_terms)]
        if not figures and not hedge_spans:
            return None
        attribution = find_attribution(sent)
        if attribution is not None:
            first = min([f.start for f in figures] + [h[0] for h in hedge_spans])
            attribution.leading = attribution.end <= first
        start = _claim_start(doc, sent, attribution, figures, hedge_spans)
        end = _claim_end(doc, sent, attribution, figures, hedge_spans, start)
        if end <= start:
            return None
        figures = [f for f in figures if start <= f.start and f.end <= end] or figures
        hedges = list(hedge_spans)
        if not figures and not hedges:
            return None
        span = doc[start:end]
        parts = [{"part": "figure", "start": doc[f.start].idx + offset,
                  "end": doc[f.end - 1].idx + len(doc[f.end - 1]) + offset} for f in figures]
        parts += [{"part": "hedge", "start": doc[a].idx + offset,
                   "end": doc[b - 1].idx + len(doc[b - 1]) + offset} for a, b in hedges]
        text, speaker, kind_of_source, named_as = "", "", "none", "no_source"
        if attribution is not None:
            first, last = doc[attribution.start], doc[attribution.end - 1]
            text = doc[attribution.start:attribution.end].text
            speaker = attribution.speaker(doc)
            kind_of_source = source_type(doc, attribution.speaker_start, attribution.speaker_end)
            named_as = named(doc, attribution.speaker_start, attribution.speaker_end)
            parts.append({"part": "attribution", "start": first.idx + offset,
                          "end": last.idx + len(last) + offset})
            s0, s1 = doc[attribution.speaker_start], doc[attribution.speaker_end - 1]
            parts.append({"part": "speaker", "start": s0.idx + offset, "end": s1.idx + len(s1) + offset})
            c0, c1 = doc[attribution.cue_start], doc[attribution.cue_end - 1]
            parts.append({"part": "cue", "start": c0.idx + offset, "end": c1.idx + len(c1) + offset})
        casualty = any(f.casualty for f in figures)
        kind = "casualty_figure" if casualty else ("quantity" if figures else "other")
        return Suggested(
            start=span.start_char + offset, end=span.end_char + offset, quote=span.text, kind=kind,
            figures=[f.as_dict(doc) for f in figures], attribution_text=text, speaker=speaker,
            source_type=kind_of_source, named=named_as,
            hedging="; ".join(dict.fromkeys(doc[a:b].text for a, b in hedges)),
            parts=sorted(parts, key=lambda p: (p["start"], p["part"])))


def _with_caveat(suggestion: Suggested, doc, caveat: tuple[int, int], offset: int) -> Suggested:
    words = doc[caveat[0]:caveat[1]]
    part = {"part": "hedge", "start": words.start_char + offset, "end": words.end_char + offset}
    hedging = "; ".join(h for h in (suggestion.hedging, words.text) if h)
    return replace(suggestion, hedging=hedging,
                   parts=sorted(suggestion.parts + [part], key=lambda p: (p["start"], p["part"])))


def _with_hedges(doc, matches):
    """Each sentence with the hedge phrases in it (longest where they overlap)."""
    spans = sorted(((s, e) for _, s, e in matches), key=lambda m: (m[0], -m[1]))
    kept, last_end = [], -1
    for s, e in spans:
        if s >= last_end:
            kept.append((s, e))
            last_end = e
    k = 0
    for sent in doc.sents:
        mine = []
        while k < len(kept) and kept[k][0] < sent.end:
            if kept[k][0] >= sent.start:
                mine.append(kept[k])
            k += 1
        yield sent, mine


def _claim_start(doc, sent, attribution, figures, hedges) -> int:
    start = _leading(doc, sent, attribution, figures, hedges)
    while start < sent.end and (doc[start].is_space or doc[start].text in (",", ":")):
        start += 1
    return start


def _leading(doc, sent, attribution, figures, hedges) -> int:
    start = sent.start
    while start < sent.end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    first = min([f.start for f in figures] + [h[0] for h in hedges] or [sent.end])
    if attribution is not None and attribution.leading and attribution.end <= first:
        start = attribution.end
        while start < first and (doc[start].text in (",", ":") or doc[start].lower_ == "that"):
            start += 1
        return start
    # A short leading phrase before a comma ("Thus far,", "On Thursday,"), if the figure follows it.
    for j in range(start, min(first, start + MAX_LEAD)):
        if doc[j].text == "," and first > j:
            if figures and first == j + 1 or not any(t.lower_ in ("killed", "said") for t in doc[start:j]):
                return j + 1
            break
    return start


def _claim_end(doc, sent, attribution, figures, hedges, start: int) -> int:
    end = sent.end
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in (")", "”", "’") or doc[end - 1].is_space):
        end -= 1
    last = max([f.end for f in figures] + [h[1] for h in hedges] or [start])
    if attribution is not None and not attribution.leading and attribution.start >= last:
        end = min(end, attribution.start)   # a trailing attribution: after all the figures
    casualties = [f for f in figures if f.casualty]
    if casualties:   # to the end of the last casualty figure's words
        reach = max(max(f.reach, f.end) for f in casualties)
        end = min(end, reach) if reach > start else end
    else:   # a count of people or a hedge: to the end of the clause
        anchor = max([f.end for f in figures] + [h[1] for h in hedges])
        for j in range(anchor, end):
            if doc[j].text in CLAUSE_END or doc[j].lower_ in CLAUSE_WORDS or doc[j].text == "," and j > anchor + 1 \
                    and j + 1 < end and doc[j + 1].lower_ in CLAUSE_WORDS | {"a", "an", "the", "who", "which", "thus", "according"}:
                end = j
                break
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in (")",) or doc[end - 1].is_space):
        end -= 1
    return end
