"""Honest evaluation: folds, and no notice scored by a model trained on it."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import models.crossval as crossval
from models.folds import assign_folds
from models.records import LabelledDocument
from models.training import train
from models.tuning import Evidence, domain_precision, predict, tune
from tests.models.tiny import tiny_records, tiny_taxonomy


def test_folds_spread_each_category_and_are_deterministic() -> None:
    records = tiny_records()
    ids, labels = [r.id for r in records], [r.labels for r in records]
    folds = assign_folds(ids, labels, 5)
    assert np.array_equal(folds, assign_folds(ids, labels, 5))
    for category in ("FD01", "TY01", "EL01"):
        spread = Counter(int(f) for f, item in zip(folds, labels, strict=True) if category in item)
        assert max(spread.values()) <= 2, category


def test_a_notice_is_never_scored_by_a_model_trained_on_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = tiny_records()
    seen: list[set[str]] = []

    def recording_train(taxonomy, labelled: list[LabelledDocument], **kwargs):
        seen.append({item.id for item in labelled})
        return train(taxonomy, labelled, **kwargs)

    monkeypatch.setattr(crossval, "train", recording_train)
    scored = crossval.cross_validate(tiny_taxonomy(), records, records, folds=3)
    assert scored.folds == 3 and len(scored.results) == len(records)
    folds = assign_folds([r.id for r in records], [r.labels for r in records], 3)
    for fold, trained_on in enumerate(seen):
        held = {r.id for r, f in zip(records, folds, strict=True) if f == fold}
        assert not held & trained_on
        assert trained_on | held == {r.id for r in records}


def test_the_same_notice_under_another_id_is_excluded_too() -> None:
    records = tiny_records()
    renamed = [LabelledDocument("other-" + r.id, r.document, r.labels) for r in records[:3]]
    assert crossval.overlaps(renamed, records)
    left = crossval.without(records, renamed)
    assert {r.id for r in left} == {r.id for r in records[3:]}


def test_thresholds_separate_what_the_held_out_scores_separate() -> None:
    p = np.array([[0.9, 0.1], [0.8, 0.2], [0.2, 0.7], [0.1, 0.6], [0.3, 0.2]])
    y = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [0, 0]])
    none = np.zeros_like(y, dtype=bool)
    thresholds = tune(p, y, Evidence(none, none, none), ["A", "B"], core_score=0.9)
    predicted = p >= np.array([thresholds.text["A"], thresholds.text["B"]])
    assert np.array_equal(predicted, y.astype(bool))


def test_the_domain_default_fills_only_notices_given_nothing_and_is_scored_by_its_record() -> None:
    p = np.array([[0.9, 0.1], [0.1, 0.1], [0.1, 0.1], [0.1, 0.1]])
    y = np.array([[1, 0], [1, 0], [1, 0], [0, 1]], dtype=bool)
    none = np.zeros_like(y)
    default = np.array([[True, False]] * 4)
    evidence = Evidence(none, none, none, default)
    given = predict(p, evidence, np.array([0.5, 0.5]), 0.3, 0.05)
    assert given.tolist() == [[True, False]] * 4  # the first had a category; the rest the default
    # The default was all three of the others got, and right for two: (2 + 1) / (3 + 2).
    assert domain_precision(p, y, evidence, np.array([0.5, 0.5]), 0.3, 0.05) == 0.6
