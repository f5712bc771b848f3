"""`tbtwatch classify`, `classify text|train|eval` through the real CLI (tiny taxonomy, fast)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SHARED
from tests.models.tiny import TINY
from warning.cli.main import cli

NOTICES = [
    {
        "source": "import",
        "symbol": "G/TBT/N/EU/1",
        "title": "Safety of toys and dolls",
        "domain": "TBT",
        "hs_codes": ["9503"],
    },
    {"source": "import", "symbol": "G/TBT/N/EU/2", "title": "Accreditation fees", "domain": "TBT"},
]


@pytest.fixture(autouse=True)
def _tiny_taxonomy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBTWATCH_TAXONOMY_FILE", str(TINY / "taxonomy.yml"))


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _json(*args: str) -> dict:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_classify_text_prints_categories_scores_and_evidence() -> None:
    code, output = _run("classify", "text", "Safety of toys", "--hs", "9503.00")
    assert code == 0
    assert "TY01" in output and "hs-rule" in output and "prefix 9503 (core)" in output
    data = _json("classify", "text", "Des jouets en bois", "--lang", "fr", "--json")
    assert data["labels"] == ["TY01"]
    assert data["decisions"][0]["name_zh"] == "玩具"
    assert data["model_version"].startswith("embedded/")


def test_classify_stored_notices_then_all_again(tmp_path: Path) -> None:
    path = tmp_path / "notices.jsonl"
    path.write_text("\n".join(json.dumps(n) for n in NOTICES) + "\n")
    assert _run("notices", "import", str(path))[0] == 0
    code, output = _run("classify")
    assert code == 0 and "classified 2 notices" in output and "1 left as OT99" in output
    assert "classified 0 notices" in _run("classify")[1]
    assert "classified 2 notices" in _run("classify", "--all")[1]


def test_classify_train_records_the_model_version() -> None:
    code, output = _run("classify", "train")
    assert code == 0 and "embedded model" in output and "0 reviewer decisions" in output
    assert "already built" in _run("classify", "train")[1]


def test_eval_json_has_the_agreed_keys_and_writes_predictions(tmp_path: Path) -> None:
    predictions = tmp_path / "out.jsonl"
    report = _json(
        "classify",
        "eval",
        str(TINY / "labelled.jsonl"),
        "--json",
        "--predictions",
        str(predictions),
    )
    assert {"macro_f1", "micro_f1", "per_language", "per_category", "n", "notices_per_s"} <= set(
        report
    )
    assert report["n"] == 15 and report["mode"] == "held-out"
    assert set(report["per_language"]) == {"en", "fr", "zh"}
    lines = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert len(lines) == 15 and set(lines[0]) == {"id", "labels", "scores"}


def test_eval_with_rules_only_prints_a_table() -> None:
    code, output = _run("classify", "eval", str(TINY / "labelled.jsonl"), "--backend", "rules")
    assert code == 0
    assert "macro F1" in output and "per language macro F1" in output and "backend rules" in output


def test_eval_refuses_labels_outside_the_taxonomy(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "title": "x", "labels": ["ZZ01"]}\n')
    code, output = _run("classify", "eval", str(path))
    assert code == 1 and "unknown categories ['ZZ01']" in output
    path.write_text('{"id": "a", "title": "x", "labels": ["FD01"]}\nnot json\n')
    code, output = _run("classify", "eval", str(path))
    assert code == 1 and "bad.jsonl line 2: not JSON" in output


def test_eval_with_transformers_says_what_is_missing() -> None:
    code, output = _run(
        "classify", "eval", str(TINY / "labelled.jsonl"), "--backend", "transformers"
    )
    assert code == 1
    assert "TBTWATCH_MODEL_DIR" in output or "torch" in output


@pytest.mark.slow
def test_eval_of_notices_the_model_was_trained_on_is_cross_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TBTWATCH_TAXONOMY_FILE")
    lines = (SHARED / "eval" / "dev.jsonl").read_text().splitlines()[:12]
    path = tmp_path / "dev12.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = _json("classify", "eval", str(path), "--json", "--folds", "3")
    assert report["mode"] == "cross-validated" and report["folds"] == 3
    assert len(set(report["model_versions"])) == 3
