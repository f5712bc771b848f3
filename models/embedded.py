"""The embedded text model: n-gram logistic regression, keywords and a calibrating stacker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from models.document import Document
from models.features import hashed_ngrams, ngram_strings, vectorise
from models.fusion import Thresholds
from models.keywords import KeywordIndex
from models.linear import LinearModel
from models.signals import Reading, Stacker, feature_rows, read

EVIDENCE_FLOOR = 0.2  # categories scored below this get no evidence (it would not be shown)
NAME = "embedded"


@dataclass(frozen=True)
class EmbeddedModel:
    labels: tuple[str, ...]
    linear: LinearModel
    stacker: Stacker
    thresholds: Thresholds
    version: str
    meta: dict[str, Any] = field(default_factory=dict)

    def read(self, documents: Sequence[Document], index: KeywordIndex) -> list[Reading]:
        return [read(d, index) for d in documents]

    def logits(self, readings: Sequence[Reading]) -> np.ndarray:
        return self.linear.decision(vectorise([r.full.folded for r in readings]))

    def probabilities(self, readings: Sequence[Reading],
                      logits: np.ndarray | None = None) -> np.ndarray:
        if logits is None:
            logits = self.logits(readings)
        return self.stacker.probabilities(feature_rows(readings, logits, self.labels))

    def top_ngrams(self, reading: Reading, label: str, count: int = 3) -> list[str]:
        """The n-grams of the text that pushed hardest towards `label` (for evidence)."""
        column = self.labels.index(label)
        position = np.searchsorted(self.linear.columns, hashed_ngrams(reading.full.folded))
        position = np.clip(position, 0, len(self.linear.columns) - 1)
        grams = ngram_strings(reading.full.folded)
        known = self.linear.columns[position] == hashed_ngrams(reading.full.folded)
        weights = np.where(known, self.linear.weights[position, column], 0.0)
        best: list[str] = []
        for i in np.argsort(-weights, kind="stable"):
            gram = grams[i].strip()
            if weights[i] <= 0 or len(best) == count:
                break
            if len(gram) > 1 and not any(gram in b or b in gram for b in best):
                best.append(gram)
        return best

    def evidence(self, reading: Reading, probabilities: np.ndarray) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for label, p in zip(self.labels, probabilities, strict=True):
            if p < EVIDENCE_FLOOR:
                continue
            words = sorted(reading.keywords.get(label, ()))
            out[label] = words or self.top_ngrams(reading, label)
        return out
