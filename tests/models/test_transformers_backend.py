"""The transformers backend on tiny BERT models built here (no download): loading, zero-shot NLI,
versions, and `tbtwatch models`. The trained head is in test_transformers_head.py."""

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
    NliBackend,
    fingerprint,
    hypothesis,
    load_transformers_backend,
    train_head,
)
from models.backends.transformers_nli import nli_label_ids
from tests.models.tiny_transformers import (
    CATEGORIES,
    DOCS,
    build_classifier,
    build_encoder,
    examples,
    scores,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def nli_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models") / "tiny-nli"
    return build_classifier(folder, ["entailment", "neutral", "contradiction"])


@pytest.fixture(scope="module")
def encoder_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_encoder(tmp_path_factory.mktemp("models") / "tiny-encoder")


@pytest.fixture
def encoder_dir(encoder_source: Path, tmp_path: Path) -> Path:
    """A fresh copy per test, as training writes the head into the folder."""
    return Path(shutil.copytree(encoder_source, tmp_path / "tiny-encoder"))


@pytest.fixture(scope="module")
def nli(nli_dir: Path) -> NliBackend:
    return NliBackend(nli_dir, CATEGORIES, batch_size=8, max_length=64)


# --- without torch -----------------------------------------------------------------------------


def test_it_imports_without_torch_installed() -> None:
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "import models.backends.transformers_backend, warning.cli.models_cmd, warning.cli.main\n"
        "assert 'transformers' not in sys.modules, 'transformers imported eagerly'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_it_says_how_to_install_torch_when_it_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    config = {
        "architectures": ["BertForSequenceClassification"],
        "label2id": {"entailment": 0, "neutral": 1, "contradiction": 2},
    }
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(BackendError, match=r"pip install 'tbtwatch\[ml\]'"):
        load_transformers_backend(tmp_path, CATEGORIES)
    with pytest.raises(BackendError, match=r"tbtwatch\[ml\]"):
        train_head(tmp_path, examples(), CATEGORIES)


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
    folder = build_classifier(tmp_path / "sentiment", ["LABEL_0", "LABEL_1", "LABEL_2"])
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
    assert np.ptp(scores(predictions)) > 0.01  # the documents are told apart
    assert nli.predict([]) == []


def test_nli_keeps_the_callers_order(nli: NliBackend) -> None:
    forward = scores(nli.predict(DOCS))
    backward = scores(nli.predict(DOCS[::-1]))
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-5)


def test_nli_scores_do_not_depend_on_the_batch_size(nli_dir: Path, nli: NliBackend) -> None:
    reference = scores(nli.predict(DOCS))
    for batch_size in (1, 3, 100):
        other = NliBackend(nli_dir, CATEGORIES, batch_size=batch_size, max_length=64)
        np.testing.assert_allclose(scores(other.predict(DOCS)), reference, atol=1e-5)


def test_nli_matches_the_zero_shot_pipeline(nli_dir: Path, nli: NliBackend) -> None:
    from transformers import pipeline

    classifier = pipeline("zero-shot-classification", model=str(nli_dir), device="cpu")
    english = [d for d in DOCS if d.language == "en" and len(d.text) < 200]
    labels = [c.label("en") for c in CATEGORIES]
    for doc, ours in zip(english, nli.predict(english), strict=True):
        theirs = classifier(
            doc.text, candidate_labels=labels, multi_label=True, hypothesis_template=TEMPLATES["en"]
        )
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
    names_only = hypothesis(textiles, "en", scope_items=0)
    assert names_only == "This regulation concerns Textiles & apparel."
    zh_prediction = nli.predict([DOCS[2]])[0]
    assert zh_prediction.evidence["TR02"] == ["该法规涉及食品饮料及农产品。"]


def test_hypotheses_keep_the_first_scope_items_without_bracketed_notes() -> None:
    scope_en = (
        "semiconductors; electronic components (capacitors, resistors); hazardous "
        "substances in electrical equipment (label HT03 with TR04); lasers"
    )
    electronics = CategoryText.of(
        "HT03",
        "Electronics",
        "电子技术",
        scope_en=scope_en,
        scope_zh="半导体；电子元器件（电容器、电阻器）；有害物质；激光",
    )
    assert hypothesis(electronics, "en") == (
        "This regulation concerns Electronics (semiconductors; electronic components; "
        "hazardous substances in electrical equipment)."
    )
    assert hypothesis(electronics, "zh") == "该法规涉及电子技术（半导体；电子元器件；有害物质）。"
    assert hypothesis(electronics, "en", scope_items=1) == (
        "This regulation concerns Electronics (semiconductors)."
    )


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


# --- tbtwatch models -----------------------------------------------------------------------------


def test_models_list_shows_each_model_and_its_kind(
    nli_dir: Path, encoder_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warning.cli.main import cli

    shutil.copytree(nli_dir, encoder_dir.parent / "tiny-nli")
    train_head(encoder_dir, examples(), CATEGORIES, folds=3)
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
    result = CliRunner().invoke(
        cli, ["models", "fetch", "nli-multilingual", "--dest", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "cannot download MoritzLaurer/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7" in (
        result.output
    )
    assert "HF_HUB_OFFLINE" in result.output
    assert not any(tmp_path.iterdir())


def test_it_refuses_damaged_weights(nli_dir: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(nli_dir, tmp_path / "tiny-nli"))
    (copy / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(BackendError, match="cannot load the model in"):
        NliBackend(copy, CATEGORIES)
