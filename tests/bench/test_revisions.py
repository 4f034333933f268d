"""The revision generator (bench/revisions.py) keeps a truth that holds: the words of a span
that survived are at its new place, a changed one's place holds other words, and every kind of
edit is made."""
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import generate as gen  # noqa: E402
import revisions  # noqa: E402


def test_the_truth_of_each_span_matches_the_new_text():
    rng = random.Random(7)
    kinds, edits = Counter(), Counter()
    for index in range(150):
        text, body_start, body_end, spans = gen._article(rng, index, 10)
        spans = [(s, e) for s, e, *_ in spans]
        new, truths, made = revisions.revise(rng, text, (body_start, body_end), spans)
        edits.update(made)
        for (s, e), truth in zip(spans, truths):
            kinds[truth.kind] += 1
            if truth.kind == "survived":
                assert new[truth.start:truth.end].split() == text[s:e].split()
            elif truth.kind == "changed":
                assert new[truth.start:truth.end] != text[s:e]
            else:
                assert truth.start is None
    assert set(edits) == set(revisions.EDITS), edits
    assert kinds["survived"] > kinds["changed"] > 0 and kinds["removed"] > 0, kinds
