"""Our own notices (written for these tests, labelled by the guideline, never trained on) scored by
the shipped model: a second check beside the cross-validated dev figures, in en/fr/es/zh/vi."""

from __future__ import annotations

from functools import lru_cache

import pytest

from models.classifier import Classifier
from models.crossval import embedded_classifier, overlaps, score
from models.evaluation import Report, evaluate
from models.records import read_jsonl, shipped_records
from models.taxonomy import load_taxonomy
from models.training import train
from tests.conftest import DATA

SETS = ("own_notices_a.jsonl", "own_notices_b.jsonl")


@lru_cache(maxsize=1)
def _classifier() -> Classifier:
    taxonomy = load_taxonomy()
    return embedded_classifier(taxonomy, train(taxonomy, shipped_records()))


def _report(name: str) -> Report:
    items = read_jsonl(DATA / "models" / name)
    results, _ = score(_classifier(), items)
    return evaluate(
        [i.labels for i in items], [r.labels for r in results], [i.document.language for i in items]
    )


@pytest.mark.parametrize("name", SETS)
def test_our_notices_are_not_in_the_training_data(name: str) -> None:
    assert not overlaps(read_jsonl(DATA / "models" / name), shipped_records())


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_the_shipped_model_meets_the_targets_on_our_own_notices(name: str) -> None:
    report = _report(name)
    assert report.macro_f1 >= 0.85
    for language in ("en", "fr", "es", "zh"):
        assert report.per_language[language] >= 0.75, language
