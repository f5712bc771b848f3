"""The transformers backend's encoder + trained head, on a tiny BERT encoder built here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from models.backends.base import BackendError, TextBackend
from models.backends.transformers_backend import (
    CategoryText,
    HeadBackend,
    example_from_record,
    fingerprint,
    load_transformers_backend,
    train_head,
)
from models.document import Document
from tests.conftest import SHARED
from tests.models.tiny_transformers import CATEGORIES, DOCS, build_encoder, examples, scores


@pytest.fixture(scope="module")
def encoder_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_encoder(tmp_path_factory.mktemp("models") / "tiny-encoder")


@pytest.fixture
def encoder_dir(encoder_source: Path, tmp_path: Path) -> Path:
    """A fresh copy per test, as training writes the head into the folder."""
    return Path(shutil.copytree(encoder_source, tmp_path / "tiny-encoder"))


def test_training_writes_a_head_beside_the_encoder_and_reports_what_it_learnt(
    encoder_dir: Path,
) -> None:
    report = train_head(encoder_dir, examples(), CATEGORIES, folds=3)
    assert report.path == encoder_dir / "tbtwatch_head.json"
    assert report.examples == 12
    assert report.positives == {"HT01": 3, "TR01": 3, "TR02": 4, "TR06": 3}
    assert report.unknown_labels == {"XX99": 1}
    assert report.skipped == []
    assert all(0.05 <= t <= 0.95 for t in report.thresholds.values())
    saved = json.loads(report.path.read_text())
    assert saved["format_version"] == 1 and saved["labels"] == ["HT01", "TR01", "TR02", "TR06"]
    assert saved["training"]["data_sha256"]


def test_the_head_scores_the_categories_it_was_trained_on(encoder_dir: Path) -> None:
    labelled = examples()
    train_head(encoder_dir, labelled, CATEGORIES, folds=3)
    backend = load_transformers_backend(encoder_dir, CATEGORIES)
    assert isinstance(backend, HeadBackend) and isinstance(backend, TextBackend)
    assert backend.name == "transformers-head"
    predictions = backend.predict([ex.document for ex in labelled])
    assert len(predictions) == len(labelled)
    for example, prediction in zip(labelled, predictions, strict=True):
        assert list(prediction.scores) == [c.id for c in CATEGORIES]
        assert all(0.0 <= s <= 1.0 for s in prediction.scores.values())
        # Twelve separable training texts in 32 dimensions: the head must fit them.
        best = max(prediction.scores, key=prediction.scores.__getitem__)
        assert best in example.labels
    assert backend.predict([]) == []


def test_training_is_reproducible(encoder_dir: Path, encoder_source: Path, tmp_path: Path) -> None:
    other_dir = Path(shutil.copytree(encoder_source, tmp_path / "again" / "tiny-encoder"))
    first = train_head(encoder_dir, examples(), CATEGORIES, folds=3)
    second = train_head(other_dir, examples(), CATEGORIES, folds=3)
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.version == second.version
    docs = [Document(title="Jouets en textile"), *DOCS]
    a = HeadBackend(encoder_dir, CATEGORIES).predict(docs)
    b = HeadBackend(other_dir, CATEGORIES).predict(docs)
    assert a == b
    in_pairs = HeadBackend(other_dir, CATEGORIES, batch_size=2).predict(docs)
    np.testing.assert_allclose(scores(in_pairs), scores(a), atol=1e-5)


def test_a_category_without_examples_gets_no_head_and_no_score(encoder_dir: Path) -> None:
    extra = CategoryText.of("HT05", "Aerospace", "航空航天技术")
    report = train_head(encoder_dir, examples(), [*CATEGORIES, extra], folds=3)
    assert report.skipped == ["HT05"] and report.positives["HT05"] == 0
    backend = HeadBackend(encoder_dir, [*CATEGORIES, extra])
    assert backend.unscored == ("HT05",)
    assert "HT05" not in backend.predict(DOCS[:1])[0].scores


def test_the_head_version_follows_the_head_and_the_encoder(encoder_dir: Path) -> None:
    report = train_head(encoder_dir, examples(), CATEGORIES, folds=3)
    backend = HeadBackend(encoder_dir, CATEGORIES)
    assert backend.version == report.version
    assert backend.version.startswith(fingerprint(encoder_dir) + ":head-")
    retrained = train_head(encoder_dir, examples()[:-1], CATEGORIES, folds=3)
    assert retrained.version != report.version


def test_the_head_refuses_an_encoder_that_changed_since_training(encoder_dir: Path) -> None:
    train_head(encoder_dir, examples(), CATEGORIES, folds=3)
    (encoder_dir / "added_tokens.json").write_text("{}")
    with pytest.raises(BackendError, match="train the head again"):
        HeadBackend(encoder_dir, CATEGORIES)


def test_the_head_refuses_a_damaged_head_file(encoder_dir: Path) -> None:
    report = train_head(encoder_dir, examples(), CATEGORIES, folds=3)
    saved = json.loads(report.path.read_text())
    saved["bias"] = saved["bias"][:-1]
    report.path.write_text(json.dumps(saved))
    with pytest.raises(BackendError, match="damaged"):
        HeadBackend(encoder_dir, CATEGORIES)
    report.path.write_text(json.dumps({**saved, "format_version": 99}))
    with pytest.raises(BackendError, match="version 1"):
        HeadBackend(encoder_dir, CATEGORIES)


def test_an_encoder_without_a_head_is_not_loaded_as_nli(encoder_dir: Path) -> None:
    with pytest.raises(BackendError, match="no trained head"):
        load_transformers_backend(encoder_dir, CATEGORIES)
    with pytest.raises(BackendError, match="no trained head"):
        load_transformers_backend(encoder_dir, CATEGORIES, mode="head")


def test_embeddings_do_not_depend_on_the_batch_size(encoder_dir: Path) -> None:
    from models.backends.transformers_encoder import Encoder

    texts = [d.text for d in DOCS]
    one = Encoder(encoder_dir, batch_size=1, max_length=64).embed(texts)
    many = Encoder(encoder_dir, batch_size=32, max_length=64).embed(texts)
    np.testing.assert_allclose(one, many, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(many, axis=1), 1.0, atol=1e-5)


def test_examples_are_read_from_the_eval_format() -> None:
    lines = (SHARED / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    first = example_from_record(json.loads(lines[0]))
    assert first.id == "dev-001" and first.labels == {"TR05"}
    assert first.document.products == "Petroleum jelly" and first.document.language == "en"
    assert "Petroleum jelly" in first.document.text
    with pytest.raises(ValueError, match="dev-x: labels"):
        example_from_record({"id": "dev-x", "title": "t", "labels": "TR05"})
