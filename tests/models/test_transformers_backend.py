"""The transformers backend on tiny BERT models built here (no download): NLI and encoder + head."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from models.backends.base import BackendError, TextBackend
from models.backends.transformers_backend import (
    TEMPLATES,
    CategoryText,
    HeadBackend,
    LabelledExample,
    NliBackend,
    example_from_record,
    fingerprint,
    hypothesis,
    load_transformers_backend,
    train_head,
)
from models.backends.transformers_nli import nli_label_ids
from models.document import Document
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]

CATEGORIES = [
    CategoryText.of("HT01", "Computers & telecommunications", "计算机与通信技术"),
    CategoryText.of("TR01", "Textiles & apparel", "纺织服装", scope_en="fibres, clothing"),
    CategoryText.of("TR02", "Food, beverages & agri-food", "食品饮料及农产品"),
    CategoryText.of("TR06", "Light-industry consumer goods", "轻工消费品"),
]
CORPUS = [
    "Mobile phones, radio equipment and telecommunications terminals",
    "Safety of toys and childcare articles",
    "Maximum residue limits for pesticides in fruit and vegetables",
    "Labelling of textile products and fibre names for clothing",
    "Règlement technique sur les jouets et les articles de puériculture",
    "Reglamento técnico sobre etiquetado de alimentos y bebidas",
    "食品安全国家标准 食品添加剂使用标准",
    "无线电发射设备 移动电话 纺织品 服装 玩具",
    "This regulation concerns food, toys, textiles and computers.",
] + [t for t in TEMPLATES.values()]
DOCS = [
    Document(title="Radio equipment", products="Mobile phones", language="en"),
    Document(title="Jouets", description="Sécurité des jouets", language="fr"),
    Document(products="食品添加剂", title="食品安全国家标准", language="zh"),
    Document(title="Etiquetado de alimentos", language="es"),
    Document(title="Textile labelling and fibre names " * 40, language="en"),
    Document(),
]

def _save_tokenizer(folder: Path) -> int:
    pytest.importorskip("torch", reason="the transformers backend needs torch (pip install .[ml])")
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import BertTokenizer

    wordpiece = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    wordpiece.normalizer = normalizers.BertNormalizer(lowercase=True)
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    wordpiece.train_from_iterator(CORPUS, trainers.WordPieceTrainer(
        vocab_size=500, special_tokens=specials))
    tokenizer = BertTokenizer(vocab=wordpiece.get_vocab(), model_max_length=128)
    tokenizer.save_pretrained(folder)
    return wordpiece.get_vocab_size()


def _config(vocab_size: int, **extra: object):
    from transformers import BertConfig

    # A wide initialiser spreads the random logits, so that score comparisons mean something.
    return BertConfig(vocab_size=vocab_size, hidden_size=32, num_hidden_layers=2,
                      num_attention_heads=2, intermediate_size=64, max_position_embeddings=128,
                      initializer_range=0.5, **extra)


def _build_classifier(folder: Path, labels: list[str], seed: int = 0) -> Path:
    import torch
    from transformers import BertForSequenceClassification

    size = _save_tokenizer(folder)
    config = _config(size, id2label=dict(enumerate(labels)),
                     label2id={label: i for i, label in enumerate(labels)})
    torch.manual_seed(seed)
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder


def _build_encoder(folder: Path, seed: int = 1) -> Path:
    import torch
    from transformers import BertModel

    size = _save_tokenizer(folder)
    torch.manual_seed(seed)
    BertModel(_config(size)).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def nli_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models") / "tiny-nli"
    return _build_classifier(folder, ["entailment", "neutral", "contradiction"])


@pytest.fixture(scope="module")
def encoder_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_encoder(tmp_path_factory.mktemp("models") / "tiny-encoder")


@pytest.fixture
def encoder_dir(encoder_source: Path, tmp_path: Path) -> Path:
    """A fresh copy per test, as training writes the head into the folder."""
    return Path(shutil.copytree(encoder_source, tmp_path / "tiny-encoder"))


@pytest.fixture(scope="module")
def nli(nli_dir: Path) -> NliBackend:
    return NliBackend(nli_dir, CATEGORIES, batch_size=8, max_length=64)


def _examples() -> list[LabelledExample]:
    texts = [
        ("Mobile phones and radio equipment", {"HT01"}),
        ("Telecommunications terminals, mobile phones", {"HT01"}),
        ("移动电话 无线电发射设备", {"HT01"}),
        ("Textile labelling and fibre names for clothing", {"TR01"}),
        ("纺织品 服装 纤维", {"TR01"}),
        ("Maximum residue limits for pesticides in fruit", {"TR02"}),
        ("食品安全国家标准 食品添加剂", {"TR02"}),
        ("Reglamento técnico sobre etiquetado de alimentos", {"TR02"}),
        ("Safety of toys and childcare articles", {"TR06"}),
        ("Règlement technique sur les jouets", {"TR06"}),
        ("Toys and textile clothing for children", {"TR06", "TR01"}),
        ("Food additives in beverages", {"TR02", "XX99"}),
    ]
    return [LabelledExample(Document(title=t), frozenset(labels), f"ex-{i}")
            for i, (t, labels) in enumerate(texts)]


def _scores(predictions: list) -> np.ndarray:
    return np.array([[p.scores[c.id] for c in CATEGORIES] for p in predictions])


# --- without torch -----------------------------------------------------------------------------

def test_it_imports_without_torch_installed() -> None:
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "import models.backends.transformers_backend, warning.cli.models_cmd, warning.cli.main\n"
        "assert 'transformers' not in sys.modules, 'transformers imported eagerly'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_it_says_how_to_install_torch_when_it_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    config = {"architectures": ["BertForSequenceClassification"],
              "label2id": {"entailment": 0, "neutral": 1, "contradiction": 2}}
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(BackendError, match=r"pip install 'tbtwatch\[ml\]'"):
        load_transformers_backend(tmp_path, CATEGORIES)
    with pytest.raises(BackendError, match=r"tbtwatch\[ml\]"):
        train_head(tmp_path, _examples(), CATEGORIES)


# --- finding the model ---------------------------------------------------------------------------

def test_it_refuses_a_missing_model_directory(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match="TBTWATCH_MODEL_DIR") as caught:
        load_transformers_backend(tmp_path / "nowhere", CATEGORIES)
    assert str(tmp_path / "nowhere") in str(caught.value)
    with pytest.raises(BackendError, match="TBTWATCH_MODEL_DIR"):
        load_transformers_backend(None, CATEGORIES)


def test_it_refuses_a_folder_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match="holds no model"):
        load_transformers_backend(tmp_path, CATEGORIES)


def test_it_picks_a_model_by_name_from_a_folder_of_models(nli_dir: Path) -> None:
    backend = load_transformers_backend(nli_dir.parent, CATEGORIES, name="tiny-nli")
    assert backend.name == "transformers-nli"
    with pytest.raises(BackendError, match="not in"):
        load_transformers_backend(nli_dir.parent, CATEGORIES, name="other")


def test_it_refuses_an_nli_model_without_an_entailment_label(tmp_path: Path) -> None:
    folder = _build_classifier(tmp_path / "sentiment", ["LABEL_0", "LABEL_1", "LABEL_2"])
    with pytest.raises(BackendError, match=r"no 'entailment' label.*LABEL_0, LABEL_1, LABEL_2"):
        load_transformers_backend(folder, CATEGORIES, mode="nli")
    with pytest.raises(BackendError, match="not an NLI model"):
        load_transformers_backend(folder, CATEGORIES)


def test_it_finds_the_contradiction_label_or_falls_back_as_the_pipeline_does() -> None:
    path = Path("m")
    three = {"label2id": {"neutral": 0, "contradiction": 1, "entailment": 2}}
    assert nli_label_ids(three, path) == (1, 2)
    assert nli_label_ids({"label2id": {"ENTAILMENT": 0, "not_entailment": 1}}, path) == (1, 0)
    assert nli_label_ids({"label2id": {"entailment": 0, "a": 1, "b": 2}}, path) == (-1, 0)


# --- zero-shot NLI -----------------------------------------------------------------------------

def test_nli_gives_one_prediction_per_document_with_a_probability_per_category(
    nli: NliBackend,
) -> None:
    predictions = nli.predict(DOCS)
    assert isinstance(nli, TextBackend)
    assert len(predictions) == len(DOCS)
    ids = [c.id for c in CATEGORIES]
    for prediction in predictions:
        assert list(prediction.scores) == ids
        assert all(0.0 <= s <= 1.0 for s in prediction.scores.values())
    assert np.ptp(_scores(predictions)) > 0.01  # the documents are told apart
    assert nli.predict([]) == []


def test_nli_keeps_the_callers_order(nli: NliBackend) -> None:
    forward = _scores(nli.predict(DOCS))
    backward = _scores(nli.predict(DOCS[::-1]))
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-5)


def test_nli_scores_do_not_depend_on_the_batch_size(nli_dir: Path, nli: NliBackend) -> None:
    reference = _scores(nli.predict(DOCS))
    for batch_size in (1, 3, 100):
        other = NliBackend(nli_dir, CATEGORIES, batch_size=batch_size, max_length=64)
        np.testing.assert_allclose(_scores(other.predict(DOCS)), reference, atol=1e-5)


def test_nli_matches_the_zero_shot_pipeline(nli_dir: Path, nli: NliBackend) -> None:
    from transformers import pipeline

    classifier = pipeline("zero-shot-classification", model=str(nli_dir), device="cpu")
    english = [d for d in DOCS if d.language == "en" and len(d.text) < 200]
    labels = [c.label("en") for c in CATEGORIES]
    for doc, ours in zip(english, nli.predict(english), strict=True):
        theirs = classifier(doc.text, candidate_labels=labels, multi_label=True,
                            hypothesis_template=TEMPLATES["en"])
        by_label = dict(zip(theirs["labels"], theirs["scores"], strict=True))
        expected = [by_label[c.label("en")] for c in CATEGORIES]
        np.testing.assert_allclose([ours.scores[c.id] for c in CATEGORIES], expected, atol=1e-5)


def test_nli_asks_in_the_documents_language_where_it_can(nli: NliBackend) -> None:
    textiles = CATEGORIES[1]
    assert hypothesis(textiles, "zh") == "该法规涉及纺织服装。"
    english = "This regulation concerns Textiles & apparel (fibres, clothing)."
    assert hypothesis(textiles, "en") == english
    assert hypothesis(textiles, "fr").startswith("This regulation")  # no French name given
    french = CategoryText("TR01", {"en": "Textiles", "fr": "Textiles et habillement"})
    assert hypothesis(french, "fr") == "Cette réglementation concerne Textiles et habillement."
    assert hypothesis(textiles, None).startswith("This regulation")
    zh_prediction = nli.predict([DOCS[2]])[0]
    assert zh_prediction.evidence["TR02"] == ["该法规涉及食品饮料及农产品。"]


def test_nli_refuses_repeated_categories_and_categories_without_english(nli_dir: Path) -> None:
    with pytest.raises(BackendError, match="repeated category ids: HT01"):
        NliBackend(nli_dir, [CATEGORIES[0], CATEGORIES[0]])
    with pytest.raises(BackendError, match="English name"):
        CategoryText("HT01", {"zh": "计算机"})
    with pytest.raises(BackendError, match="batch_size"):
        NliBackend(nli_dir, CATEGORIES, batch_size=0)


# --- versions -------------------------------------------------------------------------------------

def test_version_names_the_model_and_mode_and_is_stable(nli_dir: Path, nli: NliBackend) -> None:
    again = NliBackend(nli_dir, CATEGORIES)
    assert nli.version == again.version
    assert nli.version.startswith("tiny-nli@") and nli.version.endswith(":nli")


def test_version_changes_when_a_model_file_changes(nli_dir: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(nli_dir, tmp_path / "tiny-nli"))
    assert fingerprint(copy) == fingerprint(nli_dir)
    config = json.loads((copy / "config.json").read_text())
    config["hidden_dropout_prob"] = 0.25
    (copy / "config.json").write_text(json.dumps(config, indent=3))
    assert fingerprint(copy) != fingerprint(nli_dir)
    (copy / "README.md").write_text("docs do not change the model")
    changed = fingerprint(copy)
    (copy / "README.md").write_text("still the same model, longer docs")
    assert fingerprint(copy) == changed


# --- encoder + trained head -----------------------------------------------------------------------

def test_training_writes_a_head_beside_the_encoder_and_reports_what_it_learnt(
    encoder_dir: Path,
) -> None:
    report = train_head(encoder_dir, _examples(), CATEGORIES, folds=3)
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
    examples = _examples()
    train_head(encoder_dir, examples, CATEGORIES, folds=3)
    backend = load_transformers_backend(encoder_dir, CATEGORIES)
    assert isinstance(backend, HeadBackend) and isinstance(backend, TextBackend)
    assert backend.name == "transformers-head"
    predictions = backend.predict([ex.document for ex in examples])
    assert len(predictions) == len(examples)
    for example, prediction in zip(examples, predictions, strict=True):
        assert list(prediction.scores) == [c.id for c in CATEGORIES]
        assert all(0.0 <= s <= 1.0 for s in prediction.scores.values())
        # Twelve separable training texts in 32 dimensions: the head must fit them.
        best = max(prediction.scores, key=prediction.scores.__getitem__)
        assert best in example.labels
    assert backend.predict([]) == []


def test_training_is_reproducible(encoder_dir: Path, encoder_source: Path, tmp_path: Path) -> None:
    other_dir = Path(shutil.copytree(encoder_source, tmp_path / "again" / "tiny-encoder"))
    first = train_head(encoder_dir, _examples(), CATEGORIES, folds=3)
    second = train_head(other_dir, _examples(), CATEGORIES, folds=3)
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.version == second.version
    docs = [Document(title="Jouets en textile"), *DOCS]
    a = HeadBackend(encoder_dir, CATEGORIES).predict(docs)
    b = HeadBackend(other_dir, CATEGORIES).predict(docs)
    assert a == b
    in_pairs = HeadBackend(other_dir, CATEGORIES, batch_size=2).predict(docs)
    np.testing.assert_allclose(_scores(in_pairs), _scores(a), atol=1e-5)


def test_a_category_without_examples_gets_no_head_and_no_score(encoder_dir: Path) -> None:
    extra = CategoryText.of("HT05", "Aerospace", "航空航天技术")
    report = train_head(encoder_dir, _examples(), [*CATEGORIES, extra], folds=3)
    assert report.skipped == ["HT05"] and report.positives["HT05"] == 0
    backend = HeadBackend(encoder_dir, [*CATEGORIES, extra])
    assert backend.unscored == ("HT05",)
    assert "HT05" not in backend.predict(DOCS[:1])[0].scores


def test_the_head_version_follows_the_head_and_the_encoder(encoder_dir: Path) -> None:
    report = train_head(encoder_dir, _examples(), CATEGORIES, folds=3)
    backend = HeadBackend(encoder_dir, CATEGORIES)
    assert backend.version == report.version
    assert backend.version.startswith(fingerprint(encoder_dir) + ":head-")
    retrained = train_head(encoder_dir, _examples()[:-1], CATEGORIES, folds=3)
    assert retrained.version != report.version


def test_the_head_refuses_an_encoder_that_changed_since_training(encoder_dir: Path) -> None:
    train_head(encoder_dir, _examples(), CATEGORIES, folds=3)
    (encoder_dir / "added_tokens.json").write_text("{}")
    with pytest.raises(BackendError, match="train the head again"):
        HeadBackend(encoder_dir, CATEGORIES)


def test_the_head_refuses_a_damaged_head_file(encoder_dir: Path) -> None:
    report = train_head(encoder_dir, _examples(), CATEGORIES, folds=3)
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


# --- tbtwatch models -----------------------------------------------------------------------------

def test_models_list_shows_each_model_and_its_kind(
    nli_dir: Path, encoder_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warning.cli.main import cli

    shutil.copytree(nli_dir, encoder_dir.parent / "tiny-nli")
    train_head(encoder_dir, _examples(), CATEGORIES, folds=3)
    monkeypatch.setenv("TBTWATCH_MODEL_DIR", str(encoder_dir.parent))
    result = CliRunner().invoke(cli, ["models", "list", "--json"])
    assert result.exit_code == 0, result.output
    listed = {m["name"]: m for m in json.loads(result.output)}
    assert listed["tiny-nli"]["kind"] == "nli"
    assert listed["tiny-encoder"]["kind"] == "encoder+head"
    assert listed["tiny-encoder"]["version"] == fingerprint(encoder_dir)
    text = CliRunner().invoke(cli, ["models", "list"])
    assert "tiny-nli\tnli\tBertForSequenceClassification" in text.output


def test_models_commands_need_a_model_folder() -> None:
    from warning.cli.main import cli

    result = CliRunner().invoke(cli, ["models", "list"])
    assert result.exit_code == 1 and "TBTWATCH_MODEL_DIR" in result.output


def test_models_fetch_says_it_cannot_download_when_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warning.cli.main import cli

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # checked before any network call
    result = CliRunner().invoke(cli, ["models", "fetch", "nli-multilingual", "--dest",
                                      str(tmp_path)])
    assert result.exit_code == 1
    assert "cannot download MoritzLaurer/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7" in (
        result.output)
    assert "HF_HUB_OFFLINE" in result.output
    assert not any(tmp_path.iterdir())


def test_it_refuses_damaged_weights(nli_dir: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(nli_dir, tmp_path / "tiny-nli"))
    (copy / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(BackendError, match="cannot load the model in"):
        NliBackend(copy, CATEGORIES)
