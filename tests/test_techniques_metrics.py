"""The official SemEval-2020 Task 11 measures, checked on hand-made spans.

SI credits partial overlap: precision divides each overlap by the predicted span's length,
recall by the gold span's; overlapping gold spans are merged first. TC is the share of
given spans labelled right (a span listed twice needs both its labels). Span+label is SI's
measure restricted to pairs that agree on the label.
"""

from __future__ import annotations

import pytest

from newsift.techniques.metrics import merge_overlapping, si_score, span_label_score, tc_score


def test_partial_overlap_divides_by_predicted_and_gold_length():
    # predicted [0,10) overlaps gold [5,15) by 5 chars: P = 5/10, R = 5/10
    r = si_score({"1": [(0, 10)]}, {"1": [(5, 15)]})
    assert r.precision == pytest.approx(0.5)
    assert r.recall == pytest.approx(0.5)
    assert r.f1 == pytest.approx(0.5)


def test_overlapping_gold_spans_are_merged_before_scoring():
    # gold [5,15) and [8,20) become one span [5,20) of length 15
    r = si_score({"1": [(0, 10)]}, {"1": [(5, 15), (8, 20)]})
    assert r.n_gold == 1
    assert r.precision == pytest.approx(5 / 10)
    assert r.recall == pytest.approx(5 / 15)


def test_touching_spans_stay_apart():
    assert merge_overlapping([(0, 5), (5, 9)]) == [(0, 5), (5, 9)]
    assert merge_overlapping([(3, 9), (0, 5)]) == [(0, 9)]


def test_gold_articles_without_predictions_still_count_for_recall():
    r = si_score({"1": [(0, 10)]}, {"1": [(0, 10)], "2": [(0, 4)]})
    assert r.precision == pytest.approx(1.0)
    assert r.recall == pytest.approx(0.5)


def test_nothing_to_find_and_nothing_found_is_perfect():
    assert si_score({}, {}).f1 == 1.0
    assert si_score({"1": []}, {"1": [(0, 3)]}).f1 == 0.0


def test_tc_aligns_labels_on_identical_spans():
    gold = {"7": [("Doubt", 0, 5), ("Loaded_Language", 0, 5), ("Slogans", 10, 20)]}
    pred = {"7": [("Loaded_Language", 0, 5), ("Doubt", 0, 5), ("Repetition", 10, 20)]}
    assert tc_score(pred, gold).f1 == pytest.approx(2 / 3)


def test_tc_needs_exactly_the_gold_spans():
    with pytest.raises(ValueError):
        tc_score({"7": [("Doubt", 0, 6)]}, {"7": [("Doubt", 0, 5)]})


def test_span_label_credits_only_matching_labels():
    gold = {"1": [("Doubt", 0, 10), ("Slogans", 20, 30)]}
    pred = {"1": [("Doubt", 0, 10), ("Doubt", 20, 30)]}
    r = span_label_score(pred, gold)
    assert r.precision == pytest.approx(0.5)
    assert r.recall == pytest.approx(0.5)
