"""Re-anchoring measured on revisions with known truth (issue 12), for `make bench`.

    .venv/bin/python bench/anchoring.py [--articles 2000] [--seed 1]

Articles come from the data generator (bench/generate.py), their claim spans with a prefix and
a suffix of 32 characters as the application stores them; each gets a new revision from
bench/revisions.py (sentences inserted and deleted, words and figures changed, typos fixed,
paragraphs moved, boilerplate added, the text re-flowed) and every span is re-anchored with
``webapp.revisions.anchoring.reanchor``. Then, against the truth:

- spans whose words survive: re-anchored to exactly the right place (target ≥ 99%), to a wrong
  place, or orphaned;
- spans whose words changed: found where the change is (the found span and the true one overlap
  by at least 80% of their union), elsewhere, or orphaned;
- spans whose words were removed: orphaned (target: all), or misplaced;
- anchored to a wrong place, of all spans (target ≤ 0.5%);
- the time to re-anchor an article with 50 claims, p50 and p95 (target ≤ 50 ms).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(ROOT / "bench")):
    if path not in sys.path:
        sys.path.insert(0, path)

import generate as gen  # noqa: E402
import revisions  # noqa: E402
from webapp.revisions.anchoring import Span, reanchor  # noqa: E402

CONTEXT = 32


def spans_of(text: str, found: list[tuple]) -> list[Span]:
    return [Span(s, e, text[s:e], text[max(0, s - CONTEXT):s], text[e:e + CONTEXT])
            for s, e, *_rest in found]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def measure(n_articles: int, seed: int) -> dict:
    rng = random.Random(seed)
    tally = Counter()
    edits = Counter()
    for index in range(n_articles):
        text, body_start, body_end, found = gen._article(rng, index, 10)
        spans = spans_of(text, found)
        new, truths, made = revisions.revise(rng, text, (body_start, body_end),
                                             [(s.start, s.end) for s in spans])
        edits.update(made)
        for placement, truth in zip(reanchor(text, new, spans), truths):
            tally[truth.kind] += 1
            if not placement.anchored:
                tally[f"{truth.kind} orphaned"] += 1
                continue
            where = (placement.start, placement.end)
            if truth.kind == "removed":
                tally["removed misplaced"] += 1
            elif truth.kind == "survived":
                tally["survived right" if where == (truth.start, truth.end) else "survived wrong"] += 1
            else:
                tally["changed right" if overlap(where, (truth.start, truth.end)) >= 0.8
                      else "changed wrong"] += 1
    return {"tally": tally, "edits": edits}


def speed(seed: int, n: int = 200) -> tuple[float, float]:
    """ms to re-anchor an article with 50 claims (three generated articles' text), p50 and p95."""
    rng = random.Random(seed + 1)
    times = []
    for index in range(n):
        parts, spans, at = [], [], 0
        while len(spans) < 50:
            text, body_start, body_end, found = gen._article(rng, index, 10)
            parts.append(text)
            spans += [(s + at, e + at) for s, e, *_ in found]
            at += len(text)
        text = "".join(parts)
        spans = spans_of(text, spans[:50])
        new, _truths, _made = revisions.revise(rng, text, (0, len(text)),
                                               [(s.start, s.end) for s in spans])
        started = time.perf_counter()
        reanchor(text, new, spans)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def rows(result: dict, timing: tuple[float, float]) -> list[tuple[str, str, str]]:
    t = result["tally"]
    total = sum(t[k] for k in ("survived", "changed", "removed"))
    share = lambda a, b: f"{t[a] / t[b]:.2%} ({t[a]:,} of {t[b]:,})" if t[b] else "–"  # noqa: E731
    wrong = t["survived wrong"] + t["changed wrong"] + t["removed misplaced"]
    return [
        ("Spans whose words survive, re-anchored exactly", "≥ 99%", share("survived right", "survived")),
        ("… anchored to a wrong place", "", share("survived wrong", "survived")),
        ("… orphaned", "", share("survived orphaned", "survived")),
        ("Spans whose words changed, found where the change is", "", share("changed right", "changed")),
        ("… orphaned", "", share("changed orphaned", "changed")),
        ("Spans whose words were removed, orphaned", "all", share("removed orphaned", "removed")),
        ("Anchored to a wrong place, of all spans", "≤ 0.5%",
         f"{wrong / total:.2%} ({wrong:,} of {total:,})" if total else "–"),
        ("Re-anchoring an article with 50 claims, p50 / p95 ms", "≤ 50",
         f"{timing[0]:.1f} / {timing[1]:.1f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    result = measure(args.articles, args.seed)
    timing = speed(args.seed)
    print(f"Re-anchoring on {args.articles:,} revised articles (seed {args.seed}); edits made: "
          + ", ".join(f"{k} {v:,}" for k, v in result["edits"].most_common()))
    print("| Figure | Target | Result |\n|---|---|---|")
    for label, target, value in rows(result, timing):
        print(f"| {label} | {target} | {value} |")
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
