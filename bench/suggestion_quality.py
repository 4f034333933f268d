"""How well the suggestion rules find what a reviewer marks (issue 13), for `make bench`.

    .venv/bin/python bench/suggestion_quality.py [--details]

On the hand-labelled evaluation set (bench/suggestions_eval: news-like articles written for
it plus the seed demo article with its six claims), each article's body (as the application
finds it, without site chrome) is read by ``webapp.suggestions.engine.suggest`` and compared
with the gold labels, per kind:

- the span to mark (the claim), figures, attributions (the cue with its speaker), hedges:
  recall (a gold span overlapped by a suggested one) and precision (a suggested span that
  overlaps a gold one), and the share matched exactly;
- casualty figures: recall and precision (targets ≥ 0.95 and ≥ 0.6);
- figure values: the share of gold figures whose value (kind, low, high, vague term) and what
  they count were read right;
- speaker span exact match (target ≥ 0.8), over the gold attributions of the claims suggested
  (a claim the rules do not suggest counts against the claim recall, not here), and the source
  type and named guesses right;
- suggestions per 1,000 words (target ≤ 5).
``measure()`` is what tests/suggestions/test_quality.py asserts the targets on.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(ROOT / "bench" / "suggestions_eval")):
    if path not in sys.path:
        sys.path.insert(0, path)

from load import load  # noqa: E402  (bench/suggestions_eval/load.py)

from webapp.services.articles import find_body  # noqa: E402
from webapp.suggestions.engine import suggest  # noqa: E402
from webapp.corroboration.vague_terms import ACLED_DEFAULTS  # noqa: E402


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _parts(suggestion, name: str) -> list[tuple[int, int]]:
    return [(p["start"], p["end"]) for p in suggestion.parts if p["part"] == name]


def measure(articles=None) -> dict:
    """Counts over the evaluation set (see ``rows`` for what they make)."""
    articles = articles if articles is not None else load()
    t: Counter = Counter()
    misses: list[str] = []
    for article in articles:
        text = article.text
        found = suggest(text, vague_terms=ACLED_DEFAULTS, body=find_body(text))
        t["articles"] += 1
        t["words"] += article.words
        t["suggestions"] += len(found)
        spans = [(s.start, s.end) for s in found]
        figures = [(span, figure) for s in found
                   for span, figure in zip(_parts(s, "figure"), s.figures)]
        attributions = [(span, s) for s in found for span in _parts(s, "attribution")]
        speakers = {span for s in found for span in _parts(s, "speaker")}
        hedges = [span for s in found for span in _parts(s, "hedge")]
        gold_claims = [(c.span.start, c.span.end) for c in article.claims]
        gold_figures = [f for c in article.claims for f in c.figures]
        gold_attributions = [c.attribution for c in article.claims if c.attribution]
        gold_hedges = [(h.start, h.end) for c in article.claims for h in c.hedges]
        _tally(t, "claim", gold_claims, spans)
        _tally(t, "figure", [(f.span.start, f.span.end) for f in gold_figures], [s for s, _ in figures])
        _tally(t, "attribution", list({(a.span.start, a.span.end) for a in gold_attributions}),
               [s for s, _ in attributions])
        _tally(t, "hedge", gold_hedges, hedges)
        casualty_gold = [(f.span.start, f.span.end) for f in gold_figures if f.is_casualty]
        casualty_found = [s for s, figure in figures if figure["counts"]]
        _tally(t, "casualty", casualty_gold, casualty_found)
        for f in gold_figures:
            match = next((figure for span, figure in figures if _overlaps(span, (f.span.start, f.span.end))), None)
            value = (f.kind, f.low, f.high, f.term)
            if match is not None and (match["kind"], match["low"], match["high"], match["term"]) == value:
                t["figure value right"] += 1
                if match["counts"] == f.counts or (f.combined and match["counts"] == "other"):
                    t["figure value and counts right"] += 1
            elif f.is_casualty:
                misses.append(f"{article.id}: figure {f.span.text!r} in {text[f.span.start - 40:f.span.end + 40]!r}"
                              f" → {match}")
        suggested_claims = [c for c in article.claims if any(_overlaps((c.span.start, c.span.end), sp) for sp in spans)]
        for a in {c.attribution for c in suggested_claims if c.attribution}:
            t["speaker gold"] += 1
            if (a.speaker.start, a.speaker.end) in speakers:
                t["speaker exact"] += 1
            match = next((s for span, s in attributions if _overlaps(span, (a.span.start, a.span.end))), None)
            if match is not None:
                t["attribution matched"] += 1
                t["source type right"] += match.source_type == a.source_type
                t["named right"] += match.named == a.named
            if (a.speaker.start, a.speaker.end) not in speakers:
                got = [text[s:e] for s, e in speakers if _overlaps((s, e), (a.span.start, a.span.end))]
                misses.append(f"{article.id}: speaker {a.speaker.text!r} → {got}")
    t["misses"] = misses
    return t


def _tally(t: Counter, kind: str, gold: list[tuple[int, int]], found: list[tuple[int, int]]) -> None:
    t[f"{kind} gold"] += len(gold)
    t[f"{kind} found"] += len(found)
    t[f"{kind} recalled"] += sum(any(_overlaps(g, f) for f in found) for g in gold)
    t[f"{kind} precise"] += sum(any(_overlaps(f, g) for g in gold) for f in found)
    t[f"{kind} exact"] += sum(g in found for g in gold)


def ratio(t: Counter, a: str, b: str) -> float:
    return t[a] / t[b] if t[b] else 0.0


def figures(t: Counter) -> dict[str, float]:
    """The measured figures by name (what the test checks the targets against)."""
    out = {}
    for kind in ("claim", "figure", "casualty", "attribution", "hedge"):
        out[f"{kind} recall"] = ratio(t, f"{kind} recalled", f"{kind} gold")
        out[f"{kind} precision"] = ratio(t, f"{kind} precise", f"{kind} found")
        out[f"{kind} exact"] = ratio(t, f"{kind} exact", f"{kind} gold")
    out["figure values"] = ratio(t, "figure value right", "figure gold")
    out["figure values and counts"] = ratio(t, "figure value and counts right", "figure gold")
    out["speaker exact"] = ratio(t, "speaker exact", "speaker gold")
    out["source type"] = ratio(t, "source type right", "attribution matched")
    out["named"] = ratio(t, "named right", "attribution matched")
    out["per 1000 words"] = 1000 * t["suggestions"] / t["words"] if t["words"] else 0.0
    out["gold per 1000 words"] = 1000 * t["claim gold"] / t["words"] if t["words"] else 0.0
    out["gold casualty per 1000 words"] = 1000 * t["casualty gold"] / t["words"] if t["words"] else 0.0
    out["false per 1000 words"] = 1000 * (t["claim found"] - t["claim precise"]) / t["words"] if t["words"] else 0.0
    return out


def rows(t: Counter) -> list[tuple[str, str, str]]:
    f = figures(t)
    pct = lambda x: f"{x:.2f}"  # noqa: E731
    out = []
    for kind, label in (("claim", "Span to mark (the claim)"), ("figure", "Figures"),
                        ("casualty", "Casualty figures"), ("attribution", "Attributions"),
                        ("hedge", "Hedges")):
        target = "≥ 0.95 / ≥ 0.6" if kind == "casualty" else ""
        out.append((f"{label}: recall / precision / exact (gold {t[f'{kind} gold']:,}, suggested "
                    f"{t[f'{kind} found']:,})", target,
                    f"{pct(f[f'{kind} recall'])} / {pct(f[f'{kind} precision'])} / {pct(f[f'{kind} exact'])}"))
    out += [
        ("Figure values read right (and what they count)", "",
         f"{pct(f['figure values'])} ({pct(f['figure values and counts'])})"),
        ("Speaker span exact", "≥ 0.8", f"{pct(f['speaker exact'])} ({t['speaker exact']} of {t['speaker gold']})"),
        ("Source type / named guessed right (matched attributions)", "",
         f"{pct(f['source type'])} / {pct(f['named'])}"),
        ("Suggestions per 1,000 words", "≤ 5",
         f"{f['per 1000 words']:.1f} ({t['suggestions']:,} in {t['words']:,} words, {t['articles']} articles)"),
        ("… of them on no claim a reviewer marked", "", f"{f['false per 1000 words']:.1f}"),
        ("Claims a reviewer marked per 1,000 words (casualty figures)", "",
         f"{f['gold per 1000 words']:.1f} ({f['gold casualty per 1000 words']:.1f})"),
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every missed casualty figure and speaker")
    args = parser.parse_args()
    started = time.perf_counter()
    t = measure()
    print("Suggestions on the evaluation set (bench/suggestions_eval)")
    print("| Figure | Target | Result |\n|---|---|---|")
    for label, target, value in rows(t):
        print(f"| {label} | {target} | {value} |")
    if args.details:
        print("\n".join(t["misses"]))
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
