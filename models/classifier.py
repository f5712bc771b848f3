"""The classifier: codes and text of each notice in, categories with scores and evidence out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models.backends.base import TextBackend, TextPrediction
from models.document import Document
from models.fusion import (
    Decision,
    Thresholds,
    decide,
    domain_decision,
    fallback_decision,
    overruled,
)
from models.guideline import excepted as guideline_excepted
from models.keywords import KeywordIndex
from models.rules import NoticeCodes, RuleHit, RuleSet, by_category, notice_codes
from models.taxonomy import Taxonomy


@dataclass(frozen=True)
class Result:
    """The categories of one notice (OT99 alone when nothing applies)."""

    decisions: tuple[Decision, ...]
    codes: NoticeCodes
    scores: dict[str, float]  # the text backend's probability per category

    @property
    def labels(self) -> list[str]:
        return [d.category for d in self.decisions]


def thresholds_of(backend: object) -> Thresholds:
    """A backend's own thresholds: a `Thresholds`, or per-category values; else the defaults."""
    found = getattr(backend, "thresholds", None)
    if isinstance(found, Thresholds):
        return found
    if isinstance(found, Mapping):
        return Thresholds(text={str(k): float(v) for k, v in found.items()})
    return Thresholds()


class Classifier:
    """Rules over the taxonomy's code mapping, fused with a text backend (or rules alone)."""

    def __init__(self, taxonomy: Taxonomy, backend: TextBackend | None = None,
                 thresholds: Thresholds | None = None) -> None:
        self.taxonomy = taxonomy
        self.backend = backend
        self.rules = RuleSet(taxonomy.rules)
        self.index = KeywordIndex(taxonomy).warm()
        self.thresholds = thresholds or thresholds_of(backend)
        self._labels = frozenset(taxonomy.labels)

    @property
    def model_name(self) -> str:
        return self.backend.name if self.backend else "rules"

    @property
    def model_version(self) -> str:
        version = self.backend.version if self.backend else self.taxonomy.digest[:12]
        return f"{self.model_name}/{version}"

    def classify(self, documents: Sequence[Document]) -> list[Result]:
        if self.backend is not None:
            predictions = self.backend.predict(documents)
        else:
            predictions = [TextPrediction({}) for _ in documents]
        return [self._one(d, p) for d, p in zip(documents, predictions, strict=True)]

    def _one(self, document: Document, prediction: TextPrediction) -> Result:
        codes = notice_codes(document)
        hits = by_category(self.rules.hits(codes))
        excepted = guideline_excepted(document, self.index)
        scores = {c: float(s) for c, s in prediction.scores.items() if c in self._labels}
        given = decide(scores, hits, excepted, self.thresholds)
        lost = overruled(scores, hits, given)
        decisions = [
            Decision(category, round(score, 4), method,
                     self._evidence(category, hits, prediction, scores, excepted, lost),
                     needs_review=bool(lost))
            for category, (method, score) in sorted(given.items())
        ]
        if not decisions:
            decisions = [self._nothing_given(document, hits, prediction, scores, excepted, lost)]
        return Result(tuple(decisions), codes, scores)

    def _nothing_given(self, document: Document, hits: dict[str, list[RuleHit]],
                       prediction: TextPrediction, scores: dict[str, float],
                       excepted: dict[str, set[str]], lost: list[RuleHit]) -> Decision:
        default = self.taxonomy.default_for(document.domain)
        if default is not None and default not in excepted:
            evidence = self._evidence(default, hits, prediction, scores, excepted, lost)
            evidence["reason"] = (f"no code or text score reached its threshold; the default "
                                  f"category of {document.domain} notices")
            return domain_decision(default, self.thresholds, evidence)
        evidence = self._evidence("", hits, prediction, scores, excepted, lost)
        evidence["reason"] = "no code or text score reached its threshold"
        return fallback_decision(scores, evidence)

    def _evidence(self, category: str, hits: dict[str, list[RuleHit]],
                  prediction: TextPrediction, scores: dict[str, float],
                  excepted: dict[str, set[str]], lost: list[RuleHit]) -> dict[str, Any]:
        evidence: dict[str, Any] = {
            "codes": [h.describe() for h in hits.get(category, [])],
            "words": list(prediction.evidence.get(category, [])),
            "text_score": round(scores.get(category, 0.0), 4),
            "threshold": self.thresholds.for_category(category),
            "model": self.model_name,
            "model_version": self.model_version,
        }
        if lost:
            evidence["overruled_codes"] = [dict(h.describe(), category=h.category) for h in lost]
        if excepted:
            evidence["excepted"] = {c: sorted(p) for c, p in sorted(excepted.items())}
        return evidence
