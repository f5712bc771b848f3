"""The embedded default backend: no download, multilingual, deterministic (see models/training)."""

from __future__ import annotations

from collections.abc import Sequence

from models.backends.base import TextPrediction
from models.document import Document
from models.embedded import NAME, EmbeddedModel
from models.fusion import Thresholds
from models.keywords import KeywordIndex
from models.taxonomy import Taxonomy


class EmbeddedBackend:
    """A `TextBackend` over an `EmbeddedModel`; its thresholds travel with it."""

    name = NAME

    def __init__(self, model: EmbeddedModel, taxonomy: Taxonomy, *, batch_size: int = 512) -> None:
        self.model = model
        self.version = model.version
        self.thresholds: Thresholds = model.thresholds
        self.index = KeywordIndex(taxonomy).warm()
        self.batch_size = batch_size

    def predict(self, documents: Sequence[Document]) -> list[TextPrediction]:
        out: list[TextPrediction] = []
        for start in range(0, len(documents), self.batch_size):
            batch = documents[start : start + self.batch_size]
            readings = self.model.read(batch, self.index)
            probabilities = self.model.probabilities(readings)
            for reading, row in zip(readings, probabilities, strict=True):
                scores = {label: float(p) for label, p in zip(self.model.labels, row, strict=True)}
                out.append(TextPrediction(scores, self.model.evidence(reading, row)))
        return out
