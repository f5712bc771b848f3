"""Fusion of code rules and text scores, abstention to OT99, and the evidence a reviewer reads."""

from __future__ import annotations

from collections.abc import Sequence

from models.backends.base import TextPrediction
from models.classifier import Classifier
from models.document import Document
from models.fusion import Thresholds, decide
from models.rules import RuleHit
from tests.models.tiny import tiny_taxonomy

THRESHOLDS = Thresholds(
    text={"FD01": 0.5, "TY01": 0.6, "EL01": 0.4}, partial=0.3, veto=0.05, core_score=0.9
)


def _hit(category: str, strength: str, system: str = "HS") -> RuleHit:
    return RuleHit(category, system, "8418", "8418", strength)


def test_a_core_code_decides_with_at_least_its_measured_precision() -> None:
    given = decide({"EL01": 0.2}, {"EL01": [_hit("EL01", "core")]}, {}, THRESHOLDS)
    assert given == {"EL01": ("hs-rule", 0.9)}


def test_a_partial_code_needs_the_text_to_confirm() -> None:
    hits = {"EL01": [_hit("EL01", "partial")]}
    assert decide({"EL01": 0.2}, hits, {}, THRESHOLDS) == {}
    assert decide({"EL01": 0.35}, hits, {}, THRESHOLDS) == {"EL01": ("fusion", 0.35)}


def test_the_text_alone_gives_a_category_above_its_threshold() -> None:
    assert decide({"TY01": 0.59, "FD01": 0.51}, {}, {}, THRESHOLDS) == {"FD01": ("text", 0.51)}


def test_a_core_code_the_text_contradicts_loses() -> None:
    scores = {"EL01": 0.01, "TY01": 0.95}
    given = decide(scores, {"EL01": [_hit("EL01", "core")]}, {}, THRESHOLDS)
    assert given == {"TY01": ("text", 0.95)}


def test_a_core_code_with_silent_text_still_decides() -> None:
    given = decide({"EL01": 0.01}, {"EL01": [_hit("EL01", "core")]}, {}, THRESHOLDS)
    assert set(given) == {"EL01"}


def test_the_guideline_exception_blocks_codes_and_text() -> None:
    given = decide(
        {"EL01": 0.9}, {"EL01": [_hit("EL01", "core")]}, {"EL01": {"toy lamp"}}, THRESHOLDS
    )
    assert given == {}


class FixedBackend:
    """A text backend that returns the same scores for every notice."""

    name = "fixed"
    version = "1"

    def __init__(self, scores: dict[str, float], words: dict[str, list[str]] | None = None):
        self.scores = scores
        self.words = words or {}

    def predict(self, documents: Sequence[Document]) -> list[TextPrediction]:
        return [TextPrediction(dict(self.scores), dict(self.words)) for _ in documents]


def test_nothing_above_threshold_gives_ot99_alone_for_review() -> None:
    classifier = Classifier(tiny_taxonomy(), FixedBackend({"FD01": 0.1, "TY01": 0.2}), THRESHOLDS)
    [result] = classifier.classify([Document(title="Fees of the accreditation body")])
    assert result.labels == ["OT99"]
    [decision] = result.decisions
    assert decision.needs_review
    assert decision.score == 0.8
    assert "no code or text score" in decision.evidence["reason"]


def test_ot99_never_comes_with_another_category() -> None:
    backend = FixedBackend({"OT99": 0.99, "FD01": 0.7})
    [result] = Classifier(tiny_taxonomy(), backend, THRESHOLDS).classify([Document(title="x")])
    assert result.labels == ["FD01"]


def test_evidence_names_codes_words_and_model_version() -> None:
    backend = FixedBackend({"EL01": 0.7}, {"EL01": ["refrigerator"]})
    classifier = Classifier(tiny_taxonomy(), backend, THRESHOLDS)
    [result] = classifier.classify([Document(title="Refrigerators", hs_codes=("8418.10",))])
    [decision] = result.decisions
    assert (decision.category, decision.method, decision.score) == ("EL01", "hs-rule", 0.9)
    evidence = decision.evidence
    assert evidence["codes"][0] == {
        "system": "HS",
        "code": "841810",
        "prefix": "8418",
        "strength": "core",
        "title": "Refrigerators",
    }
    assert evidence["words"] == ["refrigerator"]
    assert (evidence["model"], evidence["model_version"]) == ("fixed", "fixed/1")


def test_an_overruled_code_is_shown_and_sent_for_review() -> None:
    backend = FixedBackend({"EL01": 0.0, "TY01": 0.9})
    classifier = Classifier(tiny_taxonomy(), backend, THRESHOLDS)
    [result] = classifier.classify([Document(title="Toy kitchen", hs_codes=("8418",))])
    assert result.labels == ["TY01"]
    assert result.decisions[0].needs_review
    assert result.decisions[0].evidence["overruled_codes"][0]["category"] == "EL01"


def test_rules_alone_classify_by_codes() -> None:
    classifier = Classifier(tiny_taxonomy())
    results = classifier.classify([Document(hs_codes=("0401",)), Document(title="Cheese")])
    assert [r.labels for r in results] == [["FD01"], ["OT99"]]
    assert classifier.model_version.startswith("rules/")


def test_a_backend_may_bring_per_category_thresholds() -> None:
    backend = FixedBackend({"FD01": 0.3})
    backend.thresholds = {"FD01": 0.25}  # type: ignore[attr-defined]
    [result] = Classifier(tiny_taxonomy(), backend).classify([Document(title="x")])
    assert result.labels == ["FD01"]
