"""The suggestion rules measured on the hand-labelled evaluation set (bench/suggestions_eval),
against the issue's targets — the same measure `make bench` prints (bench/suggestion_quality.py):
casualty figures recalled ≥ 0.95 at precision ≥ 0.6, speaker spans exact ≥ 0.8; and the seed
demo's claims suggested as a reviewer marks them.

The issue's "at most 5 suggestions per 1,000 words" cannot be asserted on this set: its
reviewers marked more casualty figures than that per 1,000 words (the bench prints both), so
meeting it would mean missing figures. What is asserted instead is what it guards against —
a reader flooded with suggestions: at most one suggestion per 1,000 words on words no reviewer
marked, and never more suggestions than claims a reviewer marks."""
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path[:0] = [str(BENCH), str(BENCH / "suggestions_eval")]

import suggestion_quality  # noqa: E402


@pytest.fixture(scope="module")
def figures():
    return suggestion_quality.figures(suggestion_quality.measure())


def test_casualty_figures_are_found_with_few_false_ones(figures):
    assert figures["casualty recall"] >= 0.95
    assert figures["casualty precision"] >= 0.6


def test_speakers_are_found_exactly(figures):
    assert figures["speaker exact"] >= 0.8


def test_suggestions_are_few_enough_to_read(figures):
    assert figures["false per 1000 words"] <= 1
    assert figures["per 1000 words"] <= figures["gold per 1000 words"]


def test_figure_values_are_read_right(figures):
    assert figures["figure values"] >= 0.9


def test_the_demo_articles_claims_are_among_the_suggestions():
    from load import load
    demo = next(a for a in load() if a.file == "demo.jsonl")
    t = suggestion_quality.measure([demo])
    assert t["casualty gold"] == 3 and t["casualty recalled"] == 3
    assert t["speaker exact"] == t["speaker gold"] == 1
