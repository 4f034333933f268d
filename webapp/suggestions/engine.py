"""The suggestion engine: a language's rules read a text into likely claims (``Suggested``).

Nothing here touches the database or Flask, so the tests and the bench run the rules alone.
A language is a module in ``LANGUAGES`` with a ``Rules`` class (``suggest_docs``); adding one
touches neither the store nor the reading view, which only read what is suggested.
The rules load on first use (spaCy costs about 0.7 s and 100 MB): never in a web worker that
only shows pages.
"""
from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

LANGUAGES = {"en": "webapp.suggestions.english"}
RULES_VERSION = "en-1"


@dataclass(frozen=True)
class Suggested:
    """One likely claim: the span to mark (code points into the text given) and what the rules
    read in it, as the claim form takes it (keys of the project's default lists)."""
    start: int
    end: int
    quote: str
    kind: str = "other"                  # claim kind key: casualty_figure, quantity, …
    figures: list[dict] = field(default_factory=list)   # structured figures (corroboration.figures)
    attribution_text: str = ""           # the cue with its speaker: "a … fighter … said"
    speaker: str = ""
    source_type: str = ""                # a guess: official, combatant, monitor, … ("" none)
    named: str = ""                      # a guess: named_person, named_organisation, unnamed, no_source
    hedging: str = ""                    # the hedge words, "; " between
    parts: list[dict] = field(default_factory=list)     # {"part", "start", "end"}: figure, attribution, speaker, cue, hedge

    def has(self, part: str) -> bool:
        return any(p["part"] == part for p in self.parts)


@functools.cache
def rules(language: str = "en"):
    """The rules of ``language`` (built once per process)."""
    if language not in LANGUAGES:
        raise ValueError(f"no suggestion rules for the language {language!r}")
    return importlib.import_module(LANGUAGES[language]).Rules()


def suggest(text: str, language: str = "en", vague_terms: dict[str, int] | None = None,
            body: tuple[int, int] | None = None) -> list[Suggested]:
    """Likely claims in ``text`` (only within ``body``, the article without its site chrome,
    when given), in the order of the text."""
    return next(suggest_many([(text, body)], language, vague_terms))


def suggest_many(texts: Iterable[tuple[str, tuple[int, int] | None]], language: str = "en",
                 vague_terms: dict[str, int] | None = None) -> Iterator[list[Suggested]]:
    """``suggest`` for many texts at once (spaCy reads them in batches): one list per text."""
    return rules(language).suggest_texts(texts, vague_terms or {})
