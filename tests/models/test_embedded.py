"""The embedded backend: features, training, predictions, reproducibility, the artefact."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from models.artefact import build, current_version, load, load_current, save
from models.backends.base import TextBackend
from models.backends.embedded import EmbeddedBackend
from models.classifier import Classifier
from models.document import Document
from models.features import BITS, hashed_ngrams, ngram_strings, vectorise
from models.records import LabelledDocument, document_from_record
from models.training import train
from tests.models.tiny import tiny_model, tiny_records, tiny_taxonomy

FIXED = [
    Document(title="Safety requirements for dolls and toys", language="en"),
    Document(title="Étiquetage énergétique des réfrigérateurs", language="fr"),
    Document(title="乳制品中的污染物限量", language="zh"),
    Document(title="Reglamento sobre aparatos de radio", language="es"),
]


def test_ngrams_stay_inside_words_and_hash_the_same_everywhere() -> None:
    assert ngram_strings("ab 食品") == [
        " a",
        "ab",
        "b ",
        " 食",
        "食品",
        "品 ",
        " ab",
        "ab ",
        " 食品",
        "食品 ",
        " ab ",
        " 食品 ",
    ]
    hashes = hashed_ngrams("ab 食品")
    assert len(hashes) == 12 and hashes.min() >= 0 and hashes.max() < 1 << BITS
    # The hash is part of the stored model: it must not change between processes or releases.
    assert hashes[:3].tolist() == [440145, 1018992, 988539]


def test_rows_are_l2_normalised() -> None:
    rows = vectorise(["toys and dolls", ""])
    assert np.isclose((rows[0].toarray() ** 2).sum(), 1.0)
    assert rows[1].nnz == 0


def test_the_backend_meets_the_shared_contract() -> None:
    backend = EmbeddedBackend(tiny_model(), tiny_taxonomy())
    assert isinstance(backend, TextBackend)
    predictions = backend.predict(FIXED)
    assert len(predictions) == 4
    assert all(set(p.scores) == {"FD01", "TY01", "EL01"} for p in predictions)
    assert all(0.0 <= s <= 1.0 for p in predictions for s in p.scores.values())


def test_it_classifies_a_small_fixed_set_in_three_languages() -> None:
    classifier = Classifier(tiny_taxonomy(), EmbeddedBackend(tiny_model(), tiny_taxonomy()))
    labels = [r.labels for r in classifier.classify(FIXED)]
    assert labels == [["TY01"], ["EL01"], ["FD01"], ["OT99"]]


def test_evidence_lists_the_words_that_drove_a_category() -> None:
    backend = EmbeddedBackend(tiny_model(), tiny_taxonomy())
    [prediction] = backend.predict([FIXED[0]])
    assert prediction.evidence["TY01"] == ["doll", "toy"]


def test_training_is_reproducible() -> None:
    first = train(tiny_taxonomy(), tiny_records())
    second = train(tiny_taxonomy(), tiny_records())
    assert first.version == second.version
    assert np.array_equal(first.linear.weights, second.linear.weights)
    assert first.thresholds == second.thresholds
    documents = FIXED + [r.document for r in tiny_records()]
    a = EmbeddedBackend(first, tiny_taxonomy()).predict(documents)
    b = EmbeddedBackend(second, tiny_taxonomy()).predict(documents)
    assert [p.scores for p in a] == [p.scores for p in b]


def test_reviewer_labels_change_the_model_version() -> None:
    reviewer = LabelledDocument(
        "notice:7",
        document_from_record({"title": "Lampes de poche", "language": "fr"}),
        ("EL01",),
        source="reviewer",
    )
    before = train(tiny_taxonomy(), tiny_records())
    after = train(tiny_taxonomy(), [*tiny_records(), reviewer])
    assert after.version != before.version
    assert after.meta["reviewer"] == 1


def test_the_artefact_round_trips(tmp_path: Path) -> None:
    model = tiny_model()
    save(model, tmp_path)
    loaded = load(tmp_path, model.version)
    assert loaded.thresholds == model.thresholds
    taxonomy = tiny_taxonomy()
    a = EmbeddedBackend(model, taxonomy).predict(FIXED)
    b = EmbeddedBackend(loaded, taxonomy).predict(FIXED)
    assert [p.scores for p in a] == [p.scores for p in b]


def test_it_is_built_on_first_use_and_recorded_as_current(tmp_path: Path) -> None:
    taxonomy, records = tiny_taxonomy(), tiny_records()
    model, trained = build(tmp_path, taxonomy, labelled=records)
    assert trained and current_version(tmp_path) == model.version
    again, trained_again = build(tmp_path, taxonomy, labelled=records)
    assert not trained_again and again.version == model.version
    assert load_current(tmp_path, taxonomy).version == model.version


def test_labelled_notices_of_another_taxonomy_are_left_out() -> None:
    foreign = LabelledDocument(
        "x-1", document_from_record({"title": "Cheese", "language": "en"}), ("TR02",)
    )
    model = train(tiny_taxonomy(), [*tiny_records(), foreign])
    assert model.meta["skipped_labelled"] == 1
    assert model.version == tiny_model().version


def test_a_category_with_hundreds_of_keywords_gets_capped_texts_that_carry_them_all() -> None:
    from models.corpus import Recipe, _pseudo_texts

    words = [f"word{i}" for i in range(400)]
    texts = _pseudo_texts("FD01", "en", words, Recipe(texts_per_language=150))
    assert len(texts) == 150
    carried = {w for t in texts for w in t.text.split(", ")}
    assert carried == set(words)
    few = _pseudo_texts("FD01", "en", words[:20], Recipe(texts_per_language=150))
    assert len(few) == 20


def test_a_keyword_of_two_categories_counts_fully_for_each() -> None:
    from models.signals import FEATURES, Reading, feature_rows
    from models.textnorm import prepare

    reading = Reading(
        "en",
        prepare("RoHS exemption for lead"),
        {"HT03": {"RoHS"}, "TR04": {"RoHS"}, "TR05": {"lead"}},
        {},
    )
    rows = feature_rows([reading], np.zeros((1, 3)), ["HT03", "TR04", "TR05"])
    share = rows[0, :, FEATURES.index("keyword_share")]
    assert share.tolist() == [0.5, 0.5, 0.5]  # two distinct phrases; each category has one
