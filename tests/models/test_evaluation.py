"""Evaluation figures checked against a small example computed by hand."""

from __future__ import annotations

import pytest

from models.evaluation import evaluate

# Four notices. Gold / predicted:
#   1 en  {A}     / {A}        A: tp
#   2 en  {A, B}  / {A}        A: tp, B: fn
#   3 fr  {B}     / {C}        B: fn, C: fp
#   4 fr  {C}     / {OT99}     C: fn, OT99: fp
GOLD = [["A"], ["A", "B"], ["B"], ["C"]]
PREDICTED = [["A"], ["A"], ["C"], ["OT99"]]
LANGUAGES = ["en", "en", "fr", "fr"]


def test_per_category_precision_recall_and_f1() -> None:
    report = evaluate(GOLD, PREDICTED, LANGUAGES)
    a, b, c = (report.per_category[x] for x in "ABC")
    assert (a.precision, a.recall, a.f1) == (1.0, 1.0, 1.0)
    assert (b.precision, b.recall, b.f1, b.support) == (0.0, 0.0, 0.0, 2)
    assert (c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0)
    assert report.per_category["OT99"].support == 0


def test_macro_is_over_categories_present_in_the_gold_labels() -> None:
    report = evaluate(GOLD, PREDICTED, LANGUAGES)
    # A=1, B=0, C=0; OT99 is not in the gold labels and does not count.
    assert report.macro_f1 == pytest.approx(1 / 3)


def test_micro_pools_every_decision() -> None:
    report = evaluate(GOLD, PREDICTED, LANGUAGES)
    # tp=2, predicted=4, gold=5: P=0.5, R=0.4, F1=2*0.2/0.9
    assert report.micro_f1 == pytest.approx(0.4 / 0.9)


def test_per_language_macro_uses_that_language_only() -> None:
    report = evaluate(GOLD, PREDICTED, LANGUAGES)
    # en: A=1 (2 tp), B=0 -> 0.5. fr: B=0, C=0 -> 0.
    assert report.per_language == {"en": pytest.approx(0.5), "fr": 0.0}


def test_coverage_and_speed() -> None:
    report = evaluate(GOLD, PREDICTED, LANGUAGES, seconds=0.002)
    assert report.coverage == 0.75
    assert report.notices_per_s == pytest.approx(2000)
    data = report.to_dict()
    assert {"macro_f1", "micro_f1", "per_language", "per_category", "n", "notices_per_s"} <= set(
        data
    )
    assert data["n"] == 4


def test_lengths_must_agree() -> None:
    with pytest.raises(ValueError, match="same length"):
        evaluate(GOLD, PREDICTED[:2], LANGUAGES)
